import type { TurnDecision } from './conversation-store.ts';
import type { Turn } from './bot.ts';

/**
 * What the policy did with a turn's customer message, for analytics (recorded with the first
 * reply, in its transaction). Undefined for turns that are not a question to the bot: a
 * rating, "restart", a greeting answered by the platform, a message while queued that the bot
 * did not answer.
 */
export function turnDecision(turn: Turn): TurnDecision | undefined {
  // A question in a language the knowledge base lacks counts under that language: analytics then
  // show which languages customers ask in that the knowledge base does not answer.
  const lang = turn.unsupportedLang ?? turn.lang;
  if (turn.handoff) return { zone: 'handoff', reason: turn.handoff.reason, confidence: turn.match?.candidates[0]?.confidence, lang };
  switch (turn.outcome) {
    case 'clarify': return { zone: 'clarify', confidence: turn.match?.candidates[0]?.confidence, entryId: turn.nearest?.entryId, lang };
    case 'not-understood': return { zone: 'fallback', confidence: turn.match?.candidates[0]?.confidence, lang };
    case 'conversation': {
      const r = turn.replies.find((m) => m.entryId);
      return { zone: 'conversation', entryId: r?.entryId, confidence: r?.confidence, lang };
    }
    case undefined:
    case 'queued': {
      const answer = turn.replies.find((m) => m.role === 'bot' && m.entryId && !m.handoff);
      return answer ? { zone: 'answer', entryId: answer.entryId, confidence: answer.confidence, lang } : undefined;
    }
    default: return undefined;
  }
}
