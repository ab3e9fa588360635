import { randomUUID } from 'node:crypto';
import { silentLogger, type Logger } from '../../bot/index.ts';
import { entriesHash, type FaqEntry, type KnowledgeBase, type PublishProgress, type PublishResult } from '../../knowledge/index.ts';
import type { Actor } from './audit-log.ts';
import { diffEntries } from './diff.ts';
import type { DraftStore } from './draft-store.ts';
import { KnowledgeConflictError, KnowledgeNotFoundError } from './errors.ts';
import { canonicalEntry } from './schema.ts';

/** A publish as the API shows it. */
export interface PublishJob {
  id: string;
  state: 'running' | 'done' | 'failed';
  /** "starting", then the knowledge base's phases (embedding, indexing, training, switching), then "done" or "failed". */
  phase: string;
  /** Texts embedded so far (or all of them, after embedding). */
  done: number;
  total: number;
  startedAt: string;
  finishedAt?: string;
  note?: string;
  actor: { id: string; email: string };
  /** `reusedModels`: a version trained on the same inputs gave its models, nothing was trained (see PublishResult). */
  result?: { version: number; rows: number; entries: number; seconds: number; reusedModels?: true };
  error?: string;
}

/** One version as `GET /api/admin/versions` lists it. */
export interface VersionSummary {
  version: number;
  createdAt: string;
  note?: string;
  entries: number;
  live: boolean;
}

export interface PublisherOptions {
  drafts: DraftStore;
  knowledge: KnowledgeBase;
  logger?: Logger;
  /** Called after a new version went live here (publish or rollback), e.g. to tell other instances. */
  onLive?: (result: { version: number; action: 'publish' | 'rollback'; note?: string }) => void | Promise<void>;
}

/** Hash of what a version was built from; "admin:" so app start-up never mistakes it for the sample folder. */
export function publishedSourceHash(entries: readonly FaqEntry[]): string {
  return `admin:${entriesHash(entries).slice(0, 24)}`;
}

/**
 * Publishes the drafts as a new knowledge-base version, in the background, one at a time.
 * The bot keeps answering from the live version until `KnowledgeBase.publish` switches to the
 * new one (atomically); a failed publish leaves the live version as it was. Rollback makes
 * an earlier version live again and turns the drafts into its entries. Both are audited.
 *
 * @example
 * const job = publisher.start(actor, 'new returns policy');
 * const finished = await publisher.wait(job.id); // finished.result.version
 */
export class Publisher {
  private readonly jobs = new Map<string, PublishJob>();
  private readonly finished = new Map<string, Promise<PublishJob>>();
  private running?: PublishJob;
  private rollingBack = false;
  private readonly log: Logger;

  constructor(private readonly options: PublisherOptions) {
    this.log = options.logger ?? silentLogger;
  }

  /** The publish in progress, if any. */
  get current(): PublishJob | undefined {
    return this.running;
  }

