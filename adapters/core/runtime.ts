import { InputError, silentLogger, t, type Bot, type ConversationRef, type InboundEvent, type Logger, type StoredMessage } from '../../bot/index.ts';
import type { ChannelAdapter, SendResult, WebhookItem } from '../types.ts';
import type { ChannelStore } from './channel-store.ts';
import { numberedChoice } from './numbered-choice.ts';
import { WorkQueue } from './work-queue.ts';

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
  /** Items handled at once across customers (see WorkQueue). Default 8. */
  concurrency?: number;
}

/**
 * Runs what webhooks deliver, after the provider got its 200: links the customer, keeps the
 * window, lets the bot answer and sends the replies through the channel's adapter. Statuses,
 * keywords and ignored items are recorded or logged here, so the bot only ever sees messages.
 */
export class ChannelRuntime {
  readonly queue: WorkQueue;
  private readonly adapters = new Map<string, ChannelAdapter>();
  private readonly log: Logger;

  constructor(private readonly o: ChannelRuntimeOptions) {
    this.log = o.logger ?? silentLogger;
    this.queue = new WorkQueue(this.log, o.concurrency);
    for (const a of o.adapters) this.adapters.set(a.channel, a);
  }

  /** The adapter serving `channel`. */
  adapter(channel: string): ChannelAdapter | undefined {
    return this.adapters.get(channel);
  }

  /** Queue every item of a verified webhook; returns at once. */
  dispatch(items: WebhookItem[]): void {
    for (const item of items) {
      const key = item.kind === 'event' || item.kind === 'control' ? `${item.event.conversation.channel}\0${item.event.conversation.userId}` : `status\0${item.channel}`;
      this.queue.push(key, () => this.process(item));
    }
  }

  /**
   * A payload whose signature was good but whose content was malformed: the provider got a 400
   * and will not send it again, so it is recorded for an operator (never throws).
   */
  async rejected(channel: string, reason: string, body: Buffer): Promise<void> {
    try {
      await this.o.channels.recordRejection({ channel, reason, body: body.toString('utf8') });
    } catch (err) {
      this.log.error('could not record a rejected webhook', { channel, reason, error: String(err) });
    }
  }

  /** Wait until everything dispatched so far was handled (tests, benchmarks, shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  async close(): Promise<void> {
    await this.queue.close();
  }

  /** Send messages (e.g. an agent's) through the conversation's channel. */
  async send(ref: ConversationRef, messages: StoredMessage[]): Promise<SendResult[]> {
    const adapter = this.adapters.get(ref.channel);
    if (!adapter) throw new Error(`no adapter mounted for channel "${ref.channel}"`);
    return adapter.send(ref, messages);
  }

  /** Handle one item now. */
  async process(item: WebhookItem): Promise<void> {
    const { channels } = this.o;
    switch (item.kind) {
      case 'event':
        return this.answer(item.event, item.phone);
      case 'control':
        return this.control(item.action, item.event, item.phone);
      case 'status': {
        const moved = await channels.recordStatus(item.channel, item.providerId, item.status, { error: item.error });
        this.log.debug('delivery status', { channel: item.channel, providerId: item.providerId, status: item.status, applied: moved });
        return;
      }
      case 'watermark': {
        const n = await channels.recordWatermark(item.channel, item.userId, item.status, item.watermark);
        this.log.debug('delivery watermark', { channel: item.channel, status: item.status, messages: n });
        return;
      }
      case 'ignored':
        this.log.info('webhook item ignored', { channel: item.channel, reason: item.reason, type: item.type });
        return;
    }
  }

  private async identify(event: InboundEvent, phone: string | undefined): Promise<string> {
    const { channel, userId } = event.conversation;
    const customerId = await this.o.channels.ensureIdentity(channel, userId, { phone, name: event.from.name, linkByPhone: this.o.linkByPhone ?? true });
    await this.o.channels.touchWindow(customerId, channel, event.timestamp ?? new Date());
    return customerId;
  }

  private async answer(event: InboundEvent, phone: string | undefined): Promise<void> {
    const { channels, bot } = this.o;
    const { channel } = event.conversation;
    const adapter = this.adapters.get(channel);
    if (!adapter) {
      this.log.error('no adapter for channel', { channel });
      return;
    }
    // Quick pre-check so a redelivery does not even show "typing"; the atomic claim is in bot.handle.
    if (await channels.seen(channel, event.conversation.userId, event.externalId)) {
      this.log.info('duplicate delivery ignored', { channel, externalId: event.externalId });
      return;
    }
    const customerId = await this.identify(event, phone);
    if (adapter.capabilities.suggestionStyle === 'numbered-text' && event.type === 'message') {
      const choice = numberedChoice(event.text, await channels.lastSuggestions(customerId));
      if (choice) event = { ...event, type: 'choose', choice };
    }
    // Read receipt and typing run while the bot thinks; the reply waits for them so it comes after.
    const ack = adapter.acknowledge?.(event.conversation, event).catch((err) => this.log.warn('acknowledge failed', { channel, error: String(err) }));
    let result;
    try {
      result = await bot.handle(event);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      this.log.info('message refused', { channel, code: err.code, externalId: event.externalId });
      return;
    } finally {
      await ack;
    }
    if (result.duplicate) {
      this.log.info('duplicate delivery ignored', { channel, externalId: event.externalId });
      return;
    }
    if (!result.replies.length) return;
    await adapter.send(event.conversation, result.replies);
  }

  private async control(action: 'opt-out' | 'opt-in' | 'help', event: InboundEvent, phone: string | undefined): Promise<void> {
    const { channels } = this.o;
    const { channel } = event.conversation;
    if (!await channels.claim(channel, event.conversation.userId, event.externalId)) {
      this.log.info('duplicate delivery ignored', { channel, externalId: event.externalId });
      return;
    }
    const customerId = await this.identify(event, phone);
    const keyword = event.text?.trim().toUpperCase();
    if (action === 'help') {
      const adapter = this.adapters.get(channel);
      const lang = event.lang ?? (await this.o.languageOf?.(customerId, channel)) ?? this.o.defaultLang;
      const help: StoredMessage = {
        id: `help:${channel}:${event.externalId}`, conversationId: '', seq: 0, role: 'system', channel,
        text: this.o.helpText ?? t('sms.help', lang, {}, this.o.defaultLang), createdAt: new Date(),
      };
      await adapter?.send(event.conversation, [help]);
      this.log.info('help keyword answered', { channel });
      return;
    }
    await channels.setOptOut(customerId, channel, action === 'opt-out', keyword);
    this.log.info(action === 'opt-out' ? 'customer opted out' : 'customer opted in', { channel, customerId, keyword });
  }
}
