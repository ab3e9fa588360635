import type { ChannelAdapter, SendResult } from '../../adapters/index.ts';
import {
  BusinessHours, ChineseScripts, ConversationOwnership, handoffStatus, phrase, silentLogger, type Attachment, type BotPhrase, type Conversation, type ConversationNote,
  type ConversationRef, type ConversationStore, type HandoffPacket, type Logger, type OutboundMessage, type Ownership, type StoredMessage,
} from '../../bot/index.ts';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../errors/index.ts';
import type { User, UserStore } from '../auth/index.ts';
import { can } from '../auth/index.ts';
import { publicFileUrl, type AgentFiles } from './files.ts';
import type { ConsoleEvent, LiveBus } from './live.ts';
import type { WebhookDispatcher } from './webhooks.ts';

/** Where the desk finds the adapter of a conversation's channel (never a switch on channel names). */
export interface AdapterRegistry {
  get(channel: string): ChannelAdapter | undefined;
}

/** What sending to the customer did: per message, ok or the channel's reason. */
export interface Delivery {
  ok: boolean;
  results: SendResult[];
  /** The first error, worded for the agent. */
  error?: string;
  /** `window_closed` when the channel refused a free-form message outside its window. */
  code?: string;
}

export interface HandoffDeskOptions {
  store: ConversationStore;
  users: UserStore;
  adapters: AdapterRegistry;
  /**
   * How the desk's messages (agents' replies, notices) reach the customer; returns what the
   * first attempt did. Default the channel adapter's `send`, once; the app passes the channel
   * runtime's `deliver` (the durable outbox, with retries).
   */
  send?: (ref: ConversationRef, messages: StoredMessage[]) => Promise<SendResult[]>;
  bus: LiveBus;
  /** Signed webhook deliveries of handoff.initiate / handoff.status; none when unset. */
  webhooks?: WebhookDispatcher;
  /** Opening hours; default always open. */
  hours?: BusinessHours;
  /** Time in the queue (counted while open) before the customer is told again and the conversation flagged. Default 5 min. */
  claimTimeoutMs?: number;
  /** Language of the desk's messages when the conversation has none. Default "en". */
  defaultLang?: string;
  /** Files agents send (files.ts); without it, replies carry no files. */
  files?: AgentFiles;
  /** The server's public address (PUBLIC_URL): providers fetch agents' files from it. */
  publicUrl?: string;
  /** Longest agent reply or note, in characters. Default 4000. */
  maxTextChars?: number;
  /**
   * The name customers see when an agent joins: unset shows the agent's own name, `team` says
   * "a colleague from our support team" in the customer's language, any other text is shown as is.
   */
  agentDisplayName?: string;
  logger?: Logger;
  /** The clock (tests pass their own instead of waiting). */
  now?: () => Date;
}

/**
 * The human side of a handoff: tells the customer where they stand, keeps agents' consoles
 * live, and carries out claim / reply / note / transfer / release / resolve through the
 * ownership state machine. Agent replies are stored before they are sent, and go out through
 * the adapter of the customer's current channel.
 */
export class HandoffDesk {
  readonly ownership: ConversationOwnership;
  readonly hours: BusinessHours;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly chineseScripts: ChineseScripts;

  constructor(private readonly options: HandoffDeskOptions) {
    this.ownership = new ConversationOwnership(options.store);
    this.chineseScripts = new ChineseScripts(options.store);
    this.hours = options.hours ?? BusinessHours.always();
    this.log = options.logger ?? silentLogger;
    this.now = options.now ?? (() => new Date());
  }

  /** The channel adapters by channel id (agents' replies go out through them; customers' media comes in). */
  get adapters(): AdapterRegistry {
    return this.options.adapters;
  }

  get store(): ConversationStore {
    return this.options.store;
  }

  get users(): UserStore {
    return this.options.users;
  }

