import type { HandleResult } from '../../bot/index.ts';
import { renderHtml, renderPlainText } from '../../knowledge/index.ts';
import type { ChatResponse } from './types.ts';

/**
 * The bot's result as the `POST /api/chat` answer: every reply as plain text, its Markdown and
 * sanitized HTML, so any client shows it without a renderer of its own. `requested` is the
 * request's language, named back when the answer is in another. `isSmallTalk` marks replies
 * from conversation entries ("thanks", "bye"): answers, but not ones to rate.
 */
export function toChatResponse(result: HandleResult, requested: string | undefined, isSmallTalk?: (entryId: string) => boolean): ChatResponse {
  // The language actually used: a language without content is answered in the fallback.
  const used = result.replies[0]?.lang ?? result.lang;
  return {
    conversationId: result.conversationId,
    lang: used,
    requestedLang: requested !== undefined && requested !== used ? requested : undefined,
    handoff: result.handoff,
    duplicate: result.duplicate || undefined,
    replies: result.replies.map((r) => ({
      id: r.id,
      text: renderPlainText(r.text),
      markdown: r.text,
      html: renderHtml(r.text),
      lang: r.lang,
      entryId: r.entryId,
      confidence: r.confidence,
      smallTalk: (r.entryId && isSmallTalk?.(r.entryId)) || undefined,
      suggestions: r.suggestions,
      handoff: r.handoff || undefined,
    })),
  };
}
