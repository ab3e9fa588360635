import { randomUUID } from 'node:crypto';
import { InputError, silentLogger, storableJson, t, type Bot, type ConversationRef, type HandleResult, type InboundEvent, type Logger, type StoredMessage } from '../../bot/index.ts';
import type { ChannelAdapter, SendResult, WebhookItem } from '../types.ts';
import type { ChannelStore } from './channel-store.ts';
import { ClaimLoop } from './claim-loop.ts';
import { GroupCommit } from './group-commit.ts';
import { StillAnsweringError } from './errors.ts';
import { IntakeStore, type ClaimedWork, type IntakeRow, type OutboxRow } from './intake-store.ts';
import { numberedChoice } from './numbered-choice.ts';
import { reactionVerdict } from './reactions.ts';
import { OutboxStore, type ClaimedSend } from './outbox-store.ts';

export interface ChannelRuntimeOptions {
  bot: Bot;
  channels: ChannelStore;
  adapters: ChannelAdapter[];
  logger?: Logger;
  /** A customer writing from the same phone number on SMS and WhatsApp is one customer. Default true. */
  linkByPhone?: boolean;
  /** Reply to HELP (SMS), the same in every language. Default: the catalogue's `sms.help` in the customer's language. */
  helpText?: string;
  /** The customer's language on a channel (their conversation's), for the HELP reply. */
  languageOf?: (customerId: string, channel: string) => Promise<string | undefined>;
  /** Language of the HELP reply when the customer's is unknown. Default "en". */
  defaultLang?: string;
  /** Stored items answered at once on this instance, across customers; as many sends. Default 8. */
  concurrency?: number;
  /** Seconds a claim on stored work lasts unless its instance renews it (it died): then another takes it over. Default 30. */
  leaseSeconds?: number;
  /** How often, in ms, to look for work stored by other instances (own work starts at once). Default 500. */
  pollMs?: number;
  /** Attempts to send one reply (each with the adapter's own retries) before it is given up. Default 5. */
  maxSendAttempts?: number;
  /** First wait, in seconds, before sending a reply again after the adapter gave up; doubles each time. Default 30. */
  sendRetrySeconds?: number;
  /** Hours a finished inbound item stays stored; deleted by an hourly cleanup (the first at start). Default 168. */
  retentionHours?: number;
  /**
   * A customer's verdict on one of the bot's messages, from an emoji reaction (adapters/core/reactions.ts),
   * as the widget's helpful buttons give it; `null` when the reaction was taken back or replaced by
   * one that says nothing (a message holds one reaction per customer). Refusals (not an answer,
   * small talk) are logged. Default: reactions are logged only.
   */
  onReaction?: (feedback: { messageId: string; helpful: boolean | null }) => Promise<unknown>;
}

/** How often finished intake items past their retention are deleted. */
const CLEANUP_EVERY_MS = 3_600_000;

/** What answering one item produced: replies for `ref`. */
export interface Outgoing {
  ref: ConversationRef;
  replies: StoredMessage[];
}

/**
 * Items of one webhook from which it is stored as one row, expanded into its items by the work
 * loop: the provider's 200 then costs one row however large the batch (a WhatsApp webhook may
 * carry thousands of messages).
 */
const BATCH_ROW_FROM = 50;

/** Attempts at one stored item whose processing throws (a bug, the database away) before it is set aside. */
const MAX_WORK_ATTEMPTS = 5;
/**
 * Longest a repeat of a message waits for the first delivery's answer when another instance (or
 * the work loop, after a crash) holds it: past the default lease, so a dead holder's work is
 * taken over and answered meanwhile. A repeat of one this instance answers waits for it.
 */
const REPEAT_WAIT_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One customer on one channel (channel ids hold no ":"): their items are answered, and their replies sent, in order. */
const laneOf = (channel: string, userId: string) => `${channel}:${userId}`;

