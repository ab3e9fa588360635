import { AppError } from '../../errors/index.ts';

/** Why a knowledge edit was refused. */
export type EditErrorCode = 'not_found' | 'exists' | 'stale_revision' | 'invalid' | 'publish_running' | 'malformed';

/** Extra data for the client: the current revision on a conflict, file and line of a malformed import, zod issues. */
export interface EditErrorData { revision?: number; file?: string; line?: number; details?: unknown[] }

/**
 * A refused knowledge edit: unknown entry, id taken, somebody saved first (stale revision),
 * invalid content, a publish already running, or a malformed import file (with file and line).
 * One subclass per answer status; `revision`, `file` and `line` are answered beside the message.
 */
export abstract class KnowledgeEditError extends AppError {
  override name = 'KnowledgeEditError';
  declare readonly code: EditErrorCode;

  constructor(code: EditErrorCode, message: string, readonly data: EditErrorData = {}, options?: { cause?: unknown }) {
    const { details, ...fields } = data;
    super(code, message, { details, fields, cause: options?.cause });
  }
}

/** 404: no such entry, variant, publish job or version. */
export class KnowledgeNotFoundError extends KnowledgeEditError {
  readonly status = 404;
  constructor(message: string) {
    super('not_found', message);
  }
}

/** 409: the id is taken, somebody saved first (with the current `revision`), or a publish is running. */
export class KnowledgeConflictError extends KnowledgeEditError {
  readonly status = 409;
  constructor(code: 'exists' | 'stale_revision' | 'publish_running', message: string, data?: { revision: number }) {
    super(code, message, data);
  }
}

/** 400 `bad_request`: the entry breaks the editor's rules (zod issues in `details`). */
export class InvalidEntryError extends KnowledgeEditError {
  readonly status = 400;
  override get publicCode() {
    return 'bad_request';
  }

  constructor(message: string, data?: { details?: unknown[] }) {
    super('invalid', message, data);
  }
}

/** 422: an import file that cannot be read, with the `file` and `line` of the first problem. */
export class MalformedImportError extends KnowledgeEditError {
  readonly status = 422;
  constructor(message: string, data: { line?: number; file?: string; details?: unknown[] }, options?: { cause?: unknown }) {
    super('malformed', message, data, options);
  }
}
