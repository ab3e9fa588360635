import type { MatchCandidate } from '../knowledge/index.ts';
import type { StoredMessage } from './types.ts';

/**
 * How much more likely an entry on the customer's screen is, right after an FAQ answer, than its
 * match alone says: its odds are multiplied by this. Customers lean on the answer they just read
 * ("and how long does that take?", "能分期不"), and what they lean on is that answer or an entry
 * offered under it. On the dev files (eval/follow-ups-dev.jsonl, and the sample's dev questions
 * each asked right after another one) 2, 3 and 4 gave nearly the same figures; 3 is the middle.
 */
export const FOLLOW_UP_ODDS = 3;

/**
 * The FAQ answer the customer sees last: the bot's newest reply that counts, when it answers an
 * entry. `recent` are the messages before this one, newest first (Bot.lastExchange); small talk
 * in between ("ok thanks" and its reply, where `passesOver` holds for the reply's entry) leaves the
 * answer on screen. Undefined when the newest reply that counts is no FAQ answer: a clarification,
 * "not understood", a handoff, a notice.
 */
export function answerOnScreen(recent: readonly StoredMessage[], isConversation: (entryId: string) => boolean, passesOver: (entryId: string) => boolean = isConversation): StoredMessage | undefined {
  for (const m of recent) {
    if (m.role === 'customer') continue;
    if (m.role === 'bot' && m.entryId && !m.handoff && isConversation(m.entryId)) {
      if (passesOver(m.entryId)) continue;
      return undefined;
    }
    return m.role === 'bot' && m.entryId && !m.handoff ? m : undefined;
  }
  return undefined;
}

/**
 * The entries a customer sees right after an FAQ answer (answerOnScreen): the answered entry and
 * the suggestions under it.
 */
export function entriesOnScreen(recent: readonly StoredMessage[], isConversation: (entryId: string) => boolean, passesOver: (entryId: string) => boolean = isConversation): Set<string> | undefined {
  const answer = answerOnScreen(recent, isConversation, passesOver);
  return answer && new Set([answer.entryId!, ...(answer.suggestions ?? []).map((s) => s.entryId)]);
}

/**
 * The candidates as they rank for a message read as a follow-up: the odds of each FAQ entry on
 * screen multiplied by `odds` (confidence c becomes c·odds / (1 − c + c·odds)), then sorted by
 * confidence, most confident first. Conversation entries are left as they are.
 */
export function inContext(candidates: readonly MatchCandidate[], onScreen: ReadonlySet<string>, isConversation: (entryId: string) => boolean, odds = FOLLOW_UP_ODDS): MatchCandidate[] {
  return candidates.map((c) => {
    if (!onScreen.has(c.entryId) || isConversation(c.entryId)) return c;
    const lifted = (c.confidence * odds) / (1 - c.confidence + c.confidence * odds);
    return { ...c, confidence: lifted };
  }).sort((a, b) => b.confidence - a.confidence);
}

/**
 * How high among each message's own candidates the entry of two messages read as one must rank:
 * a question sent in two parts ("how do I" / "return an item") points at its entry from both.
 */
export const CONTINUATION_TOP = 3;

/**
 * The customer's previous message, when the bot neither answered it nor handed off (it clarified
 * or did not understand): `replies` are the bot's messages since it, newest first, as
 * Bot.lastExchange reads them.
 */
export function unansweredBefore(exchange: { replies: readonly StoredMessage[]; question?: StoredMessage }): StoredMessage | undefined {
  const { replies, question } = exchange;
  if (!question || !replies.some((m) => m.role === 'bot') || replies.some((m) => m.entryId || m.handoff)) return undefined;
  return question;
}

/**
 * Whether the previous message and this one read as one question: the first FAQ candidate of both
 * together (`joined`) is more confident than this message's own first, is among the first
 * CONTINUATION_TOP FAQ candidates of each message alone (`alone`, `before`), and first for one of
 * them. A different question after one the bot missed keeps its own reading: its candidates lack
 * the missed question's entry, or rank it low.
 */
export function continues(joined: readonly MatchCandidate[], alone: readonly MatchCandidate[], before: readonly MatchCandidate[], isConversation: (entryId: string) => boolean): boolean {
  const faq = (cs: readonly MatchCandidate[]) => cs.filter((c) => !isConversation(c.entryId));
  const top = joined[0];
  if (!top || isConversation(top.entryId)) return false;
  const own = faq(alone)[0];
  if (own && own.confidence >= top.confidence) return false;
  const near = (cs: readonly MatchCandidate[]) => faq(cs).slice(0, CONTINUATION_TOP).some((c) => c.entryId === top.entryId);
  const first = (cs: readonly MatchCandidate[]) => faq(cs)[0]?.entryId === top.entryId;
  return near(alone) && near(before) && (first(alone) || first(before));
}