/**
 * Runs what webhooks and the chat endpoints deliver, durably: every item is stored (`accept`,
 * `handleNow`) before the provider or client is answered, and answered from the store by
 * claimed work (this instance at once, any instance after a crash). Links the customer, keeps
 * the window, lets the bot answer, and queues the replies in the outbox in the transaction that
 * marks the item done; a sender delivers them through the channel's adapter with retries.
 * Statuses, keywords and ignored items are recorded or logged here, so the bot only sees messages.
 *
 * Guarantee: at least once in (an acknowledged item is stored; a provider's retry is the same
 * item), exactly one reply out per message id (replies are keyed by their message id in the
 * outbox, and each provider call carries it as an idempotency key).
 */
export class ChannelRuntime {
  readonly intake: IntakeStore;
  readonly outbox: OutboxStore;
  /** This process, as the claimer of work. */
  readonly worker = randomUUID();
  private readonly adapters = new Map<string, ChannelAdapter>();
  private readonly log: Logger;
  private readonly work: ClaimLoop<ClaimedWork>;
  private readonly sends: ClaimLoop<ClaimedSend>;
  /** Messages `handleNow` is answering on this instance, by delivery: their repeats wait for them. */
  private readonly answering = new Map<string, Promise<unknown>>();
  private cleanupTimer?: NodeJS.Timeout;
  /** Webhook items stored by concurrent acknowledgements in one statement (see GroupCommit). */
  private readonly intakeWrites: GroupCommit<IntakeRow>;
  /** Messages of clients waiting for the answer (`handleNow`), stored by concurrent requests in one statement, each claimed by this instance. */
  private readonly answerNowWrites: GroupCommit<IntakeRow, number | undefined>;
  /** Items `handleNow` answered, marked done together when their turns finish in the same iteration (see GroupCommit). */
  private readonly answeredNow: GroupCommit<number>;

  constructor(private readonly options: ChannelRuntimeOptions) {
    this.log = options.logger ?? silentLogger;
    for (const a of options.adapters) this.adapters.set(a.channel, a);
    this.intake = new IntakeStore(options.channels.db);
    this.outbox = new OutboxStore(options.channels.db);
    this.intakeWrites = new GroupCommit(async (rows) => { await this.intake.accept(rows); });
    this.answerNowWrites = new GroupCommit((rows) => this.intake.acceptEach(rows, this.worker));
    this.answeredNow = new GroupCommit(async (ids) => { await this.intake.completeAll(ids); });
    const lease = options.leaseSeconds ?? 30;
    const loop = { concurrency: options.concurrency ?? 8, pollMs: options.pollMs ?? 500, leaseMs: lease * 1000, logger: this.log };
    this.work = new ClaimLoop({
      ...loop, name: 'intake', claim: (n) => this.intake.claim(this.worker, lease, n), run: (w) => this.runWork(w), renew: (ids) => this.intake.renew(this.worker, ids),
    });
    this.sends = new ClaimLoop({
      ...loop, name: 'outbox', claim: (n) => this.outbox.claim(this.worker, lease, n), run: (s) => this.runSend(s), renew: (ids) => this.outbox.renew(this.worker, ids),
    });
  }

  /** The adapter serving `channel`. */
  adapter(channel: string): ChannelAdapter | undefined {
    return this.adapters.get(channel);
  }

  /** Serve another channel (the web chat, built after the webhooks). */
  register(adapter: ChannelAdapter): void {
    this.adapters.set(adapter.channel, adapter);
  }

  /** Start answering stored work and sending the outbox: what earlier runs left first. */
  start(): void {
    this.work.start();
    this.sends.start();
    if (!this.cleanupTimer) {
      this.cleanupTimer = setInterval(() => void this.cleanup(), CLEANUP_EVERY_MS);
      this.cleanupTimer.unref();
      void this.cleanup();
    }
  }

  /** Delete finished intake items older than the retention (every instance may run it; deletes are idempotent). */
  async cleanup(): Promise<number> {
    try {
      const deleted = await this.intake.cleanup(this.options.retentionHours ?? 168);
      if (deleted) this.log.info('finished intake items deleted', { deleted, retentionHours: this.options.retentionHours ?? 168 });
      return deleted;
    } catch (err) {
      this.log.warn('intake cleanup failed', { error: String(err) });
      return 0;
    }
  }

