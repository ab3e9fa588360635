/**
 * Shapes the widget works with. Frames come from the network, so every field is optional and
 * checked where it is read (PROTOCOL.md has the authoritative shapes).
 */

/** The four transcript roles; anything else is shown as a notice ("system"). */
export type Role = 'customer' | 'bot' | 'agent' | 'system';

/** A suggestion or starter topic: a knowledge entry offered as a button. */
export interface Topic {
  entryId?: string | number | null;
  title?: string | null;
}

/** A transcript message as the server sends it. */
export interface ServerMessage {
  id: string;
  seq?: number | string;
  role?: string;
  text?: string | null;
  html?: string;
  lang?: string;
  suggestions?: Topic[];
  handoff?: boolean;
  entryId?: string | null;
  feedback?: boolean | null;
  smallTalk?: boolean | null;
  ratingPrompt?: boolean;
  /** Photos and files (PROTOCOL.md, "Attachments"). */
  attachments?: Array<{ kind?: string; name?: string; path?: string }>;
  createdAt?: string;
}

/** Any frame from the server. */
export interface ServerFrame {
  type?: string;
  conversationId?: string;
  lang?: string;
  conversationLang?: string;
  messages?: unknown[];
  message?: ServerMessage;
  clientId?: string | number;
  id?: string | number;
  messageId?: string | number;
  helpful?: boolean;
  on?: boolean;
  code?: string;
}

/** A customer's message or chosen topic, kept until the server acknowledges it. */
export type OutboxItem =
  | { type: 'message'; clientId: string; text: string; attachments?: SentAttachment[] }
  | { type: 'choose'; clientId: string; entryId: string; title: string };

/** A file the customer attached, uploaded: the message names it by `ref`. */
export interface SentAttachment {
  ref: string;
  kind: string;
  name?: string;
}

/** What `enqueue()` takes: an outbox item before it has a client id. */
export type NewOutboxItem = { type: 'message'; text: string; attachments?: SentAttachment[] } | { type: 'choose'; entryId: string; title: string };

/** A row of the log: where it sorts (by seq) and its bubble. */
export type Row = HTMLElement & { kcSort: number; kcBubble?: HTMLElement };

/** The server's words and settings for one language (GET /webchat/config). */
export interface WidgetConfig {
  lang?: string;
  strings: Record<string, string>;
  maxMessageChars?: number;
  botName?: string;
  starters?: Topic[];
  helpArticles?: Array<{ title?: string | null; path?: unknown }>;
  uploads?: { maxBytes?: number; maxFiles?: number; types?: unknown };
}

/** The help-center article the chat was opened from. */
export interface ChatContext {
  entryId: string;
  unhelpful: boolean;
  note?: string;
}
