import { createHmac, randomUUID } from 'node:crypto';
import { silentLogger, type Database, type Logger } from '../../bot/index.ts';
import { withRetries } from '../../shared/index.ts';

/** Header carrying the HMAC-SHA256 of the raw body: `sha256=<hex>`. */
export const SIGNATURE_HEADER = 'X-Signature-256';

/** The value of the signature header for `body` (the exact bytes sent). */
export function signWebhook(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface WebhookOptions {
  /** Where every handoff event is POSTed. */
  urls: string[];
  /** HMAC key for the signature header; receivers check it over the raw body. */
  secret: string;
  /** Attempts after the first one, for network errors, timeouts, 408, 429 and 5xx. Default 5. */
  retries?: number;
  /** First backoff delay in ms, doubled each attempt with jitter. Default 1000. */
  baseDelayMs?: number;
  /** Longest wait between attempts in ms. Default 60000. */
  maxDelayMs?: number;
  /** Per-attempt timeout in ms. Default 10000. */
  timeoutMs?: number;
  logger?: Logger;
}

/** One delivery of one event to one URL, as recorded. */
export interface WebhookDelivery {
  id: string;
  url: string;
  eventName: string;
  conversationId?: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string; url: string; event_name: string; conversation_id: string | null; body: string; status: WebhookDelivery['status'];
  attempts: number; last_status: number | null; last_error: string | null; created_at: Date | string; updated_at: Date | string;
}

const toDelivery = (r: Row): WebhookDelivery => ({
  id: r.id, url: r.url, eventName: r.event_name, conversationId: r.conversation_id ?? undefined, status: r.status,
  attempts: Number(r.attempts), lastStatus: r.last_status ?? undefined, lastError: r.last_error ?? undefined,
  createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
});

const RETRYABLE_STATUS = (s: number) => s === 408 || s === 429 || s >= 500;

/**
 * Delivers handoff events (`handoff.initiate`, `handoff.status`) to configured webhooks:
 * signed with HMAC-SHA256 over the raw body, retried with exponential backoff, and every
 * attempt recorded in `webhook_deliveries` (a failure is visible in the console, never silent).
 * Deliveries left pending by a stopped process are picked up by `resumeStale()` at start.
 */
export class WebhookDispatcher {
  private readonly log: Logger;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve(): void }>();
  private closed = false;

  constructor(private readonly db: Database, private readonly options: WebhookOptions) {
    this.log = options.logger ?? silentLogger;
  }

  /** Queue `activity` (a Bot Framework event) for every URL; returns at once. */
  async send(eventName: string, conversationId: string | undefined, activity: unknown): Promise<void> {
    const body = JSON.stringify(activity);
    for (const url of this.options.urls) {
      const id = randomUUID();
      await this.db.query("insert into webhook_deliveries (id, url, event_name, conversation_id, body, status) values ($1, $2, $3, $4, $5, 'pending')",
        [id, url, eventName, conversationId ?? null, body]);
      this.track(this.deliver(id, url, eventName, body, 0));
    }
  }

  /** Pick up deliveries a stopped process left pending (untouched for `staleMs`). */
  async resumeStale(staleMs = 5 * 60_000): Promise<number> {
    const rows = await this.db.query<Row>(
      "update webhook_deliveries set updated_at = now() where status = 'pending' and updated_at < now() - ($1::text || ' milliseconds')::interval returning *", [String(staleMs)]);
    for (const r of rows) this.track(this.deliver(r.id, r.url, r.event_name, r.body, Number(r.attempts)));
    return rows.length;
  }

  /** Deliveries of one conversation's events, oldest first. */
  async deliveries(conversationId: string): Promise<WebhookDelivery[]> {
    const rows = await this.db.query<Row>('select * from webhook_deliveries where conversation_id = $1 order by created_at, id', [conversationId]);
    return rows.map(toDelivery);
  }

  /** Resolves when every delivery started so far has succeeded or given up. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** Stop retrying; unfinished deliveries stay pending for `resumeStale()`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.resolve();
    }
    await this.idle();
  }

  private track(p: Promise<void>) {
    const run = p.catch((err) => this.log.error('webhook delivery crashed', { error: String(err) }));
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => { this.timers.delete(entry); resolve(); }, ms), resolve };
      this.timers.add(entry);
    });
  }

  private async deliver(id: string, url: string, eventName: string, body: string, attemptsBefore: number): Promise<void> {
    const { retries = 5, baseDelayMs = 1000, maxDelayMs = 60_000, timeoutMs = 10_000 } = this.options;
    if (attemptsBefore > retries) return;
    await withRetries(async (attempt) => {
      if (this.closed) return;
      let status: number | undefined;
      let error: string | undefined;
      try {
        const res = await fetch(url, {
          method: 'POST',
          body,
          headers: {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: signWebhook(this.options.secret, body),
            'x-faqbot-event': eventName,
            'x-faqbot-delivery': id,
          },
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          await this.db.query("update webhook_deliveries set status = 'delivered', attempts = $2, last_status = $3, last_error = null, updated_at = now() where id = $1", [id, attempt, status]);
          this.log.info('webhook delivered', { id, url, eventName, attempt });
          return;
        }
        error = `HTTP ${status}`;
      } catch (err) {
        error = (err as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : String((err as Error).cause ?? err);
      }
      const retryable = status === undefined || RETRYABLE_STATUS(status);
      const last = !retryable || attempt > retries;
      await this.db.query('update webhook_deliveries set status = $2, attempts = $3, last_status = $4, last_error = $5, updated_at = now() where id = $1',
        [id, last ? 'failed' : 'pending', attempt, status ?? null, error]);
      if (last) {
        this.log.error('webhook delivery failed', { id, url, eventName, attempts: attempt, status, error });
        return;
      }
      this.log.warn('webhook delivery will be retried', { id, url, attempt, status, error });
      throw new DeliveryFailed();
    }, { retries, baseDelayMs, maxDelayMs, attemptsBefore, retryable: (err) => err instanceof DeliveryFailed, sleep: (ms) => this.sleep(ms) });
  }
}

/** An attempt that failed and was recorded as pending: the next one follows after a backoff. */
class DeliveryFailed extends Error {
  override name = 'DeliveryFailed';
}