  /**
   * Store every item of a verified webhook in one statement (with the items of webhooks
   * acknowledged at the same moment), then return: call it before answering the provider. Items
   * are answered by the work loop (see `start`).
   */
  async accept(items: WebhookItem[]): Promise<void> {
    const rows: IntakeRow[] = [];
    for (const item of items) {
      if (item.kind === 'ignored') {
        this.log.info('webhook item ignored', { channel: item.channel, reason: item.reason, type: item.type });
        continue;
      }
      rows.push(this.rowOf(item));
    }
    if (!rows.length) return;
    // Webhooks acknowledged at the same moment are stored together: one statement, not one each.
    if (rows.length < BATCH_ROW_FROM) await this.intakeWrites.add(rows);
    else await this.intakeWrites.add([{ lane: `batch:${randomUUID()}`, channel: rows[0]!.channel, item: { kind: 'batch', rows } }]);
    this.work.wake();
  }

  /**
   * Store one message from a client that waits for the answer (chat API, web chat socket), answer
   * it here and now, and return the bot's result. Stored first: if this process dies mid-turn,
   * the work loop answers it later (the web chat shows it in the history). A repeat of a stored
   * message waits for the first one's answer and returns it.
   * @throws InputError as bot.handle does; StillAnsweringError when the first delivery of a
   *   repeat is still being answered after a while.
   */
  async handleNow(event: InboundEvent): Promise<HandleResult> {
    const { channel, userId } = event.conversation;
    const delivery = `${laneOf(channel, userId)}:${event.externalId}`;
    const [id] = await this.answerNowWrites.add([this.rowOf({ kind: 'event', event })]);
    if (id === undefined) {
      await this.answering.get(delivery)?.catch(() => undefined);
      const started = Date.now();
      while (await this.intake.state(channel, userId, event.externalId) === 'open') {
        if (Date.now() - started > REPEAT_WAIT_MS) throw new StillAnsweringError(channel, event.externalId);
        await sleep(50);
      }
      return this.options.bot.handle(event);
    }
    this.work.hold(id);
    const answer = (async () => {
      try {
        const result = await this.options.bot.handle(event);
        // Marked done before the client is answered. Turns that finish together are one
        // statement: under load the database's replies come back several per iteration.
        await this.answeredNow.add([id]);
        return result;
      } catch (err) {
        if (err instanceof InputError) await this.intake.complete(id, [], err.message);
        else await this.intake.failed(id, String(err)).catch(() => undefined);
        throw err;
      } finally {
        this.work.release(id);
        this.answering.delete(delivery);
      }
    })();
    this.answering.set(delivery, answer);
    return answer;
  }

  /**
   * A payload whose signature was good but whose content was malformed: the provider got a 400
   * and will not send it again, so it is recorded for an operator (never throws).
   */
  async rejected(channel: string, reason: string, body: Buffer): Promise<void> {
    try {
      await this.options.channels.recordRejection({ channel, reason, body: body.toString('utf8') });
    } catch (err) {
      this.log.error('could not record a rejected webhook', { channel, reason, error: String(err) });
    }
  }

  /** Stored items not answered yet, on every instance: the backlog. */
  backlog(): Promise<number> {
    return this.intake.open();
  }

  /** The bot's turns running on this instance now, whichever way their messages came in: the chat API's backlog. */
  get turnsInProgress(): number {
    return this.options.bot.turnsInProgress;
  }

  /** Items being answered and replies being sent on this instance now. */
  get active(): number {
    return this.work.active + this.sends.active;
  }

  /**
   * Wait until everything stored so far was answered and its replies sent or given up (tests,
   * benchmarks). Replies waiting for a later retry do not count.
   */
  async idle(): Promise<void> {
    for (;;) {
      await this.work.settle();
      await this.sends.settle();
      if (await this.intake.open() === 0 && await this.outbox.due() === 0 && this.active === 0) return;
      this.work.wake();
      this.sends.wake();
      await sleep(20);
    }
  }