  /** Bot hook: a handoff was stored. Tells agents and webhooks; returns what the customer is told next. */
  onHandoff = async (packet: HandoffPacket): Promise<OutboundMessage[]> => {
    const conversation = await this.options.store.conversation(packet.conversationId);
    await this.publish({ type: 'queued', conversationId: packet.conversationId, actor: 'bot', status: 'queued' });
    await this.options.webhooks?.send('handoff.initiate', packet.conversationId, packet.event).catch((err) => this.log.error('webhook queueing failed', { error: String(err) }));
    const lang = conversation?.lang ?? packet.customer.lang ?? this.defaultLang;
    const open = this.hours.status(this.now());
    if (!open.open) {
      return [this.system('outsideHours', lang, { hours: this.hours.describe(), next: open.nextOpen ? this.hours.formatLocal(open.nextOpen, lang) : '—' })];
    }
    const position = await this.options.store.queuePosition(packet.conversationId);
    if (position === undefined) return [];
    return [this.system(position === 1 ? 'queueNext' : 'queuePosition', lang, { position })];
  };

  /**
   * Bot hook: messages were stored in a turn. Consoles showing the conversation refresh. Turns
   * the bot handled on its own concern no agent, so they are not broadcast.
   */
  onTurn = async (turn: { conversation: Conversation; messages: StoredMessage[]; previousStatus?: Ownership }): Promise<void> => {
    if (turn.previousStatus === 'queued' && turn.conversation.status === 'bot') {
      // The customer left the queue ("cancel"): it leaves every console's waiting list.
      await this.publish({ type: 'returned', conversationId: turn.conversation.id, actor: 'customer', status: 'bot' });
      return;
    }
    if (turn.conversation.status === 'bot' && !turn.messages.some((m) => m.handoff)) return;
    const customerMessage = turn.messages.find((m) => m.role === 'customer');
    await this.publish({ type: 'message', conversationId: turn.conversation.id, actor: 'customer', status: turn.conversation.status, messageId: customerMessage?.id });
  };

  /** queued → agent. Of two agents claiming at once, one wins; the other gets an OwnershipError. */
  async claim(conversationId: string, agent: User): Promise<Conversation> {
    const conversation = await this.ownership.claim(conversationId, agent.id);
    await this.publish({ type: 'claimed', conversationId, actor: agent.id, assignee: agent.id, status: 'agent' });
    await this.statusWebhook(conversation, 'accepted', `claimed by ${agent.name}`);
    await this.tellAgentJoined(conversation, agent);
    return conversation;
  }

  /**
   * Store the agent's reply in the transcript, then send it through the customer's channel.
   * Whether a reply may go out after the channel's window is the adapter's call (Messenger
   * accepts an agent's reply for 7 days, WhatsApp may send an approved template instead): when
   * it refuses, the delivery says why (`code: "window_closed"`) and an internal note records
   * that the message never reached the customer.
   * A reply may carry files the agent uploaded to this conversation (files.ts), with or without words.
   * @throws ForbiddenError `not_holder` (only the agent holding it replies), BadRequestError `empty`, `too_long`,
   *   `no_such_file`, `files_unsupported` (the channel carries no files), `public_url_required`.
   */
  async reply(conversationId: string, agent: User, text: string, fileRefs: readonly string[] = []): Promise<{ message: StoredMessage; delivery: Delivery }> {
    const body = fileRefs.length && !(text ?? '').trim() ? '' : this.checkText(text);
    const conversation = await this.held(conversationId, agent);
    const attachments = fileRefs.length ? await this.filesFor(conversation, fileRefs) : undefined;
    const message = await this.options.store.appendMessage(conversation.id, { role: 'agent', text: body, lang: conversation.lang, channel: conversation.channel, ...(attachments ? { attachments } : {}) });
    const delivery = await this.deliver(conversation, [message]);
    if (!delivery.ok && delivery.code !== 'no_adapter') {
      await this.options.store.addNote(conversation.id, { authorId: 'system', authorName: 'System', text: `Not delivered on ${conversation.channel}: ${delivery.error ?? 'unknown error'}` });
    }
    await this.publish({ type: delivery.ok ? 'message' : 'delivery-failed', conversationId, actor: agent.id, messageId: message.id, status: conversation.status });
    return { message, delivery };
  }

