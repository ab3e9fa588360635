/** Canonical, channel-neutral types. Channel-specific data only ever lives in `raw`. */

/** Where a conversation lives on a channel: enough for an adapter to send into it. */
export interface ConversationRef {
  /** Adapter's channel id, e.g. "webchat", "sms". */
  channel: string;
  /** The customer's address on that channel (socket user id, phone number, PSID…). */
  userId: string;
  /** Channel-side conversation or thread id, when the channel has one. */
  threadId?: string;
}

/** A customer suggestion the bot offers: pressing it asks for that entry. */
export interface Suggestion {
  entryId: string;
  title: string;
  /** A starter topic (one of the most asked entries), offered to browse, not matched to what the customer wrote. */
  starter?: true;
}

/** What an adapter turns an inbound webhook or socket frame into. */
/**
 * Something a customer sent besides text: a photo, a voice note, a file, a location. The bot cannot
 * read it; it is stored with the message so that the agent who takes over sees it.
 */
export interface Attachment {
  kind: 'image' | 'audio' | 'video' | 'file' | 'sticker' | 'location';
  /** Where an agent can open it (the provider's link; some need the provider's credentials). */
  url?: string;
  /** The provider's id of the media, when it gives no link (the WhatsApp Cloud API). */
  ref?: string;
  mime?: string;
  name?: string;
}

export interface InboundEvent {
  type: 'message' | 'choose' | 'delivery' | 'read' | 'opt-out' | 'opt-in' | 'unknown';
  conversation: ConversationRef;
  /** Provider's id for this delivery; the dedupe key together with the channel. */
  externalId: string;
  from: { id: string; name?: string };
  text?: string;
  /** Photos, voice notes, files, locations sent with (or instead of) the text. */
  attachments?: Attachment[];
  /** Set for `choose`: the suggestion the customer picked. */
  choice?: Suggestion;
  /** Language hint from the client (page language, explicit request). */
  lang?: string;
  /**
   * The language the customer's screen is in where nobody chose one (the browser's, as the web
   * chat widget's own words are): weaker than `lang` and than the text, it decides only what the
   * text cannot, a first message that names no language ("qwv zzkx plorb") or no Chinese script ("你好").
   */
  uiLang?: string;
  timestamp?: Date;
  /** The untouched provider payload. Nothing outside adapters/ may read it. */
  raw?: unknown;
}

/** One reply the bot (or an agent) sends, before any channel formatting. */
export interface OutboundMessage {
  /** Markdown text. */
  text: string;
  role: 'bot' | 'agent' | 'system';
  lang: string;
  /** The knowledge entry this answers from (same id for every language variant). */
  entryId?: string;
  confidence?: number;
  suggestions?: Suggestion[];
  /** True on the message that tells the customer a person will take over. */
  handoff?: boolean;
}

/** A message as stored in the transcript. */
export interface StoredMessage {
  id: string;
  conversationId: string;
  seq: number;
  role: 'customer' | 'bot' | 'agent' | 'system';
  text: string;
  lang?: string;
  channel: string;
  entryId?: string;
  confidence?: number;
  suggestions?: Suggestion[];
  handoff?: boolean;
  /** What the customer sent besides the text. */
  attachments?: Attachment[];
  createdAt: Date;
}

/** A person we talk to, possibly on several channels. */
export interface Customer {
  id: string;
  displayName?: string;
  lang?: string;
  createdAt: Date;
}

/** Who owns a conversation: the bot, the human queue, an agent, or nobody after resolution. */
export type Ownership = 'bot' | 'queued' | 'agent' | 'resolved';

export interface Conversation {
  id: string;
  customerId: string;
  /** Channel of the latest customer message. */
  channel: string;
  status: Ownership;
  lang?: string;
  /** Consecutive customer questions the bot could not answer. */
  failedAttempts: number;
  /** The agent (user id) holding the conversation while its status is `agent`. */
  assignee?: string;
  /** When it joined the human queue (set while `queued`): the queue is ordered by it. */
  queuedAt?: Date;
  /** Set when nobody claimed it in time; cleared when it leaves the queue. */
  flaggedAt?: Date;
  /** Set when the customer was asked for a 1-5 rating that has not come yet. */
  ratingRequestedAt?: Date;
  /** When the customer last wrote: a message after SESSION_GAP_MINUTES of silence starts a new visit. */
  lastCustomerAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** Minimal structured logger the composition root provides. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
