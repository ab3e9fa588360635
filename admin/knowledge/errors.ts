/** Why a knowledge edit was refused; the routes map each code to an HTTP status. */
export type EditErrorCode = 'not_found' | 'exists' | 'stale_revision' | 'invalid' | 'publish_running' | 'malformed';

const STATUS: Record<EditErrorCode, number> = {
  not_found: 404, exists: 409, stale_revision: 409, invalid: 400, publish_running: 409, malformed: 422,
};

/**
 * A refused knowledge edit: unknown entry, id taken, somebody saved first (stale revision),
 * invalid content, a publish already running, or a malformed import file (with file and line).
 */
export class KnowledgeEditError extends Error {
  override name = 'KnowledgeEditError';
  constructor(
    readonly code: EditErrorCode,
    message: string,
    /** Extra data for the client: the current revision on a conflict, file and line of a malformed import, zod issues. */
    readonly data: { revision?: number; file?: string; line?: number; details?: unknown[] } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** HTTP status for this refusal. */
  get status(): number {
    return STATUS[this.code];
  }
}