  /** An internal note: agents see it, the customer never does. */
  async note(conversationId: string, agent: User, text: string): Promise<ConversationNote> {
    const body = this.checkText(text);
    if (!(await this.options.store.conversation(conversationId))) throw new NotFoundError(`no conversation ${conversationId}`);
    const note = await this.options.store.addNote(conversationId, { authorId: agent.id, authorName: agent.name, text: body });
    await this.publish({ type: 'note', conversationId, actor: agent.id });
    return note;
  }

  /** agent → agent: hand over to a colleague, optionally with a note for them. */
  async transfer(conversationId: string, agent: User, toAgentId: string, note?: string): Promise<Conversation> {
    const target = await this.options.users.byId(toAgentId);
    if (!target || target.disabled || !can(target.role, 'console')) throw new BadRequestError('no_such_agent', `${toAgentId} is not an agent who can take conversations`);
    const conversation = await this.ownership.transfer(conversationId, agent.id, target.id, { reason: `transferred to ${target.name}`, onlyIfHeldBy: this.holderCheck(agent) });
    if (note?.trim()) await this.options.store.addNote(conversationId, { authorId: agent.id, authorName: agent.name, text: this.checkText(note) });
    await this.publish({ type: 'transferred', conversationId, actor: agent.id, assignee: target.id, status: 'agent' });
    await this.tellAgentJoined(conversation, target);
    return conversation;
  }

  /** agent → queued: back to the queue for anyone to claim. */
  async release(conversationId: string, agent: User): Promise<Conversation> {
    const conversation = await this.ownership.release(conversationId, agent.id, { onlyIfHeldBy: this.holderCheck(agent) });
    await this.publish({ type: 'released', conversationId, actor: agent.id, status: 'queued' });
    return conversation;
  }

  /**
   * agent → resolved: the customer is told they are back with the assistant, which answers their
   * next message (after the rating, if asked).
   */
  async resolve(conversationId: string, agent: User, options: { askRating?: boolean } = {}): Promise<Conversation> {
    const conversation = await this.ownership.resolve(conversationId, agent.id, { onlyIfHeldBy: this.holderCheck(agent) });
    await this.publish({ type: 'resolved', conversationId, actor: agent.id, status: 'resolved' });
    await this.statusWebhook(conversation, 'completed', `resolved by ${agent.name}`);
    // The notice first, then the rating request: only the question is answered with stars.
    await this.tell(conversation, 'backWithAssistant');
    if (options.askRating) {
      await this.options.store.requestRating(conversationId);
      await this.tell(conversation, 'ratingPrompt');
    }
    return conversation;
  }

  /**
   * Tell customers nobody claimed in time (counted while the team is in) that they are still
   * waiting, and flag their conversations. Safe on several instances: each is flagged once.
   */
  async sweep(claimTimeoutMs = this.options.claimTimeoutMs ?? 300_000): Promise<string[]> {
    const now = this.now();
    const open = this.hours.status(now);
    if (!open.open) return [];
    const flagged: string[] = [];
    for (const c of await this.options.store.queue()) {
      if (c.flaggedAt || !c.queuedAt) continue;
      const since = Math.max(c.queuedAt.getTime(), open.openSince?.getTime() ?? 0);
      if (now.getTime() - since < claimTimeoutMs) continue;
      if (!(await this.options.store.flagUnclaimed(c.id))) continue;
      flagged.push(c.id);
      this.log.warn('handoff not claimed in time', { conversationId: c.id, waitedMs: now.getTime() - since });
      const position = (await this.options.store.queuePosition(c.id)) ?? 1;
      await this.tell(c, 'stillWaiting', { position });
      await this.publish({ type: 'flagged', conversationId: c.id, actor: 'system', status: 'queued' });
      await this.statusWebhook(c, 'failed', `not claimed within ${Math.round(claimTimeoutMs / 1000)} s; the customer was told again and the conversation is flagged (still queued)`);
    }
    return flagged;
  }

