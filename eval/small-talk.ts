import { z } from 'zod';
import type { InboundEvent } from '../bot/index.ts';
import { withEvalBot, type EvalBotPolicy } from './eval-bot.ts';

/** One small-talk message: what a customer writes, its language, and which kind of small talk it is. */
export interface SmallTalkExample {
  text: string;
  lang: string;
  /** greeting, thanks, goodbye, acknowledgement, laughter, praise, frustration, are-you-a-bot, what-can-you-do, who-are-you, chit-chat. */
  kind: string;
}

const Line = z.object({ text: z.string().min(1), lang: z.string().min(2).max(8), kind: z.string().min(1) });

/** Parse `eval/small-talk.jsonl` (JSON Lines of {text, lang, kind}). */
export function parseSmallTalk(content: string): SmallTalkExample[] {
  return content.split('\n').filter((l) => l.trim()).map((l, i) => {
    const parsed = Line.safeParse(JSON.parse(l));
    if (!parsed.success) throw new Error(`line ${i + 1}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}

/** What the bot did with one small-talk message, sent as the first message of a new conversation. */
export interface SmallTalkOutcome extends SmallTalkExample {
  /** handoff; conversation (a conversation entry answered); faq (an FAQ entry answered); other (clarify, not understood, a built-in phrase). */
  outcome: 'handoff' | 'conversation' | 'faq' | 'other';
  /** The entry answered, if any. */
  entryId?: string;
  reply: string;
}

export interface SmallTalkReport {
  total: number;
  handedOff: number;
  /** Per language: messages, handed off, answered by a conversation entry, answered from the FAQ. */
  byLang: Record<string, { total: number; handedOff: number; conversation: number; faq: number }>;
  outcomes: SmallTalkOutcome[];
}

/**
 * Send every small-talk message as the first message of its own conversation to the real bot
 * (real store, language detector, matcher and policy) over the knowledge folder `kbDir`, with
 * the bundled conversation entries unless `conversationEntries` is false, and count handoffs.
 * The widget's language (`data-lang`) is given as the event's language, as the web chat does.
 * `afterFailure`: first send this message, which the bot does not understand, in the same
 * conversation: the small talk then comes with one failed attempt counted, and with the default
 * policy (two in a row hand off) any of it not read as small talk is handed off.
 */
export async function runSmallTalk(o: {
  examples: SmallTalkExample[]; kbDir: string; cacheDir: string; conversationEntries?: boolean;
  policy: EvalBotPolicy;
  afterFailure?: string;
}): Promise<SmallTalkReport> {
  return withEvalBot(o, async (bot, kb) => {
    const outcomes: SmallTalkOutcome[] = [];
    for (const [i, ex] of o.examples.entries()) {
      const event: InboundEvent = { type: 'message', conversation: { channel: 'eval', userId: `small-talk-${i}` }, externalId: `small-talk-${i}`, from: { id: `u${i}` }, text: ex.text, lang: ex.lang };
      if (o.afterFailure !== undefined) {
        const failed = await bot.handle({ ...event, externalId: `small-talk-${i}-miss`, text: o.afterFailure });
        if (failed.handoff || failed.replies[0]?.entryId) throw new Error(`"${o.afterFailure}" is not a message the bot fails to understand (${ex.lang})`);
      }
      const r = await bot.handle(event);
      const first = r.replies[0];
      const entry = first?.entryId ? kb.entry(first.entryId) : undefined;
      const outcome = r.handoff ? 'handoff' : entry ? (entry.kind === 'conversation' ? 'conversation' : 'faq') : 'other';
      outcomes.push({ ...ex, outcome, entryId: first?.entryId, reply: first?.text ?? '' });
    }
    const byLang: SmallTalkReport['byLang'] = {};
    for (const x of outcomes) {
      const b = (byLang[x.lang] ??= { total: 0, handedOff: 0, conversation: 0, faq: 0 });
      b.total++;
      if (x.outcome === 'handoff') b.handedOff++;
      if (x.outcome === 'conversation') b.conversation++;
      if (x.outcome === 'faq') b.faq++;
    }
    return { total: outcomes.length, handedOff: outcomes.filter((x) => x.outcome === 'handoff').length, byLang, outcomes };
  });
}

/**
 * The report as a table: per language, how many small-talk messages were handed off on the first
 * message, answered by a conversation entry or from the FAQ, or neither: clarified or not
 * understood, each a failed attempt, a step toward a handoff.
 */
export function formatSmallTalk(r: SmallTalkReport): string {
  const lines = ['lang  messages  handed off  conversation entry  FAQ answer  clarified or not understood', ...Object.entries(r.byLang).map(([lang, b]) =>
    `${lang.padEnd(4)}  ${String(b.total).padStart(8)}  ${String(b.handedOff).padStart(10)}  ${String(b.conversation).padStart(18)}  ${String(b.faq).padStart(10)}  ${String(b.total - b.handedOff - b.conversation - b.faq).padStart(27)}`)];
  lines.push(`all   ${String(r.total).padStart(8)}  ${String(r.handedOff).padStart(10)}`);
  return lines.join('\n');
}
