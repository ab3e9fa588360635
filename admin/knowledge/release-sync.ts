import { randomUUID } from 'node:crypto';
import { silentLogger, type Database, type Logger } from '../../bot/index.ts';
import type { FaqEntry, KnowledgeBase } from '../../knowledge/index.ts';
import { KeyedQueue } from '../../shared/index.ts';
import { publishedSourceHash } from './publisher.ts';
import { canonicalEntry } from './schema.ts';
import { RedisChannel, type RedisChannelOptions, type RedisHealth } from '../redis-channel.ts';

export interface ReleaseSyncOptions {
  db: Database;
  knowledge: KnowledgeBase;
  /** With Redis, other instances are told at once; without it they catch up at their next start. */
  redisUrl?: string;
  /** Redis channel. Default "faqbot:knowledge". */
  channel?: string;
  /** This instance's name in releases and logs. Default: a random id. */
  origin?: string;
  logger?: Logger;
  /** The Redis watchdog's timings (see RedisChannel); defaults suit production. */
  redisWatch?: Pick<RedisChannelOptions, 'checkMs' | 'stuckMs' | 'publishTimeoutMs'>;
}

interface ReleaseRow { id: string | number; action: string; source_hash: string; entries: FaqEntry[] | string; origin: string | null }

/**
 * Keeps every instance answering from the same content. Each instance has its own index
 * folder, so a publish on one instance is recorded as a release (its entries, in the shared
 * database) and announced over Redis; the others republish those entries (only texts they
 * have not embedded yet cost anything) and switch atomically, as a local publish does.
 * An instance that was down catches up when it starts, and one that lost Redis for a while when
 * its subscription is back.
 *
 * @example
 * const sync = await ReleaseSync.start({ db, knowledge, redisUrl });
 * // after a publish or rollback here:
 * await sync.released('publish');
 */
export class ReleaseSync {
  readonly origin: string;
  private readonly log: Logger;
  /** Catch-ups, one at a time. */
  private readonly catchUps = new KeyedQueue<'catch-up'>();
  private redis?: RedisChannel;
  private announce?: (message: string) => Promise<void>;
  /** The last announcement Redis did not take. */
  private unannounced?: string;

  private constructor(private readonly options: ReleaseSyncOptions) {
    this.origin = options.origin ?? randomUUID();
    this.log = options.logger ?? silentLogger;
  }

  /** Connect (Redis, when configured) and catch up with the latest release, in the background. */
  static async start(options: ReleaseSyncOptions): Promise<ReleaseSync> {
    const sync = new ReleaseSync(options);
    if (options.redisUrl) await sync.connect(options.redisUrl, options.channel ?? 'faqbot:knowledge');
    void sync.catchUp();
    return sync;
  }

  private async connect(url: string, channel: string): Promise<void> {
    const redis = await RedisChannel.open({
      url, channel, purpose: 'knowledge releases', logger: this.log, ...this.options.redisWatch,
      onMessage: (message) => {
        let origin: unknown;
        try {
          origin = (JSON.parse(message) as { origin?: unknown }).origin;
        } catch {
          return;
        }
        if (origin !== this.origin) void this.catchUp();
      },
      // Back after an outage: releases announced meanwhile were not heard (they are in the
      // database), and one made here was not told.
      onBack: () => {
        void this.catchUp();
        const pending = this.unannounced;
        this.unannounced = undefined;
        if (pending) void this.announce?.(pending).catch(() => undefined);
      },
    });
    this.redis = redis;
    this.announce = async (message) => {
      if (await redis.publish(message)) return;
      this.unannounced = message;
      throw new Error('redis did not take the announcement: it is sent again when redis is back');
    };
  }

  /** Redis's state for readiness checks; undefined without Redis. */
  redisHealth(): RedisHealth | undefined {
    return this.redis?.health();
  }

  /** The live content's hash, as releases record it. */
  private liveHash(): string {
    return this.options.knowledge.sourceHash ?? publishedSourceHash(this.options.knowledge.entries().map(canonicalEntry));
  }

  /** Record what just went live here and tell the other instances. */
  async released(action: 'publish' | 'rollback', note?: string): Promise<void> {
    const entries = this.options.knowledge.entries().map(canonicalEntry);
    const [row] = await this.options.db.query<{ id: string | number }>(
      'insert into knowledge_releases (action, source_hash, entries, note, origin) values ($1, $2, $3::jsonb, $4, $5) returning id',
      [action, this.liveHash(), JSON.stringify(entries), note ?? null, this.origin]);
    await this.announce?.(JSON.stringify({ releaseId: String(row!.id), origin: this.origin })).catch((err: unknown) => {
      this.log.warn('could not announce a knowledge release', { error: String(err) });
    });
  }

  /**
   * Switch to the latest release when the live content differs from it. Runs one at a time;
   * repeats when a newer release landed meanwhile, so instances converge on the latest.
   */
  catchUp(): Promise<void> {
    return this.catchUps.run('catch-up', async () => {
      try {
        for (let attempt = 0; attempt < 3; attempt++) {
          const [latest] = await this.options.db.query<ReleaseRow>('select * from knowledge_releases order by id desc limit 1');
          if (!latest || latest.source_hash === this.liveHash()) return;
          const entries = typeof latest.entries === 'string' ? (JSON.parse(latest.entries) as FaqEntry[]) : latest.entries;
          const result = await this.options.knowledge.publish(entries, { note: `release ${latest.id} (${latest.action} on ${latest.origin ?? 'another instance'})`, sourceHash: latest.source_hash });
          this.log.info('knowledge switched to another instance\'s release', { release: String(latest.id), version: result.version });
        }
      } catch (err) {
        this.log.warn('could not switch to the latest knowledge release', { error: String(err) });
      }
    });
  }

  async close(): Promise<void> {
    await this.catchUps.idle();
    await this.redis?.close();
  }
}
