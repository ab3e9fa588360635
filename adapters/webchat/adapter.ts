import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { InputError, silentLogger, type Attachment, type Conversation, type ConversationRef, type ConversationStore, type Logger, type StoredMessage } from '../../bot/index.ts';
import { KeyedQueue } from '../../shared/index.ts';
import { AppError } from '../../errors/index.ts';
import { StillAnsweringError } from '../core/errors.ts';
import type { ChannelRuntime } from '../core/runtime.ts';
import type { ChannelAdapter, ChannelCapabilities, MediaContent, SendResult } from '../types.ts';
import { toWire } from './format.ts';
import { parseFrame, toInboundEvent } from './parse.ts';
import type { ClientFrame, ServerFrame, WireMessage } from './types.ts';
import type { WebchatUploads } from './uploads.ts';
import { verifyOrigin } from './verify.ts';

export interface WebchatOptions {
  /**
   * Answers customers' messages as every channel's are: stored durably first, keyed by
   * (channel, user, clientId), answered at once (`ChannelRuntime.handleNow`).
   */
  runtime: ChannelRuntime;
  store: ConversationStore;
  logger?: Logger;
  /** Socket path. Default "/ws/chat". */
  path?: string;
  /** Origins allowed to open a socket; empty allows any (the widget is embeddable anywhere). */
  allowedOrigins?: string[];
  /** Largest frame accepted, in bytes. Default 256 KiB. */
  maxFrameBytes?: number;
  /**
   * Stores a customer's helpful/unhelpful verdict on a bot answer (the `feedback` frame). It
   * checks the message is a bot answer in that conversation and throws a 4xx AppError
   * (errors/) when not. Without it, feedback frames are refused with `unsupported`.
   */
  onFeedback?: (feedback: { conversationId: string; messageId: string; helpful: boolean }) => Promise<unknown>;
  /** The verdicts already given on these messages, so the history shows them pressed after a reload. */
  feedbackOf?: (messageIds: string[]) => Promise<Map<string, boolean>>;
  /**
   * The notice for a `context` frame (the customer opened the chat from a help-center article):
   * its text and language, or undefined for an unknown article. The notice joins the transcript
   * as a system message with the entry id, so the agent console and the handoff packet show which
   * article failed. Without it, context frames are refused with `unsupported`.
   */
  describeContext?: (context: { entryId: string; lang?: string; unhelpful?: boolean; note?: string }) => Promise<{ text: string; lang: string } | undefined>;
  /** Whether an entry is a conversation entry (small talk): its replies are sent marked `smallTalk`, and the widget offers no rating for them. */
  isSmallTalk?: (entryId: string) => boolean;
  /** Files customers attach (uploads.ts); without it, messages naming attachments are refused with `unsupported`. */
  uploads?: WebchatUploads;
}

interface Session {
  userId: string;
  /** The page's explicit choice (data-lang). */
  lang?: string;
  /** The browser's language, which the widget's words are in (InboundEvent.uiLang). */
  uiLang?: string;
}

/**
 * The web chat channel: a WebSocket endpoint speaking PROTOCOL.md to the embeddable widget.
 * Every socket of a user (several tabs) sees every message of the conversation.
 */
export class WebchatAdapter implements ChannelAdapter {
  readonly channel = 'webchat';
  readonly capabilities: ChannelCapabilities = { markup: 'html', maxSuggestions: 10, maxTextLength: 4000, typingIndicator: true, files: 'hosted' };
  /** Sockets connected now; the history is what a customer who reconnects sees. */
  readonly live = true;
  private readonly sockets = new Map<string, Set<WebSocket>>();
  /** Frames waiting per socket. */
  private readonly frames = new KeyedQueue<WebSocket>();
  private readonly wss: WebSocketServer;
  private readonly log: Logger;

