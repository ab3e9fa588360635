import { z } from 'zod';
import type { InboundEvent, TurnReport } from '../bot/index.ts';
import { withEvalBot, type EvalBotPolicy } from './eval-bot.ts';

/**
 * A message that comes right after an answer: the customer asked `context` (answered with the
 * entry `contextLabel`), then wrote `text`, which `label` answers. `follow-up`: the text leans on
 * the answer ("and how long does that take?"); `new`: it asks something else, whole.
 */
export interface FollowUpExample {
  lang: string;
  context: string;
  contextLabel: string;
  text: string;
  label: string;
  kind: 'follow-up' | 'new';
}

const Line = z.object({
  lang: z.string().min(2).max(8), context: z.string().min(1), contextLabel: z.string().min(1), text: z.string().min(1), label: z.string().min(1), kind: z.enum(['follow-up', 'new']),
});

/** Parse `eval/follow-ups-*.jsonl` (JSON Lines of FollowUpExample; other fields are ignored). */
export function parseFollowUps(content: string): FollowUpExample[] {
  return content.split('\n').filter((l) => l.trim()).map((l, i) => {
    const parsed = Line.safeParse(JSON.parse(l));
    if (!parsed.success) throw new Error(`line ${i + 1}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}

/** What the bot did with the second message. `clarified-right`: the right entry was among the suggestions. */
export type FollowUpOutcome = 'right' | 'wrong' | 'clarified-right' | 'clarified-wrong' | 'not-understood' | 'conversation' | 'handoff';

export interface FollowUpResult extends FollowUpExample {
  outcome: FollowUpOutcome;
  /** The entry answered or offered first. */
  entryId?: string;
  /** Whether the bot answered the context question with its entry itself (else the customer pressed it). */
  contextAnswered: boolean;
  /**
   * The context question itself went to a person ("how can I reach someone?" read as asking for
   * one): the second message then reaches a queued conversation, so it is left out of the shares.
   */
  contextHandedOff: boolean;
}

/**
 * Each example in a conversation of its own with the real bot over the knowledge folder `kbDir`:
 * the context question, then, when the bot did not answer it with `contextLabel`, the customer
 * presses that entry (as a suggestion or a related link), so that every second message comes
 * right after that answer; then the second message. The widget's language is the event's.
 */
export async function runFollowUps(o: { examples: FollowUpExample[]; kbDir: string; cacheDir: string; policy: EvalBotPolicy }): Promise<FollowUpResult[]> {
  // The newest turn's report: what the bot did when it neither answered nor handed off.
  const heard: { last?: TurnReport } = {};
  const lastOutcome = (): TurnReport['outcome'] => heard.last?.outcome;
  return withEvalBot({ ...o, onTurn: (t) => { heard.last = t; } }, async (bot, kb) => {
    const results: FollowUpResult[] = [];
    for (const [i, ex] of o.examples.entries()) {
      const event = (n: number, text: string): InboundEvent => ({ type: 'message', conversation: { channel: 'eval', userId: `follow-up-${i}` }, externalId: `follow-up-${i}-${n}`, from: { id: `u${i}` }, text, lang: ex.lang });
      const first = await bot.handle(event(1, ex.context));
      if (first.handoff) {
        results.push({ ...ex, outcome: 'handoff', contextAnswered: false, contextHandedOff: true });
        continue;
      }
      const contextAnswered = first.replies[0]?.entryId === ex.contextLabel;
      if (!contextAnswered) {
        const title = kb.variant(ex.contextLabel, kb.searchLanguage(ex.lang))?.question;
        if (!title) throw new Error(`no entry "${ex.contextLabel}" in ${ex.lang}`);
        await bot.handle({ ...event(2, title), type: 'choose', choice: { entryId: ex.contextLabel, title } });
      }
      heard.last = undefined;
      const r = await bot.handle(event(3, ex.text));
      const reply = r.replies[0];
      const entry = reply?.entryId ? kb.entry(reply.entryId) : undefined;
      const offered = (reply?.suggestions ?? []).map((s) => s.entryId);
      const outcome: FollowUpOutcome = r.handoff ? 'handoff'
        : entry?.kind === 'conversation' ? 'conversation'
        : entry ? (entry.id === ex.label ? 'right' : 'wrong')
        : lastOutcome() !== 'clarify' ? 'not-understood'
        : offered.includes(ex.label) ? 'clarified-right' : 'clarified-wrong';
      results.push({ ...ex, outcome, entryId: entry?.id ?? offered[0], contextAnswered, contextHandedOff: false });
    }
    return results;
  });
}

const COLUMNS: FollowUpOutcome[] = ['right', 'wrong', 'clarified-right', 'clarified-wrong', 'not-understood', 'conversation', 'handoff'];

/**
 * Per kind and language, each outcome's share of the second messages (%), as a table, then how
 * many context questions the bot answered itself and how many went to a person (left out).
 */
export function formatFollowUps(results: readonly FollowUpResult[]): string {
  const lines = [`kind       lang  messages  ${COLUMNS.join('  ')}`];
  const groups = new Map<string, FollowUpResult[]>();
  const asked = results.filter((r) => !r.contextHandedOff);
  for (const r of asked) for (const key of [`${r.kind}\0${r.lang}`, `${r.kind}\0all`]) groups.set(key, [...groups.get(key) ?? [], r]);
  for (const [key, rs] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [kind, lang] = key.split('\0') as [string, string];
    const share = (o: FollowUpOutcome) => `${(100 * rs.filter((r) => r.outcome === o).length / rs.length).toFixed(1)}%`.padStart(o.length);
    lines.push(`${kind.padEnd(9)}  ${lang.padEnd(4)}  ${String(rs.length).padStart(8)}  ${COLUMNS.map(share).join('  ')}`);
  }
  lines.push(`context questions answered with their entry: ${asked.filter((r) => r.contextAnswered).length} of ${results.length} (else pressed); handed off, left out: ${results.length - asked.length}`);
  return lines.join('\n');
}
