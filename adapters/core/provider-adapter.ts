import { silentLogger, type ConversationRef, type Logger, type StoredMessage } from '../../bot/index.ts';
import type { ChannelAdapter, ChannelCapabilities, DeliveryStatus, SendResult } from '../types.ts';
import type { ChannelStore } from './channel-store.ts';
import { AdapterError, OptedOutError, WindowClosedError } from './errors.ts';
import { callProvider, type RetryOptions } from './http.ts';

/** What every HTTP-API adapter needs besides its secrets. */
export interface ProviderAdapterDeps {
  channels: ChannelStore;
  logger?: Logger;
  /** Retry and timeout policy for provider calls. */
  retry?: RetryOptions;
  /** Clock, for the customer-service window. Default `() => new Date()`. */
  now?: () => Date;
}

/** Where the conversation stands with respect to the channel's customer-service window. */
export interface WindowState {
  hours: number;
  open: boolean;
  lastInboundAt?: Date;
  /** Hours since the customer's last message (Infinity when they never wrote). */
  hoursSince: number;
}

/** One provider API call that carries (part of) a message. */
export interface PlannedCall {
  url: string;
  init: RequestInit;
  /** The provider's id for the sent message, read from its response. */
  providerId(body: unknown): string | undefined;
  /** Status the message has once the API accepted it. Default "sent". */
  acceptedAs?: DeliveryStatus;
}

/**
 * Shared sending logic of the provider adapters: opt-out and window checks before any call,
 * the calls themselves with retries, a delivery row per provider message id, and a recorded
 * failure (never a silent "sent") when the provider refuses or the adapter gives up.
 * Subclasses only say how a message becomes API calls (`plan`).
 */
export abstract class ProviderAdapter implements ChannelAdapter {
  abstract readonly channel: string;
  abstract readonly capabilities: ChannelCapabilities;
  protected readonly log: Logger;
  protected readonly now: () => Date;

  constructor(protected readonly deps: ProviderAdapterDeps) {
    this.log = deps.logger ?? silentLogger;
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * The API calls that deliver `message`.
   * @throws WindowClosedError when the message may not be sent now and no template applies.
   */
  protected abstract plan(ref: ConversationRef, message: StoredMessage, window: WindowState | undefined): PlannedCall[] | Promise<PlannedCall[]>;

  /** The provider's error code and message in an error body. */
  protected errorCode(_body: unknown): { code?: string; message?: string } {
    return {};
  }

  /** Whether a refusal is worth retrying: 429 and 5xx unless the provider says more. */
  protected retryable(status: number, _code: string | undefined): boolean {
    return status === 429 || status >= 500;
  }

  /** React to a provider refusal (e.g. record an opt-out the provider knows about). */
  protected async onRefused(_ref: ConversationRef, _err: AdapterError): Promise<void> {}

  async send(ref: ConversationRef, messages: StoredMessage[]): Promise<SendResult[]> {
    const results: SendResult[] = [];
    // One after the other: the customer must read them in order.
    for (const m of messages) results.push(await this.sendOne(ref, m));
    return results;
  }

  /** Window state for this address, or undefined when the channel has no window. */
  protected async windowState(ref: ConversationRef): Promise<WindowState | undefined> {
    const hours = this.capabilities.messagingWindowHours;
    if (!hours) return undefined;
    const customerId = await this.deps.channels.customerOf(ref.channel, ref.userId);
    const lastInboundAt = customerId ? await this.deps.channels.lastInbound(customerId, this.channel) : undefined;
    const hoursSince = lastInboundAt ? (this.now().getTime() - lastInboundAt.getTime()) / 3_600_000 : Infinity;
    return { hours, open: hoursSince < hours, lastInboundAt, hoursSince };
  }

  /** Call the provider with this adapter's retry policy. */
  protected call(url: string, init: RequestInit, retry: RetryOptions = this.deps.retry ?? {}) {
    return callProvider(this.channel, url, init, { ...retry, errorCode: (b) => this.errorCode(b), retryable: (s, c) => this.retryable(s, c) });
  }

  private async sendOne(ref: ConversationRef, m: StoredMessage): Promise<SendResult> {
    const { channels } = this.deps;
    const providerIds: string[] = [];
    try {
      const customerId = await channels.customerOf(ref.channel, ref.userId);
      if (customerId && await channels.isOptedOut(customerId, this.channel)) throw new OptedOutError(this.channel, ref.userId);
      const calls = await this.plan(ref, m, await this.windowState(ref));
      // Sent again after a crash (from the outbox): parts the provider already took are skipped,
      // and each call names its part, so a provider that honours idempotency keys drops a repeat
      // of the one call whose answer was lost.
      const taken = new Map((await channels.deliveries(m.id)).map((d) => [d.part, d.providerId]));
      for (const [part, c] of calls.entries()) {
        const known = taken.get(part);
        if (known) {
          providerIds.push(known);
          continue;
        }
        const res = await this.call(c.url, withIdempotencyKey(c.init, `${m.id}:${part}`));
        const providerId = c.providerId(res.body);
        if (!providerId) continue;
        providerIds.push(providerId);
        await channels.recordStatus(this.channel, providerId, c.acceptedAs ?? 'sent', { messageId: m.id, userId: ref.userId, part, sentAt: this.now() });
      }
      return { messageId: m.id, ok: true, providerId: providerIds[0], providerIds };
    } catch (err) {
      const e = err as Error;
      const adapterError = err instanceof AdapterError ? err : undefined;
      if (adapterError) await this.onRefused(ref, adapterError).catch(() => undefined);
      await channels.recordFailure({
        channel: this.channel, userId: ref.userId, messageId: m.id, error: e.message,
        httpStatus: adapterError?.status, providerCode: adapterError?.details.providerCode,
        retryable: adapterError?.retryable ?? false, attempts: adapterError?.details.attempts ?? (providerIds.length ? 1 : 0),
      });
      const expected = err instanceof AdapterError || err instanceof WindowClosedError || err instanceof OptedOutError;
      (expected ? this.log.warn : this.log.error)('message not sent', { channel: this.channel, messageId: m.id, error: e.message, sentParts: providerIds.length });
      return { messageId: m.id, ok: false, providerId: providerIds[0], providerIds, error: e.message, retryable: adapterError?.retryable ?? false };
    }
  }
}

/**
 * The request with an `Idempotency-Key` header: the same key for the same part of the same
 * message, however often it is sent.
 */
function withIdempotencyKey(init: RequestInit, key: string): RequestInit {
  const headers = new Headers(init.headers);
  headers.set('Idempotency-Key', key);
  return { ...init, headers };
}
