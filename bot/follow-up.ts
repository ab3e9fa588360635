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
 * The entries a customer sees right after an FAQ answer: the answered entry and the suggestions
 * under it. Undefined when the bot's newest reply (`replies`, newest first, as Bot.lastExchange
 * reads them) is no FAQ answer: small talk, a clarification, a handoff, or a notice after it.
 */
export function entriesOnScreen(replies: readonly StoredMessage[], isConversation: (entryId: string) => boolean): Set<string> | undefined {
  const newest = replies.find((m) => m.role !== 'bot' || m.entryId);
  if (!newest || newest.role !== 'bot' || !newest.entryId || newest.handoff || isConversation(newest.entryId)) return undefined;
  return new Set([newest.entryId, ...(newest.suggestions ?? []).map((s) => s.entryId)]);
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