  constructor(private readonly options: WebchatOptions) {
    this.log = options.logger ?? silentLogger;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes ?? 256 * 1024 });
    this.wss.on('connection', (ws: WebSocket) => this.onConnection(ws));
  }

  /** Take over HTTP upgrades on our path. */
  attach(server: Server): void {
    const path = this.options.path ?? '/ws/chat';
    server.on('upgrade', (req: IncomingMessage, socket, head) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== path) return;
      if (!verifyOrigin(req.headers.origin, this.options.allowedOrigins ?? [])) {
        this.log.warn('webchat socket refused: origin not allowed', { origin: req.headers.origin });
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
    });
  }

  async send(ref: ConversationRef, messages: StoredMessage[]): Promise<SendResult[]> {
    const sockets = this.sockets.get(ref.userId);
    const conversationId = messages.find((m) => m.role === 'system')?.conversationId;
    const conversation = conversationId ? await this.options.store.conversation(conversationId) : undefined;
    for (const m of messages) this.broadcast(ref.userId, { type: 'message', message: withRatingPrompt(this.wire(m), m, conversation) });
    return messages.map((m) => ({ messageId: m.id, ok: Boolean(sockets?.size), error: sockets?.size ? undefined : 'customer not connected; the message waits in the history' }));
  }

  /** A file the customer attached, for an agent to open. */
  media(ref: string): Promise<MediaContent | undefined> {
    return this.options.uploads?.media(ref) ?? Promise.resolve(undefined);
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private sendFrame(ws: WebSocket, frame: ServerFrame) {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  private broadcast(userId: string, frame: ServerFrame) {
    for (const ws of this.sockets.get(userId) ?? []) this.sendFrame(ws, frame);
  }

  private onConnection(ws: WebSocket) {
    let session: Session | undefined;
    ws.on('message', (data, isBinary) => {
      // Frames of one socket are handled in order, so a reply never overtakes its question.
      void this.frames.run(ws, async () => {
        try {
          if (isBinary) return this.sendFrame(ws, { type: 'error', code: 'bad_frame', message: 'binary frames are not supported' });
          session = await this.onFrame(ws, data.toString(), session);
        } catch (err) {
          this.log.error('webchat frame failed', { error: String(err), stack: (err as Error).stack });
          this.sendFrame(ws, { type: 'error', code: 'internal', message: 'something went wrong; please try again' });
        }
      });
    });
    ws.on('error', (err) => this.log.warn('webchat socket error', { error: String(err) }));
    ws.on('close', () => {
      if (session) this.sockets.get(session.userId)?.delete(ws);
    });
  }

  private async onFrame(ws: WebSocket, data: string, session: Session | undefined): Promise<Session | undefined> {
    const parsed = parseFrame(data);
    if (!parsed.ok) {
      this.log.warn('webchat frame refused', { code: parsed.code, reason: parsed.message });
      this.sendFrame(ws, { type: 'error', code: parsed.code, message: parsed.message, clientId: parsed.clientId });
      return session;
    }
    const frame = parsed.frame;
    if (frame.type === 'ping') {
      this.sendFrame(ws, { type: 'pong' });
      return session;
    }
    if (frame.type === 'hello') {
      if (session) this.sockets.get(session.userId)?.delete(ws);
      const next: Session = { userId: frame.userId, lang: frame.lang, uiLang: frame.uiLang };
      if (!this.sockets.has(next.userId)) this.sockets.set(next.userId, new Set());
      this.sockets.get(next.userId)!.add(ws);
      const { store } = this.options;
      const customer = await store.resolveCustomer(this.channel, next.userId);
      const conversation = await store.conversationFor(customer.id, this.channel);
      const since = frame.since ? await store.message(frame.since) : undefined;
      const afterSeq = since && since.conversationId === conversation.id ? since.seq : 0;
      const messages = await store.transcript(conversation.id, afterSeq);
      const rated = this.options.feedbackOf ? await this.options.feedbackOf(messages.filter((m) => m.role === 'bot' && m.entryId).map((m) => m.id)) : new Map<string, boolean>();
      const wire = messages.map((m) => withRatingPrompt({ ...this.wire(m), ...(rated.has(m.id) ? { feedback: rated.get(m.id) } : {}) }, m, conversation));
      this.sendFrame(ws, {
        type: 'history', conversationId: conversation.id, lang: conversation.lang ?? next.lang ?? 'en',
        ...(conversation.lang ? { conversationLang: conversation.lang } : {}), messages: wire,
      });
      return next;
    }
    if (!session) {
      this.sendFrame(ws, { type: 'error', code: 'bad_frame', message: 'send "hello" first', clientId: 'clientId' in frame ? frame.clientId : undefined });
      return session;
    }
    if (frame.type === 'feedback') {
      await this.onFeedbackFrame(ws, session, frame);
      return session;
    }
    if (frame.type === 'context') {
      await this.onContextFrame(ws, session, frame);
      return session;
    }
    let attachments: Attachment[] | undefined;
    if (frame.type === 'message' && frame.attachments?.length) {
      attachments = this.options.uploads ? await this.options.uploads.attachments(session.userId, frame.attachments) : undefined;
      if (!attachments) {
        this.sendFrame(ws, { type: 'error', code: this.options.uploads ? 'bad_frame' : 'unsupported', message: 'attachments: no such upload of this chat', clientId: frame.clientId });
        return session;
      }
    }
    this.sendFrame(ws, { type: 'typing', on: true });
    try {
      const event = toInboundEvent(frame, session.userId, session, attachments);
      const result = await this.options.runtime.handleNow(event);
      if (result.inbound) {
        this.sendFrame(ws, { type: 'ack', clientId: frame.clientId, id: result.inbound.id });
        // Other tabs of the same customer see the question too.
        for (const other of this.sockets.get(session.userId) ?? []) if (other !== ws) this.sendFrame(other, { type: 'message', message: this.wire(result.inbound) });
      }
      for (const reply of result.replies) this.broadcast(session.userId, { type: 'message', message: this.wire(reply) });
    } catch (err) {
      if (err instanceof StillAnsweringError) {
        this.sendFrame(ws, { type: 'error', code: 'busy', message: 'this message is still being answered; its reply will appear here', clientId: frame.clientId });
        return session;
      }
      if (!(err instanceof InputError)) throw err;
      this.log.info('webchat message refused', { code: err.code });
      this.sendFrame(ws, { type: 'error', code: err.code, message: err.message, clientId: frame.clientId });
    } finally {
      this.sendFrame(ws, { type: 'typing', on: false });
    }
    return session;
  }

  /**
   * The customer came from a help-center article: a system notice naming it joins the
   * conversation (once per article in a row: a reload that sends it again adds nothing).
   */
  private async onContextFrame(ws: WebSocket, session: Session, frame: Extract<ClientFrame, { type: 'context' }>) {
    if (!this.options.describeContext) {
      this.sendFrame(ws, { type: 'error', code: 'unsupported', message: 'context is not accepted here', clientId: frame.clientId });
      return;
    }
    const notice = await this.options.describeContext({ entryId: frame.entryId, lang: session.lang, unhelpful: frame.unhelpful, note: frame.note });
    if (!notice) {
      this.sendFrame(ws, { type: 'error', code: 'not_found', message: 'no such article', clientId: frame.clientId });
      return;
    }
    const { store } = this.options;
    const customer = await store.resolveCustomer(this.channel, session.userId);
    const conversation = await store.conversationFor(customer.id, this.channel);
    const last = await store.lastMessage(conversation.id);
    if (last?.role === 'system' && last.entryId === frame.entryId && last.text === notice.text) return;
    const stored = await store.appendMessage(conversation.id, { role: 'system', text: notice.text, lang: notice.lang, channel: this.channel, entryId: frame.entryId });
    this.broadcast(session.userId, { type: 'message', message: this.wire(stored) });
  }

  /** A stored message as the widget gets it, small talk marked (`isSmallTalk`). */
  private wire(m: StoredMessage): WireMessage {
    return toWire(m, this.options.isSmallTalk);
  }

  /** A helpful/unhelpful click: only on this customer's own conversation; every tab shows it. */
  private async onFeedbackFrame(ws: WebSocket, session: Session, frame: Extract<ClientFrame, { type: 'feedback' }>) {
    if (!this.options.onFeedback) {
      this.sendFrame(ws, { type: 'error', code: 'unsupported', message: 'feedback is not collected here', messageId: frame.messageId });
      return;
    }
    const customer = await this.options.store.resolveCustomer(this.channel, session.userId);
    const conversation = await this.options.store.conversationFor(customer.id, this.channel);
    try {
      await this.options.onFeedback({ conversationId: conversation.id, messageId: frame.messageId, helpful: frame.helpful });
    } catch (err) {
      // A refusal (not a bot answer of this conversation) is told to the customer; a bug is not.
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      this.sendFrame(ws, { type: 'error', code: err.publicCode, message: err.message, messageId: frame.messageId });
      return;
    }
    this.broadcast(session.userId, { type: 'feedback', messageId: frame.messageId, helpful: frame.helpful });
  }
}

/**
 * Marks the desk's rating question, so the widget shows star buttons under it: a notice sent
 * while the conversation waits for a rating, at or after the moment it was asked. Once the
 * customer has rated (or moved on), the request is cleared and the history shows no buttons.
 */
function withRatingPrompt(wire: WireMessage, m: StoredMessage, conversation: Conversation | undefined): WireMessage {
  const asked = conversation?.ratingRequestedAt;
  if (m.role !== 'system' || !asked || conversation.id !== m.conversationId || m.createdAt.getTime() < asked.getTime()) return wire;
  return { ...wire, ratingPrompt: true };
}

/** Build the web chat adapter; call `attach(server)` to serve its socket. */
export function webchat(options: WebchatOptions): WebchatAdapter {
  return new WebchatAdapter(options);
}
