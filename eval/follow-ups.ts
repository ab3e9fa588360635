import { z } from 'zod';
import type { InboundEvent, TurnReport } from '../bot/index.ts';
import { questionChunks, seededRandom, UNSPACED_SCRIPT, words } from '../knowledge/index.ts';
import { OOS } from './dataset.ts';
import { withEvalBot, type EvalBotPolicy } from './eval-bot.ts';

/**
 * A message that comes right after another: the customer wrote `context` (whose entry is
 * `contextLabel`), then `text`, which `label` answers. After an answer (the bot's, or the entry
 * pressed when the bot did not answer): `follow-up` leans on it ("and how long does that take?"),
 * `new` asks something else, whole. Whatever the bot did with `context`, never pressed:
 * `fragment`, the second part of one question sent in two; `after-miss`, another question.
 */
export interface FollowUpExample {
  lang: string;
  context: string;
  contextLabel: string;
  text: string;
  label: string;
  kind: FollowUpKind;
}

export type FollowUpKind = 'follow-up' | 'new' | 'fragment' | 'after-miss';

/** Kinds whose context is sent as it is, answered or not: the second message's reading counts only where the bot did not answer the first. */
const UNPRESSED: ReadonlySet<FollowUpKind> = new Set(['fragment', 'after-miss']);

const Line = z.object({
  lang: z.string().min(2).max(8), context: z.string().min(1), contextLabel: z.string().min(1), text: z.string().min(1), label: z.string().min(1), kind: z.enum(['follow-up', 'new', 'fragment', 'after-miss']),
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
      if (!contextAnswered && !UNPRESSED.has(ex.kind)) {
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
 * many context questions the bot answered itself and how many went to a person (left out). A
 * `fragment` or `after-miss` whose first message the bot answered is left out too: its second
 * message came after an answer.
 */
export function formatFollowUps(results: readonly FollowUpResult[]): string {
  const lines = [`kind        lang  messages  ${COLUMNS.join('  ')}`];
  const groups = new Map<string, FollowUpResult[]>();
  const asked = results.filter((r) => !r.contextHandedOff && !(UNPRESSED.has(r.kind) && r.contextAnswered));
  for (const r of asked) for (const key of [`${r.kind}\0${r.lang}`, `${r.kind}\0all`]) (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
  for (const [key, rs] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [kind, lang] = key.split('\0') as [string, string];
    const share = (o: FollowUpOutcome) => `${(100 * rs.filter((r) => r.outcome === o).length / rs.length).toFixed(1)}%`.padStart(o.length);
    lines.push(`${kind.padEnd(10)}  ${lang.padEnd(4)}  ${String(rs.length).padStart(8)}  ${COLUMNS.map(share).join('  ')}`);
  }
  const handedOff = results.filter((r) => r.contextHandedOff).length;
  const afterAnswer = results.filter((r) => UNPRESSED.has(r.kind) && r.contextAnswered).length;
  lines.push(`first messages answered with their entry: ${results.filter((r) => r.contextAnswered).length} of ${results.length} (the others pressed, for follow-up and new); left out: ${handedOff} handed off, ${afterAnswer} fragment or after-miss answered`);
  return lines.join('\n');
}

/**
 * Questions of an eval dataset (`{text, label, lang}`, in scope) sent in two messages, as customers
 * who press Enter early do: at the first clause break (questionChunks), and in the middle of the
 * words of any question of four words or more.
 */
export function splitQuestions(examples: ReadonlyArray<{ text: string; label: string; lang: string }>): FollowUpExample[] {
  const out: FollowUpExample[] = [];
  for (const e of examples) {
    if (e.label === OOS) continue;
    const part = (context: string, text: string) => context.trim() && text.trim() && out.push({ lang: e.lang, context: context.trim(), contextLabel: e.label, text: text.trim(), label: e.label, kind: 'fragment' });
    const [first] = questionChunks(e.text, e.lang);
    if (first) {
      const at = e.text.indexOf(first) + first.length;
      part(e.text.slice(0, at), e.text.slice(at).replace(/^[\p{P}\s]+/u, ''));
    }
    const ws = words(e.text, e.lang);
    if (ws.length >= 4) {
      const half = Math.floor(ws.length / 2);
      const sep = UNSPACED_SCRIPT.test(ws[0]!) ? '' : ' ';
      part(ws.slice(0, half).join(sep), ws.slice(half).join(sep));
    }
  }
  return out;
}

/**
 * Every question of an eval dataset asked right after another of the same language and another
 * entry (seeded, the same pairs on every run): with `after-miss`, only the second message's own
 * reading should count where the bot missed the first.
 */
export function afterOtherQuestions(examples: ReadonlyArray<{ text: string; label: string; lang: string }>, seed = 11): FollowUpExample[] {
  const random = seededRandom(seed);
  const inScope = examples.filter((e) => e.label !== OOS);
  return examples.flatMap((e) => {
    const pool = inScope.filter((p) => p.lang === e.lang && p.label !== e.label);
    const p = pool[Math.floor(random() * pool.length)];
    return p ? [{ lang: e.lang, context: p.text, contextLabel: p.label, text: e.text, label: e.label, kind: 'after-miss' as const }] : [];
  });
}
