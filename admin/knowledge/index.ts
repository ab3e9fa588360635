/**
 * admin/knowledge: the knowledge editor's back end. Draft entries in the database, the
 * publisher (drafts → a new live version, rollback), the audit log, import/export formats
 * and the /api/admin routes of admin/KNOWLEDGE-API.md.
 */
export { KnowledgeEditing, type KnowledgeEditingOptions, type EntryCreatedListener } from './editing.ts';
export { DraftStore, validEntry, type DraftRecord } from './draft-store.ts';
export { AuditLog, type Actor, type AuditEvent } from './audit-log.ts';
export { Publisher, type PublishJob, type VersionSummary } from './publisher.ts';
export { ReleaseSync, type ReleaseSyncOptions } from './release-sync.ts';
export { InvalidEntryError, KnowledgeConflictError, KnowledgeEditError, KnowledgeNotFoundError, MalformedImportError, type EditErrorCode } from './errors.ts';
export { diffEntries, type EntryDiff } from './diff.ts';
export { EntrySchema, canonicalEntry, sameEntry } from './schema.ts';
export { listEntries, type EntrySummary, type EntryFilter } from './entry-list.ts';
export { knowledgeRoutes } from './routes.ts';
export { knowledgeGuards, actorOf } from './http.ts';
