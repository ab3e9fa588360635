/**
 * The event kinds the bot core and the handoff desk write (the help center writes `help.*`).
 * docs/METRICS.md says which figure reads which kind.
 */
export const EVENT = {
  /** A customer's visit began: their first message, or the first after SESSION_GAP_MINUTES of silence while the bot held the conversation. */
  conversationStarted: 'conversation.started',
  /** What the bot did with one customer message: data { zone, confidence?, reason? }, entryId for an answer. */
  botDecision: 'bot.decision',
  /** bot → queued: data { reason } (asked-for-human, low-confidence, repeated-failure, keyword). */
  handoffRequested: 'handoff.requested',
  /** queued → agent: data { agent }. */
  handoffClaimed: 'handoff.claimed',
  /** agent → queued. */
  handoffReleased: 'handoff.released',
  /** queued → bot (the customer left the queue). */
  handoffCancelled: 'handoff.cancelled',
  /** agent → resolved: data { agent }. */
  handoffResolved: 'handoff.resolved',
  /** An agent's message to the customer: data { agent? }. */
  agentReplied: 'agent.replied',
  /** A 1-5 satisfaction rating: data { score }. */
  rating: 'rating',
  /** A helpful / not-helpful verdict on a bot answer: data { helpful, previous? }, entryId of the answer. */
  feedback: 'feedback',
  /** Help center (written by the help center): an article read (entryId). */
  helpView: 'help.view',
  /** Help center: a search, data { query, results, matched }. */
  helpSearch: 'help.search',
  /** Help center: "was this helpful?" on an article, data { helpful, reason? }. */
  helpVote: 'help.vote',
} as const;

/** Where the policy put one customer message. */
export type DecisionZone = 'answer' | 'clarify' | 'conversation' | 'fallback' | 'handoff';

/** A customer's silence (while the bot holds the conversation) after which their next message starts a new visit. */
export const SESSION_GAP_MINUTES = 30;