  /** Stop claiming work and wait for what is running; what is left stays stored for the next start. */
  async close(): Promise<void> {
    clearInterval(this.cleanupTimer);
    this.cleanupTimer = undefined;
    await this.work.close();
    await this.sends.close();
  }

  /** Send messages through the conversation's channel, at once and once (no outbox, no retry). */
  async send(ref: ConversationRef, messages: StoredMessage[]): Promise<SendResult[]> {
    const adapter = this.adapters.get(ref.channel);
    if (!adapter) throw new Error(`no adapter mounted for channel "${ref.channel}"`);
    return adapter.send(ref, messages);
  }

  /**
   * Send messages produced outside a turn (an agent's reply, a desk notice) through the outbox,
   * as the bot's replies go: stored first (keyed by message id: one send per message), sent now by
   * this instance, and when the provider may take them later, sent again by the outbox loop with
   * the same idempotency key (up to maxSendAttempts). Returns what the first attempt did. A live
   * channel (web chat) gets them directly, as a turn's replies.
   * A reply sent here does not wait for older replies of the lane still waiting for a retry.
   */
  async deliver(ref: ConversationRef, messages: StoredMessage[]): Promise<SendResult[]> {
    const adapter = this.adapters.get(ref.channel);
    if (!adapter) throw new Error(`no adapter mounted for channel "${ref.channel}"`);
    if (adapter.live) return adapter.send(ref, messages);
    const lane = laneOf(ref.channel, ref.userId);
    const claimed = await this.outbox.enqueue(messages.map((m) => ({ key: m.id, lane, channel: ref.channel, userId: ref.userId, payload: { ref, message: m } })), this.worker);
    const results: SendResult[] = [];
    for (const m of messages) {
      const row = claimed.find((c) => c.key === m.id);
      if (!row) {
        // Queued before (a repeat): the outbox has it, sent or on its way.
        const state = await this.outbox.state(m.id);
        results.push({ messageId: m.id, ok: state?.status === 'sent', error: state?.status === 'sent' ? undefined : `already queued (${state?.status ?? 'unknown'})` });
        continue;
      }
      this.sends.hold(row.id);
      try {
        results.push(await this.sendRow(row));
      } finally {
        this.sends.release(row.id);
      }
    }
    return results;
  }

  /** Handle one item now; returns the replies to deliver, if any (the caller delivers them). */
  async process(item: WebhookItem): Promise<Outgoing | undefined> {
    const { channels } = this.options;
    switch (item.kind) {
      case 'event':
        return this.answer(item.event, item.phone);
      case 'control':
        return this.control(item.action, item.event, item.phone);
      case 'status': {
        const moved = await channels.recordStatus(item.channel, item.providerId, item.status, { error: item.error });
        this.log.debug('delivery status', { channel: item.channel, providerId: item.providerId, status: item.status, applied: moved });
        return undefined;
      }
      case 'reaction': {
        // A reaction replaces the customer's earlier one on that message: one that says nothing
        // (or none, taken back) withdraws the verdict the earlier one gave.
        const helpful = reactionVerdict(item.emoji) ?? null;
        const delivery = await channels.delivery(item.channel, item.providerId);
        if (!delivery?.messageId || !this.options.onReaction) {
          this.log.info('reaction not counted', { channel: item.channel, emoji: item.emoji, known: Boolean(delivery?.messageId) });
          return undefined;
        }
        await this.options.onReaction({ messageId: delivery.messageId, helpful })
          .catch((err) => this.log.info('reaction not counted', { channel: item.channel, messageId: delivery.messageId, reason: String(err?.message ?? err) }));
        return undefined;
      }
      case 'watermark': {
        const n = await channels.recordWatermark(item.channel, item.userId, item.status, item.watermark);
        this.log.debug('delivery watermark', { channel: item.channel, status: item.status, messages: n });
        return undefined;
      }
      case 'ignored':
        this.log.info('webhook item ignored', { channel: item.channel, reason: item.reason, type: item.type });
        return undefined;
    }
  }

