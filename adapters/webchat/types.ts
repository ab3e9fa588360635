import { z } from 'zod';
import { isStorableId, storableId } from '../../bot/index.ts';

/** How many uploaded files one `message` frame may name (uploads.ts). */
export const MAX_FRAME_ATTACHMENTS = 4;

/** Frames the widget sends (see PROTOCOL.md). Parsed at the boundary; anything else is refused. */
export const ClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), userId: z.string().min(8).max(128).regex(/^[\w.:-]+$/), lang: z.string().max(16).refine(isStorableId).optional(), uiLang: z.string().max(35).refine(isStorableId).optional().catch(undefined), since: z.string().max(64).refine(isStorableId).optional() }),
  z.object({ type: z.literal('message'), clientId: storableId(128), text: z.string(), attachments: z.array(storableId(64)).max(MAX_FRAME_ATTACHMENTS).optional() }),
  z.object({ type: z.literal('choose'), clientId: storableId(128), entryId: storableId(200), title: z.string().min(1).max(500) }),
  z.object({ type: z.literal('feedback'), messageId: storableId(128), helpful: z.boolean() }),
  z.object({ type: z.literal('context'), clientId: storableId(128), entryId: storableId(200), unhelpful: z.boolean().optional(), note: z.string().max(500).optional() }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

/** A transcript message as the widget receives it. */
export interface WireMessage {
  id: string;
  seq: number;
  role: 'customer' | 'bot' | 'agent' | 'system';
  /** Plain text: the widget inserts it as text. */
  text: string;
  /** Sanitized HTML for bot and agent messages. */
  html?: string;
  lang?: string;
  suggestions?: Array<{ entryId: string; title: string }>;
  handoff?: boolean;
  /** Knowledge entry the message answers from, and the bot's confidence in it. */
  entryId?: string;
  confidence?: number;
  /** A reply from a conversation entry (small talk: "ok", "bye"): not an answer, so it is not rated. */
  smallTalk?: boolean;
  /** Photos and files sent with the message; `path` (on the chat server, with `?userId=`) where the widget can open it. */
  attachments?: WireAttachment[];
  /** The customer's rating of this answer, when they gave one (history only). */
  feedback?: boolean;
  /** The question asking for a 1-5 rating of the conversation, still unanswered: the widget shows star buttons. */
  ratingPrompt?: boolean;
  createdAt: string;
}

/** An attachment as the widget shows it: the file itself where the chat keeps it, else its mark. */
export interface WireAttachment {
  kind: string;
  name?: string;
  path?: string;
}

export type ServerFrame =
  | { type: 'history'; conversationId: string; lang: string; conversationLang?: string; messages: WireMessage[] }
  | { type: 'ack'; clientId: string; id: string }
  | { type: 'typing'; on: boolean }
  | { type: 'message'; message: WireMessage }
  | { type: 'error'; code: string; message: string; clientId?: string; messageId?: string }
  | { type: 'feedback'; messageId: string; helpful: boolean }
  | { type: 'pong' };
