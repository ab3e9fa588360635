/**
 * One error model for everything a client can be refused: a machine-readable `code`, the HTTP
 * `status` (fixed by the class, so no module keeps a code → status table), a message a person
 * can act on, and optional `details` (zod issues, the state that caused a conflict).
 * Everything else that reaches the edge is a bug and answers 500 without its message.
 */
export abstract class AppError extends Error {
  /** HTTP status of the answer; each kind below fixes its own. */
  abstract readonly status: number;
  /** Structured help: zod issues on a 400, the state that made a change conflict. */
  readonly details?: unknown;
  /** Fields answered beside `error` and `message`, for clients that read them there (`revision`, `file`, `line`). */
  readonly fields?: Record<string, unknown>;
  /** Sent as Retry-After: when asking again may work (429, 503). */
  readonly retryAfterSeconds?: number;

  constructor(
    /** Machine-readable reason: clients branch on it. */
    readonly code: string,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.details !== undefined) this.details = options.details;
    if (options.fields !== undefined) this.fields = options.fields;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** What a client sees as `error`; a subclass whose own `code` is finer may name a coarser one. */
  get publicCode(): string {
    return this.code;
  }
}

export interface AppErrorOptions {
  details?: unknown;
  fields?: Record<string, unknown>;
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The one error body every route answers: `{ error, message, details? }`, plus the class's
 * `fields` beside them.
 *
 * @example
 * errorBody(new NotFoundError('no entry "x"')) // { error: 'not_found', message: 'no entry "x"' }
 */
export function errorBody(err: AppError): ErrorBody {
  return { error: err.publicCode, message: err.message, ...err.fields, ...(err.details !== undefined ? { details: err.details } : {}) };
}

/** The JSON of every refused request (admin/openapi-errors.ts, schema `Error`). */
export interface ErrorBody {
  error: string;
  message: string;
  details?: unknown;
  [field: string]: unknown;
}

/** 400: the request is malformed or asks for something that cannot be. */
export class BadRequestError extends AppError { override name = 'BadRequestError'; readonly status = 400; }

/** 401: no valid credentials (not signed in, bad signature, bad token). */
export class UnauthorizedError extends AppError { override name = 'UnauthorizedError'; readonly status = 401; }

/** 403: known caller, not allowed (role, origin, not the conversation's holder). */
export class ForbiddenError extends AppError { override name = 'ForbiddenError'; readonly status = 403; }

/** 404: no such thing. */
export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  readonly status = 404;
  constructor(message: string, options?: AppErrorOptions) {
    super('not_found', message, options);
  }
}

/** 409: the request is fine but the current state refuses it (taken, stale, already running). */
export class ConflictError extends AppError { override name = 'ConflictError'; readonly status = 409; }

/** 413: the body is over the route's limit. */
export class PayloadTooLargeError extends AppError { override name = 'PayloadTooLargeError'; readonly status = 413; }

/** 415: a body in a type the route does not read. */
export class UnsupportedMediaTypeError extends AppError { override name = 'UnsupportedMediaTypeError'; readonly status = 415; }

/** 429: too many attempts; say when to try again with `retryAfterSeconds`. */
export class TooManyRequestsError extends AppError { override name = 'TooManyRequestsError'; readonly status = 429; }

/** 503: busy or still working on it; say when to try again with `retryAfterSeconds`. */
export class UnavailableError extends AppError { override name = 'UnavailableError'; readonly status = 503; }