  /** The channel's messaging window (WhatsApp/Messenger 24 h) as it stands, or undefined when the channel has none. */
  async window(conversation: Conversation): Promise<{ channel: string; hours: number; open: boolean; closesAt?: Date } | undefined> {
    const hours = this.options.adapters.get(conversation.channel)?.capabilities.messagingWindowHours;
    if (!hours) return undefined;
    const transcript = await this.options.store.transcript(conversation.id);
    const last = [...transcript].reverse().find((m) => m.role === 'customer' && m.channel === conversation.channel);
    if (!last) return { channel: conversation.channel, hours, open: false };
    const closesAt = new Date(last.createdAt.getTime() + hours * 3_600_000);
    return { channel: conversation.channel, hours, open: closesAt.getTime() > this.now().getTime(), closesAt };
  }

  /** Send stored messages to the customer on the conversation's current channel. */
  async deliver(conversation: Conversation, messages: StoredMessage[]): Promise<Delivery> {
    const adapter = this.options.adapters.get(conversation.channel);
    const fail = (error: string, code?: string): Delivery => ({ ok: false, error, code, results: messages.map((m) => ({ messageId: m.id, ok: false, error })) });
    if (!adapter) return fail(`no adapter sends to the "${conversation.channel}" channel; the message is stored in the transcript only`, 'no_adapter');
    const ref = await this.refFor(conversation);
    if (!ref) return fail(`the customer has no address on "${conversation.channel}"`, 'no_address');
    try {
      const results = await (this.options.send ? this.options.send(ref, messages) : adapter.send(ref, messages));
      const failed = results.find((r) => !r.ok);
      if (!failed) return { ok: true, results };
      this.log.warn('message to customer not delivered', { conversationId: conversation.id, channel: conversation.channel, error: failed.error });
      // Adapters report refusals as results; a closed window is the likely reason when there is one.
      const window = await this.window(conversation);
      return { ok: false, results, error: failed.error, code: window && !window.open ? 'window_closed' : 'send_failed' };
    } catch (err) {
      const e = err as Error;
      this.log.warn('message to customer refused by the channel', { conversationId: conversation.id, channel: conversation.channel, error: e.message });
      return fail(e.message, e.name === 'WindowClosedError' ? 'window_closed' : e.name === 'OptedOutError' ? 'opted_out' : 'send_failed');
    }
  }

