import type { AppConfig } from '../../app/config.ts';
import type { RunningApp } from '../../app/app.ts';
import type { HandoffPacket } from '../../bot/index.ts';
import { isFaqEntry, type LanguageAwareEmbeddings } from '../../knowledge/index.ts';
import type { SuiteTarget, TurnOutcome } from './target.ts';

/** The console account the in-process target's agent steps act as. */
const AGENT = { email: 'suite-agent@localhost', name: 'Suite agent', role: 'agent' as const };

/** Customer texts of a handoff packet's transcript (the Bot Framework activities from the user). */
export function packetCustomerTexts(packet: HandoffPacket): string[] {
  const attachment = packet.event.attachments?.find((a) => (a.content as { activities?: unknown })?.activities);
  const activities = (attachment?.content as { activities?: Array<{ from?: { role?: string }; text?: string }> } | undefined)?.activities ?? [];
  return activities.filter((a) => a.from?.role === 'user' && a.text).map((a) => a.text!);
}

/**
 * The whole product in this process (the composition root, `startApp`), driven without HTTP:
 * customer turns go to `bot.handle`, agent steps to the handoff desk, the clock of a turn is the
 * desk's clock (business hours). Its data folder should be a throwaway: the test conversations are
 * stored there like real ones.
 */
export async function inProcessTarget(config: AppConfig, o: { embeddings?: LanguageAwareEmbeddings; description?: string } = {}): Promise<SuiteTarget & { app: RunningApp }> {
  const { startApp } = await import('../../app/app.ts');
  let clock: Date | undefined;
  const app = await startApp({ ...config, port: 0, host: '127.0.0.1' }, { embeddings: o.embeddings, admin: { now: () => clock ?? new Date() } });
  let agentId: string | undefined;
  const agentUser = async () => {
    const existing = agentId ? await app.admin.users.byId(agentId) : await app.admin.users.byEmail(AGENT.email);
    const user = existing ?? await app.admin.users.create({ ...AGENT, password: `suite-${crypto.randomUUID()}` });
    agentId = user.id;
    return user;
  };
  return {
    app,
    kind: 'in-process',
    description: o.description ?? `in process: ${config.kbDir} (knowledge version ${app.knowledge.version ?? 'none'})`,
    unsupported: () => undefined,
    async say(input): Promise<TurnOutcome> {
      // The turn's own clock, or the real one: a turn without `at` is now.
      clock = input.at;
      const started = performance.now();
      const result = await app.bot.handle({
        type: 'message', conversation: { channel: input.channel, userId: input.userId }, externalId: `suite-${crypto.randomUUID()}`,
        from: { id: input.userId }, text: input.text, lang: input.lang, timestamp: input.at,
      });
      const latencyMs = performance.now() - started;
      return {
        conversationId: result.conversationId, lang: result.replies[0]?.lang ?? result.lang, handoff: result.handoff, latencyMs,
        replies: result.replies.map((r) => ({ text: r.text, lang: r.lang, entryId: r.entryId, confidence: r.confidence, suggestions: r.suggestions, handoff: r.handoff, role: r.role })),
      };
    },
    async agent(conversationId, action, text) {
      const user = await agentUser();
      if (action === 'claim') await app.admin.desk.claim(conversationId, user);
      else if (action === 'reply') await app.admin.desk.reply(conversationId, user, text ?? '');
      else await app.admin.desk.resolve(conversationId, user);
    },
    async handoffTranscript(conversationId) {
      const packet = (await app.store.handoffs(conversationId)).at(-1)?.packet as HandoffPacket | undefined;
      return packet && packetCustomerTexts(packet);
    },
    async entries() {
      return app.knowledge.entries().map((e) => ({ id: e.id, langs: e.variants.map((v) => v.lang), notFaq: !isFaqEntry(e) }));
    },
    close: () => app.close(),
  };
}