  /**
   * Start publishing the current drafts. Returns at once with the running job.
   * @throws KnowledgeEditError `publish_running` while another publish or a rollback runs.
   */
  start(actor: Actor, note?: string): PublishJob {
    if (this.running || this.rollingBack) throw new KnowledgeConflictError('publish_running', 'a publish is already running; wait for it to finish');
    const job: PublishJob = {
      id: randomUUID(), state: 'running', phase: 'starting', done: 0, total: 0, startedAt: new Date().toISOString(),
      note: note || undefined, actor: { id: actor.id, email: actor.email },
    };
    this.running = job;
    this.jobs.set(job.id, job);
    // Keep the last few jobs for their pollers; older ones are forgotten.
    for (const id of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - 20))) {
      this.jobs.delete(id);
      this.finished.delete(id);
    }
    this.finished.set(job.id, this.run(job, actor));
    return { ...job };
  }

  /** A job by id (a copy), while it is remembered. */
  job(id: string): PublishJob | undefined {
    const j = this.jobs.get(id);
    return j ? { ...j } : undefined;
  }

  /** Resolve when the job has finished (done or failed). */
  async wait(id: string): Promise<PublishJob> {
    const p = this.finished.get(id);
    if (!p) throw new KnowledgeNotFoundError(`no publish job ${id}`);
    await p;
    return this.job(id)!;
  }

  private async run(job: PublishJob, actor: Actor): Promise<PublishJob> {
    const previous = this.options.knowledge.version;
    try {
      const entries = await this.options.drafts.entries();
      const changes = diffEntries(this.options.knowledge.entries().map(canonicalEntry), entries);
      const result: PublishResult = await this.options.knowledge.publish(entries, {
        note: job.note, sourceHash: publishedSourceHash(entries),
        onProgress: (p: PublishProgress) => Object.assign(job, p),
      });
      Object.assign(job, { state: 'done', phase: 'done', finishedAt: new Date().toISOString(),
        result: { version: result.version, rows: result.rows, entries: result.entries, seconds: result.seconds, ...(result.reusedModels ? { reusedModels: true } : {}) } });
      await this.options.drafts.audit.record({
        actor, action: 'publish', entityId: `v${result.version}`, before: previous === undefined ? undefined : { version: previous },
        after: { version: result.version, note: job.note, entries: result.entries, added: changes.added, changed: changes.changed, removed: changes.removed },
      });
      this.log.info('knowledge published', { version: result.version, by: actor.email, seconds: result.seconds, trainSeconds: result.trainSeconds, reusedModels: result.reusedModels === true, trainedOn: result.trainedOn });
      // Trained on the main thread: every request waited meanwhile.
      if (result.trainingThreadError) this.log.warn('publish trained on the main thread: the training thread could not serve', { version: result.version, error: result.trainingThreadError });
      await this.options.onLive?.({ version: result.version, action: 'publish', note: job.note });
    } catch (err) {
      Object.assign(job, { state: 'failed', phase: 'failed', finishedAt: new Date().toISOString(), error: err instanceof Error ? err.message : String(err) });
      this.log.warn('knowledge publish failed', { by: actor.email, error: job.error });
    } finally {
      this.running = undefined;
    }
    return job;
  }

  /** Every version, newest first, and which one is live. */
  async versions(): Promise<{ live?: number; versions: VersionSummary[] }> {
    const live = this.options.knowledge.version;
    const list = await this.options.knowledge.versions();
    return {
      live,
      versions: list.map((v) => ({ version: v.version, createdAt: v.createdAt, note: v.note, entries: v.entries, live: v.version === live })).reverse(),
    };
  }

  /**
   * Make `version`'s content live again (recorded as a new version), and make the drafts
   * exactly that content, so the next publish does not bring the rolled-back edits back.
   * @throws KnowledgeEditError `not_found` for an unknown version, `publish_running` while publishing.
   */
  async rollback(version: number, actor: Actor): Promise<{ version: number }> {
    if (this.running || this.rollingBack) throw new KnowledgeConflictError('publish_running', 'a publish is running; roll back when it has finished');
    if (!(await this.options.knowledge.versions()).some((v) => v.version === version)) {
      throw new KnowledgeNotFoundError(`no knowledge-base version ${version}`);
    }
    this.rollingBack = true;
    try {
      const previous = this.options.knowledge.version;
      const result = await this.options.knowledge.rollback(version, `rollback to version ${version} by ${actor.email}`);
      // The live content came from a published version: take it as it is, without re-validating.
      const changes = await this.options.drafts.replaceAll(this.options.knowledge.entries(), actor, 'rollback', { validate: false });
      await this.options.drafts.audit.record({
        actor, action: 'rollback', entityId: `v${result.version}`, before: { version: previous },
        after: { version: result.version, from: version, added: changes.added, changed: changes.changed, removed: changes.removed },
      });
      this.log.info('knowledge rolled back', { to: version, version: result.version, by: actor.email });
      await this.options.onLive?.({ version: result.version, action: 'rollback', note: `rollback to version ${version}` });
      return { version: result.version };
    } finally {
      this.rollingBack = false;
    }
  }
}
