import { createHash, randomBytes } from 'node:crypto';
import { RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Database } from '../../bot/index.ts';

export interface LoginThrottleOptions {
  /** The database the counters live in: shared by every instance, kept across restarts. */
  db: Database;
  /** Failed sign-ins of one client for one email before it must wait (1 minute, doubling, at most 1 hour). Default 5. */
  maxFailed?: number;
  /**
   * Failed sign-ins from one IP (any email) within 15 minutes before that IP must wait for the
   * window to end. Stops one client from trying a password against many accounts. Default 30.
   */
  maxFailedPerIp?: number;
}

/** Where a sign-in attempt comes from, as the throttle tells them apart. */
export interface LoginClient {
  email: string;
  ip: string;
  /** The `faqbot_device` cookie, if the browser has one. */
  deviceToken?: string;
}

export type LoginVerdict =
  | { allowed: true; known: boolean }
  | { allowed: false; retryAfterSeconds: number };

const TABLE = 'login_throttle';
const DAY = 24 * 3600;
const MAX_DELAY_SECONDS = 3600;

const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex');

/**
 * Sign-in throttling that no one can turn into a lock-out of the account's owner.
 *
 * Failures slow down the client that made them: each (email, IP) pair, or each known device,
 * waits 1, 2, 4… minutes (at most an hour) once it reaches `maxFailed`. Failures of one email
 * from everywhere add a wait for clients the account has never signed in from; failures from
 * one IP over many emails add a wait for that IP. A client the account signed in from before
 * (its device cookie, or the same IP) skips those two, so an attacker elsewhere, however
 * persistent, never keeps the owner out. Counters live in the database (rate-limiter-flexible's
 * PostgreSQL store over PGlite or a server), so every instance counts together and a restart
 * forgets nothing.
 */
export class LoginThrottle {
  private readonly maxFailed: number;
  private readonly maxFailedPerIp: number;
  private readonly failures: RateLimiterAbstract;
  private readonly ipFailures: RateLimiterAbstract;
  private readonly waits: RateLimiterAbstract;
  private readonly known: RateLimiterAbstract;

  constructor(options: LoginThrottleOptions) {
    this.maxFailed = options.maxFailed ?? 5;
    this.maxFailedPerIp = options.maxFailedPerIp ?? 30;
    // The store speaks node-postgres's `query({ text, values })`; give it the project's database.
    const storeClient = {
      query: async (q: { text: string; values?: unknown[] }) => {
        const rows = await options.db.query(q.text, q.values);
        return { rows, rowCount: rows.length };
      },
    };
    const limiter = (keyPrefix: string, duration: number, points = 1) => new RateLimiterPostgres({
      storeClient, storeType: 'client', tableName: TABLE, tableCreated: true, clearExpiredByTimeout: false, keyPrefix, points, duration,
    });
    this.failures = limiter('fail', DAY, Number.MAX_SAFE_INTEGER);
    this.ipFailures = limiter('ipfail', 15 * 60, Number.MAX_SAFE_INTEGER);
    this.waits = limiter('wait', 1);
    this.known = limiter('known', 365 * DAY, Number.MAX_SAFE_INTEGER);
  }

  /** Whether this attempt may check the password now; if not, how long to wait. */
  async check(client: LoginClient): Promise<LoginVerdict> {
    const { key, known } = await this.identify(client);
    const waits = [await this.waitLeft(key)];
    if (!known) {
      waits.push(await this.waitLeft(hash('email', client.email)));
      const fromIp = await this.ipFailures.get(hash('ip', client.ip));
      if (fromIp && fromIp.consumedPoints >= this.maxFailedPerIp) waits.push(Math.ceil(fromIp.msBeforeNext / 1000));
    }
    const wait = Math.max(...waits);
    return wait > 0 ? { allowed: false, retryAfterSeconds: wait } : { allowed: true, known };
  }

  /** A wrong password: count it for the client, the email and the IP. */
  async failed(client: LoginClient): Promise<void> {
    await this.count(this.failures, (await this.identify(client)).key);
    await this.count(this.failures, hash('email', client.email));
    await this.ipFailures.penalty(hash('ip', client.ip));
  }

  /**
   * The right password: forget this client's failures and the email's, remember the IP and the
   * device for this account, and return the device token to set as a cookie.
   */
  async succeeded(client: LoginClient): Promise<string> {
    for (const key of [(await this.identify(client)).key, hash('email', client.email)]) {
      await this.failures.delete(key);
      await this.waits.delete(key);
    }
    await this.known.penalty(hash('ip-of', client.email, client.ip));
    const token = client.deviceToken && (await this.known.get(hash('device-of', client.email, client.deviceToken))) ? client.deviceToken : randomBytes(24).toString('base64url');
    await this.known.penalty(hash('device-of', client.email, token));
    return token;
  }

  /**
   * The key this client's own failures count under (its device when the account knows it, else
   * the email and IP together), and whether the account signed in from this device or IP before.
   */
  private async identify(client: LoginClient): Promise<{ key: string; known: boolean }> {
    if (client.deviceToken && await this.known.get(hash('device-of', client.email, client.deviceToken))) {
      return { key: hash('device', client.email, client.deviceToken), known: true };
    }
    return { key: hash('pair', client.email, client.ip), known: !!(await this.known.get(hash('ip-of', client.email, client.ip))) };
  }

  /** Count one failure under `key`; from `maxFailed` on, that key waits 1, 2, 4… minutes. */
  private async count(limiter: RateLimiterAbstract, key: string): Promise<void> {
    const n = (await limiter.penalty(key)).consumedPoints;
    if (n >= this.maxFailed) await this.waits.block(key, Math.min(MAX_DELAY_SECONDS, 60 * 2 ** (n - this.maxFailed)));
  }

  private async waitLeft(key: string): Promise<number> {
    const w = await this.waits.get(key);
    return w && w.consumedPoints > 1 ? Math.ceil(w.msBeforeNext / 1000) : 0;
  }
}