  /** Start the sweep timer. */
  start(intervalMs: number): () => void {
    const timer = setInterval(() => {
      this.sweep().catch((err) => this.log.error('handoff sweep failed', { error: String(err) }));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private get defaultLang() {
    return this.options.defaultLang ?? 'en';
  }

  private system(key: BotPhrase, lang: string, vars: Record<string, string | number> = {}): OutboundMessage {
    const p = phrase(key, lang, this.defaultLang, vars);
    return { role: 'system', text: p.text, lang: p.lang };
  }

  /** "An agent joined", with the name customers are meant to see (agentDisplayName). */
  private tellAgentJoined(conversation: Conversation, agent: User): Promise<Delivery> {
    const shown = this.options.agentDisplayName?.trim();
    if (shown === 'team') return this.tell(conversation, 'agentJoinedTeam');
    return this.tell(conversation, 'agentJoined', { name: shown || agent.name });
  }

  /** Store a desk message in the transcript and send it; a failed send is logged and shown, never thrown. */
  private async tell(conversation: Conversation, key: BotPhrase, vars: Record<string, string | number> = {}): Promise<Delivery> {
    // In the Chinese script the customer writes.
    const [m] = await (await this.chineseScripts.forReplies(conversation.id))([this.system(key, conversation.lang ?? this.defaultLang, vars)]);
    const stored = await this.options.store.appendMessage(conversation.id, { ...m!, channel: conversation.channel });
    const delivery = await this.deliver(conversation, [stored]);
    await this.publish({ type: 'message', conversationId: conversation.id, actor: 'system', messageId: stored.id, status: conversation.status });
    return delivery;
  }

  private async refFor(conversation: Conversation): Promise<ConversationRef | undefined> {
    const ids = (await this.options.store.identities(conversation.customerId)).filter((i) => i.channel === conversation.channel);
    const id = ids[ids.length - 1];
    return id && { channel: conversation.channel, userId: id.externalId };
  }

  /** Admins may act on anyone's conversation; agents only on their own. */
  private holderCheck(user: User): string | undefined {
    return can(user.role, 'users') ? undefined : user.id;
  }

  private async held(conversationId: string, agent: User): Promise<Conversation> {
    const conversation = await this.options.store.conversation(conversationId);
    if (!conversation) throw new NotFoundError(`no conversation ${conversationId}`);
    if (conversation.status !== 'agent' || conversation.assignee !== agent.id) {
      throw new ForbiddenError('not_holder', conversation.status === 'agent'
        ? `conversation ${conversationId} is held by another agent; only they can reply (or transfer it to you)`
        : `claim conversation ${conversationId} before replying (it is "${conversation.status}")`, { details: { status: conversation.status, assignee: conversation.assignee } });
    }
    return conversation;
  }

  /** Why an agent cannot send files on `channel` now, or undefined when they can. */
  filesRefusal(channel: string): BadRequestError | undefined {
    const how = this.options.adapters.get(channel)?.capabilities.files;
    if (!how || !this.options.files) return new BadRequestError('files_unsupported', `files cannot be sent on ${channel}`);
    if (how === 'link' && !this.options.publicUrl) {
      return new BadRequestError('public_url_required', `${channel} fetches files from this server: set PUBLIC_URL to the address it is reached at`);
    }
    return undefined;
  }

  /** A reply's files, checked against the conversation and the channel, with the link a provider fetches them from. */
  private async filesFor(conversation: Conversation, refs: readonly string[]): Promise<Attachment[]> {
    const refused = this.filesRefusal(conversation.channel);
    if (refused) throw refused;
    const found = await this.options.files?.attachments(conversation.id, refs);
    if (!found) throw new BadRequestError('no_such_file', 'attachments: a file was not uploaded to this conversation');
    const link = this.options.adapters.get(conversation.channel)?.capabilities.files === 'link';
    return found.map((a) => ({ ...a, ...(link ? { url: publicFileUrl(this.options.publicUrl, a.ref!) } : {}) }));
  }

  private checkText(text: string): string {
    const body = (text ?? '').trim();
    if (!body) throw new BadRequestError('empty', 'the message is empty');
    if (body.length > (this.options.maxTextChars ?? 4000)) throw new BadRequestError('too_long', `the message is longer than ${this.options.maxTextChars ?? 4000} characters`);
    return body;
  }

  private async publish(event: Omit<ConsoleEvent, 'at'>): Promise<void> {
    try {
      await this.options.bus.publish({ ...event, at: this.now().toISOString() });
    } catch (err) {
      this.log.error('console event not published', { error: String(err), type: event.type });
    }
  }

  private async statusWebhook(conversation: Conversation, state: 'accepted' | 'failed' | 'completed', message: string): Promise<void> {
    if (!this.options.webhooks) return;
    const event = handoffStatus({ id: conversation.id, isGroup: false, conversationType: 'personal', name: '' }, state, message);
    await this.options.webhooks.send('handoff.status', conversation.id, event).catch((err) => this.log.error('webhook queueing failed', { error: String(err) }));
  }
}
