import type { ConversationRef, InboundEvent, StoredMessage } from '../bot/index.ts';

/** What a channel can show, so formatting degrades gracefully and bot/ never asks "which channel?". */
export interface ChannelCapabilities {
  /** How answers' Markdown is delivered: sanitized HTML, or plain text. */
  markup: 'html' | 'plain' | 'markdown';
  /** Most suggestions the channel can show as tappable choices (0: render them as text). */
  maxSuggestions: number;
  /** Longest text the channel accepts in one message. */
  maxTextLength: number;
  /** Whether the channel can show a typing indicator. */
  typingIndicator: boolean;
  /**
   * How suggestions reach the customer: tappable buttons / quick replies, or numbered text lines
   * the customer answers with "1", "2", "3". Default "buttons".
   */
  suggestionStyle?: 'buttons' | 'numbered-text';
  /**
   * Hours after the customer's last message during which free-form messages may be sent
   * (WhatsApp, Messenger: 24). Undefined: the channel has no such window.
   */
  messagingWindowHours?: number;
  /**
   * How files an agent sends reach the customer: `hosted`, shown from this server (the web chat);
   * `link`, fetched by the provider from the server's PUBLIC_URL; undefined, the channel carries none.
   */
  files?: 'hosted' | 'link';
}

export interface SendResult {
  messageId: string;
  ok: boolean;
  /** Provider's id for the sent message, when it gives one (the first part's, when split). */
  providerId?: string;
  /** Provider ids of every part, when the message was split. */
  providerIds?: string[];
  error?: string;
  /** When not ok: whether sending again later could succeed (the provider was down or throttling). */
  retryable?: boolean;
}

/** The shape every channel adapter shares. */
export interface ChannelAdapter {
  readonly channel: string;
  readonly capabilities: ChannelCapabilities;
  /**
   * Delivers only to customers connected right now (the web chat's sockets); the transcript,
   * shown on reconnect, is the durable copy, so replies skip the outbox. Default false: replies
   * are sent from the outbox, with retries, once each.
   */
  readonly live?: boolean;
  /** Deliver stored messages (bot or agent replies) into a conversation on this channel. */
  send(ref: ConversationRef, messages: StoredMessage[]): Promise<SendResult[]>;
  /**
   * Show the customer their message arrived and an answer is coming (mark as read, typing).
   * Only adapters whose `capabilities.typingIndicator` is true implement it.
   */
  acknowledge?(ref: ConversationRef, event: InboundEvent): Promise<void>;
  /**
   * A photo, voice note or file a customer sent, by the provider's media id (an attachment's `ref`),
   * for an agent to open: for providers that give no link the agent's browser could follow.
   * Undefined when the provider no longer has it.
   */
  media?(ref: string): Promise<MediaContent | undefined>;
}

/** Media fetched from a provider (ChannelAdapter.media). */
export interface MediaContent {
  bytes: Buffer;
  /** As the provider gives it. */
  contentType: string;
}

/** Canonical delivery states, in the order a message moves through them. */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/**
 * One thing a webhook told us. Parsers turn every entry/change/message of a batch into items;
 * the runtime decides what each means (answer, record, ignore).
 */
export type WebhookItem =
  /** A customer message or a picked suggestion: answered by the bot. `phone` (E.164) links channels. */
  | { kind: 'event'; event: InboundEvent; phone?: string }
  /** A keyword the platform reserves (STOP/START/HELP): recorded, never answered by the FAQ. */
  | { kind: 'control'; action: 'opt-out' | 'opt-in' | 'help'; event: InboundEvent; phone?: string }
  /** A delivery report for one sent message. */
  | { kind: 'status'; channel: string; providerId: string; status: DeliveryStatus; error?: string }
  /** "Everything up to this time was delivered/read" (Messenger's watermarks). */
  | { kind: 'watermark'; channel: string; userId: string; status: 'delivered' | 'read'; watermark: Date }
  /** An emoji reaction on a message we sent (`providerId`, the provider's id of it); none when taken back. */
  | { kind: 'reaction'; channel: string; userId: string; providerId: string; emoji?: string }
  /** Understood but not for us (echoes, unknown types): logged and acknowledged. */
  | { kind: 'ignored'; channel: string; reason: string; type?: string };

/** A webhook request as adapters see it: framework-free, with the raw bytes signatures cover. */
export interface WebhookRequest {
  method: string;
  /** The URL the provider called, as it knows it (PUBLIC_URL + path and query behind a proxy). */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  query: URLSearchParams;
  body: Buffer;
}

/** Outcome of checking a webhook's signature or token. */
export type VerifyResult = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/** The inbound side of a channel: the HTTP endpoint a provider calls. */
export interface WebhookEndpoint {
  /** Name for logs, e.g. "twilio". */
  readonly name: string;
  /** Route for messages (and the GET subscription check, if any). */
  readonly path: string;
  /** Extra route for delivery status callbacks, when the provider uses a separate one. */
  readonly statusPath?: string;
  /** Answer the provider's GET subscription check (hub.challenge). Absent: GET is not served. */
  challenge?(query: URLSearchParams): { status: number; body: string };
  /** Check the signature over the raw bytes, in constant time. */
  verify(req: WebhookRequest): VerifyResult | Promise<VerifyResult>;
  /**
   * Turn a verified payload into items, every entry of a batch.
   * @throws MalformedPayloadError when the body is not valid JSON / form data of the expected shape.
   */
  parse(req: WebhookRequest): WebhookItem[];
  /**
   * Record what replies to these verified, parsed items need before they are stored (Bot
   * Framework's service URL and conversation). Absent: the items carry all a reply needs.
   */
  remember?(items: WebhookItem[]): Promise<void>;
  /** What to answer on success, when the provider expects a body (Twilio's empty TwiML). */
  readonly successResponse?: { contentType: string; body: string };
}