  /** An item as stored: JSON (dates as strings), keyed by its delivery when it has one. */
  private rowOf(item: Exclude<WebhookItem, { kind: 'ignored' }>): IntakeRow {
    const stored = storableJson(JSON.parse(JSON.stringify(item)) as unknown);
    if (item.kind === 'event' || item.kind === 'control') {
      const { channel, userId } = item.event.conversation;
      return { lane: laneOf(channel, userId), channel, userId, externalId: item.event.externalId, item: stored };
    }
    // Statuses and reactions carry no order worth keeping: a lane of their own.
    return { lane: `status:${randomUUID()}`, channel: item.channel, item: stored };
  }

  /** Answer one claimed item and mark it done, queueing its replies in the same transaction. */
  private async runWork(w: ClaimedWork): Promise<void> {
    try {
      const batch = w.item as { kind?: string; rows?: IntakeRow[] };
      if (batch.kind === 'batch') {
        await this.intake.expand(w.id, batch.rows ?? []);
        this.work.wake();
        return;
      }
      const out = await this.process(reviveItem(w.item as WebhookItem));
      const adapter = out && this.adapters.get(out.ref.channel);
      const queued: OutboxRow[] = out && adapter && !adapter.live
        ? out.replies.map((m) => ({ key: m.id, lane: laneOf(out.ref.channel, out.ref.userId), channel: out.ref.channel, userId: out.ref.userId, payload: { ref: out.ref, message: m } }))
        : [];
      await this.intake.complete(w.id, queued);
      if (queued.length) this.sends.wake();
      // A live channel (web chat) shows the replies to a customer still connected; the history has them anyway.
      if (out?.replies.length && adapter?.live) await adapter.send(out.ref, out.replies).catch((err) => this.log.warn('live delivery failed', { channel: out.ref.channel, error: String(err) }));
    } catch (err) {
      const giveUp = w.attempts >= MAX_WORK_ATTEMPTS;
      this.log.error(giveUp ? 'channel work failed; set aside' : 'channel work failed; tried again later', { id: w.id, attempts: w.attempts, error: String(err), stack: (err as Error)?.stack });
      if (giveUp) await this.intake.complete(w.id, [], String(err));
      else await this.intake.failed(w.id, String(err));
    }
  }

  /** Send one reply from the outbox; retried later when the provider may take it then. */
  private async runSend(s: ClaimedSend): Promise<void> {
    await this.sendRow(s);
  }

  /** Send a claimed outbox row and record the outcome: sent, to try again later, or given up. */
  private async sendRow(s: ClaimedSend): Promise<SendResult> {
    const { ref, message } = s.payload as { ref: ConversationRef; message: StoredMessage };
    const adapter = this.adapters.get(s.channel);
    if (!adapter) {
      const error = `no adapter mounted for channel "${s.channel}"`;
      await this.outbox.failed(s.id, error);
      return { messageId: message.id, ok: false, error };
    }
    let result: SendResult | undefined;
    try {
      [result] = await adapter.send(ref, [{ ...message, createdAt: new Date(message.createdAt) }]);
    } catch (err) {
      result = { messageId: message.id, ok: false, error: String(err), retryable: true };
    }
    if (result?.ok) {
      await this.outbox.sent(s.id);
      return result;
    }
    const error = result?.error ?? 'not sent';
    if (result?.retryable && s.attempts < (this.options.maxSendAttempts ?? 5)) {
      const delay = (this.options.sendRetrySeconds ?? 30) * 2 ** (s.attempts - 1);
      this.log.warn('reply not sent; trying again later', { channel: s.channel, messageId: message.id, attempts: s.attempts, inSeconds: delay });
      await this.outbox.retryLater(s.id, error, delay);
    } else {
      await this.outbox.failed(s.id, error);
    }
    return result ?? { messageId: message.id, ok: false, error };
  }

