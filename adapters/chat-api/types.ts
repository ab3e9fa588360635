import { z } from 'zod';
import { storableId } from '../../bot/index.ts';

/** A `POST /api/chat` body. Parsed at the boundary; anything else is a 400. */
export const ChatRequest = z.object({
  userId: storableId(128),
  text: z.string(),
  lang: z.string().max(64).optional(),
  /** Caller's id for this message; a retry with the same id is answered once. */
  messageId: storableId(128).optional(),
  /** Ask for this entry directly (a suggestion the client showed). */
  entryId: storableId(200).optional(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

/** A `POST /api/chat/feedback` body: a verdict on one bot answer. */
export const FeedbackRequest = z.object({
  conversationId: storableId(128),
  /** The bot reply's `id` from a `POST /api/chat` answer. */
  messageId: storableId(128),
  helpful: z.boolean(),
}).strict();
export type FeedbackRequest = z.infer<typeof FeedbackRequest>;

/** One bot reply as the chat API returns it. */
export interface ChatReply {
  /** Name it in `POST /api/chat/feedback`. */
  id: string;
  text: string;
  markdown: string;
  html: string;
  lang?: string;
  entryId?: string;
  confidence?: number;
  /** A reply from a conversation entry (small talk): `POST /api/chat/feedback` refuses to rate it. */
  smallTalk?: true;
  /** Entries to offer as buttons; `starter` marks the most asked ones, offered to browse when nothing matched. */
  suggestions?: Array<{ entryId: string; title: string; starter?: true }>;
  handoff?: true;
}

/** The `POST /api/chat` answer. */
export interface ChatResponse {
  conversationId: string;
  /** The language actually used: a language without content is answered in the fallback. */
  lang: string;
  /** The request's language, when the answer is in another: the knowledge base lacks it, or the customer wrote in another. */
  requestedLang?: string;
  handoff: boolean;
  /** A repeat of an answered message: its stored replies, not a second answer. */
  duplicate?: true;
  replies: ChatReply[];
}
