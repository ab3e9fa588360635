/**
 * What the inbox needs from the knowledge side, as small structural interfaces: the live
 * knowledge base, admin/knowledge's DraftStore, Publisher and audit log all fit them.
 */
import type { EntryVariant, FaqEntry } from '../../knowledge/index.ts';
import type { Actor } from '../knowledge/index.ts';

export type { Actor };

/** The live knowledge base: titles, ids in use, and the texts the grouping's IDF comes from. */
export interface LiveKnowledgePort {
  readonly version: number | undefined;
  entries(): FaqEntry[];
  entry(id: string): FaqEntry | undefined;
  variant(entryId: string, lang: string): EntryVariant | undefined;
  /** Words of a question no entry of the language uses (KnowledgeBase.unknownWords): synonyms to offer. */
  unknownWords?(text: string, lang: string): string[];
}

/** The drafts being edited (admin/knowledge/draft-store.ts). */
export interface DraftsPort {
  get(id: string): Promise<{ entry: FaqEntry; revision: number } | undefined>;
  addAlternates(entryId: string, lang: string, texts: string[], actor: Actor): Promise<{ record: { entry: FaqEntry; revision: number }; added: string[] }>;
  entries(): Promise<FaqEntry[]>;
  create(input: unknown, actor: Actor, action?: string): Promise<{ entry: FaqEntry; revision: number }>;
  update(id: string, input: unknown, revision: number, actor: Actor, action?: string): Promise<{ entry: FaqEntry; revision: number }>;
}

/** A publish as the API shows it (admin/knowledge/publisher.ts). */
export interface PublishJobLike {
  id: string;
  state: 'running' | 'done' | 'failed';
}

/** The publisher (admin/knowledge/publisher.ts). */
export interface PublisherPort<Job extends PublishJobLike = PublishJobLike> {
  readonly current: Job | undefined;
  start(actor: Actor, note?: string): Job;
  wait(jobId: string): Promise<Job>;
}

/** The knowledge audit log (admin/knowledge/audit-log.ts). */
export interface AuditPort {
  record(e: { actor?: Actor; action: string; entityId?: string; before?: unknown; after?: unknown }): Promise<void>;
}