  private async identify(event: InboundEvent, phone: string | undefined): Promise<string> {
    const { channel, userId } = event.conversation;
    const customerId = await this.options.channels.ensureIdentity(channel, userId, { phone, name: event.from.name, linkByPhone: this.options.linkByPhone ?? true });
    await this.options.channels.touchWindow(customerId, channel, event.timestamp ?? new Date());
    return customerId;
  }

  private async answer(event: InboundEvent, phone: string | undefined): Promise<Outgoing | undefined> {
    const { channels, bot } = this.options;
    const { channel, userId } = event.conversation;
    const adapter = this.adapters.get(channel);
    const ref = event.conversation;
    // The chat endpoints' own messages (resumed after a crash): answered as they would have been.
    if (!adapter || adapter.live) return this.handled(event, async () => ({ ref, replies: (await bot.handle(event)).replies }));
    // A delivery already answered (its work resumed after the turn finished) shows no "typing" again.
    const answered = await channels.answered(channel, userId, event.externalId);
    const customerId = await this.identify(event, phone);
    if (!answered && adapter.capabilities.suggestionStyle === 'numbered-text' && event.type === 'message') {
      const choice = numberedChoice(event.text, await channels.lastSuggestions(customerId));
      if (choice) event = { ...event, type: 'choose', choice };
    }
    // Read receipt and typing run while the bot thinks; the reply is queued after them.
    const ack = answered ? undefined : adapter.acknowledge?.(ref, event).catch((err) => this.log.warn('acknowledge failed', { channel, error: String(err) }));
    try {
      return await this.handled(event, async () => {
        const result = await bot.handle(event);
        if (result.duplicate) this.log.info('duplicate delivery: its replies are queued once', { channel, externalId: event.externalId });
        return { ref, replies: result.replies };
      });
    } finally {
      await ack;
    }
  }

  /** Run a turn; a message the bot refuses (empty, too long) is logged and answered with nothing. */
  private async handled(event: InboundEvent, turn: () => Promise<Outgoing>): Promise<Outgoing | undefined> {
    try {
      return await turn();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      this.log.info('message refused', { channel: event.conversation.channel, code: err.code, externalId: event.externalId });
      return undefined;
    }
  }

  private async control(action: 'opt-out' | 'opt-in' | 'help', event: InboundEvent, phone: string | undefined): Promise<Outgoing | undefined> {
    const { channels } = this.options;
    const { channel, userId } = event.conversation;
    // Recorded as a delivery, so a provider's retry after this item is done is not stored again.
    // Doing it twice (work resumed after a crash) is harmless: opting out is idempotent, and
    // the HELP reply is queued once under its fixed id.
    await channels.claim(channel, userId, event.externalId);
    const customerId = await this.identify(event, phone);
    const keyword = event.text?.trim().toUpperCase();
    if (action === 'help') {
      const lang = event.lang ?? (await this.options.languageOf?.(customerId, channel)) ?? this.options.defaultLang;
      const help: StoredMessage = {
        id: `help:${channel}:${userId}:${event.externalId}`, conversationId: '', seq: 0, role: 'system', channel,
        text: this.options.helpText ?? t('sms.help', lang, {}, this.options.defaultLang), createdAt: new Date(),
      };
      this.log.info('help keyword answered', { channel });
      return { ref: event.conversation, replies: [help] };
    }
    await channels.setOptOut(customerId, channel, action === 'opt-out', keyword);
    this.log.info(action === 'opt-out' ? 'customer opted out' : 'customer opted in', { channel, customerId, keyword });
    return undefined;
  }
}

/** A stored item as the runtime handles it: dates back from their JSON strings. */
function reviveItem(item: WebhookItem): WebhookItem {
  if ((item.kind === 'event' || item.kind === 'control') && typeof item.event.timestamp === 'string') {
    return { ...item, event: { ...item.event, timestamp: new Date(item.event.timestamp) } };
  }
  if (item.kind === 'watermark' && typeof item.watermark === 'string') return { ...item, watermark: new Date(item.watermark) };
  return item;
}
