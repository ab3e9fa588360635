import { silentLogger, type Database, type Logger } from '../../bot/index.ts';
import type { FaqEntry, KnowledgeBase } from '../../knowledge/index.ts';
import type { Actor } from './audit-log.ts';
import { DraftStore, type DraftRecord } from './draft-store.ts';
import { Publisher } from './publisher.ts';
import { ReleaseSync } from './release-sync.ts';
import { canonicalEntry } from './schema.ts';

/** Told when an entry was created through the API (the unanswered inbox resolves its group). */
export type EntryCreatedListener = (e: { record: DraftRecord; actor: Actor; fromUnanswered?: string }) => void | Promise<void>;

export interface KnowledgeEditingOptions {
  db: Database;
  /** The live knowledge base the bot answers from. */
  knowledge: KnowledgeBase;
  /** Configured default language (DEFAULT_LANG). Default "en". */
  defaultLang?: string;
  logger?: Logger;
  /** With Redis, a publish here makes the other instances switch to the same content at once. */
  redisUrl?: string;
  /** Redis channel for those announcements. Default "faqbot:knowledge". */
  redisChannel?: string;
}

/**
 * Everything the knowledge editor API works with: the drafts, the publisher and the live
 * knowledge base. Made once per process by `createAdmin`; the routes and helper B's unanswered
 * inbox and test console share it.
 *
 * @example
 * const editing = await KnowledgeEditing.create({ db, knowledge, defaultLang: 'en' });
 * await editing.drafts.addAlternates('return-an-item', 'en', ['send it back?'], actor);
 * const job = editing.publisher.start(actor, 'new phrasing');
 */
export class KnowledgeEditing {
  readonly drafts: DraftStore;
  readonly publisher: Publisher;
  readonly knowledge: KnowledgeBase;
  readonly defaultLang: string;
  readonly log: Logger;
  /** Keeps other instances on the same content (releases in the database, Redis announcements). */
  readonly sync: ReleaseSync;
  private readonly created: EntryCreatedListener[] = [];

  private constructor(options: KnowledgeEditingOptions, sync: ReleaseSync) {
    this.knowledge = options.knowledge;
    this.defaultLang = options.defaultLang ?? 'en';
    this.log = options.logger ?? silentLogger;
    this.sync = sync;
    this.drafts = new DraftStore(options.db);
    this.publisher = new Publisher({
      drafts: this.drafts, knowledge: options.knowledge, logger: this.log,
      onLive: ({ action, note }) => sync.released(action, note).catch((err: unknown) => this.log.warn('could not record a knowledge release', { error: String(err) })),
    });
  }

  /**
   * Set up, seeding the drafts from the live version when there are none yet, and switch to
   * the latest release of another instance when the live content differs (in the background).
   */
  static async create(options: KnowledgeEditingOptions): Promise<KnowledgeEditing> {
    const drafts = new DraftStore(options.db);
    if (await drafts.seedIfEmpty(options.knowledge.entries())) (options.logger ?? silentLogger).info('knowledge drafts seeded from the live version', { version: options.knowledge.version });
    const sync = await ReleaseSync.start({ db: options.db, knowledge: options.knowledge, redisUrl: options.redisUrl, channel: options.redisChannel, logger: options.logger });
    return new KnowledgeEditing(options, sync);
  }

  /** Stop listening for other instances' releases. */
  close(): Promise<void> {
    return this.sync.close();
  }

  /** The configured languages: those of the live version plus the default one. */
  languages(): string[] {
    return [...new Set([...this.knowledge.languages, this.defaultLang])].sort();
  }

  /** The live version's entries by id (in the drafts' canonical shape, for comparing). */
  liveEntries(): Map<string, FaqEntry> {
    return new Map(this.knowledge.entries().map((e) => [e.id, canonicalEntry(e)]));
  }

  /** Listen for entries created through `POST /api/admin/entries`. */
  onEntryCreated(listener: EntryCreatedListener): void {
    this.created.push(listener);
  }

  /** @internal Called by the entries route after a create. */
  async entryCreated(e: Parameters<EntryCreatedListener>[0]): Promise<void> {
    for (const l of this.created) {
      try {
        await l(e);
      } catch (err) {
        this.log.warn('entry-created listener failed', { entryId: e.record.entry.id, error: String(err) });
      }
    }
  }
}
