import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { z } from 'zod';
import {
  AppError, BadRequestError, errorBody, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError,
} from './app-error.ts';

/** The part of bot/'s Logger the edge uses (errors/ imports nothing of ours). */
export interface ErrorLog {
  debug(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface ErrorHandlerOptions {
  logger: ErrorLog;
  /** Log line of a failed request. Default "http request failed". */
  label?: string;
  /** Fields added to the log line (the webhook's endpoint). */
  fields?: Record<string, unknown>;
}

/**
 * The one Express error middleware: an AppError answers its own status and `errorBody`;
 * anything else is a bug, logged as an error with its stack and answered 500 `internal` without a
 * word of its message or stack. An AppError of 5xx (busy, still answering) is logged as a warning;
 * refusals (4xx) at debug, since the client was told why.
 *
 * @example
 * app.use(errorHandler({ logger }));
 */
export function errorHandler(o: ErrorHandlerOptions): ErrorRequestHandler {
  const label = o.label ?? 'http request failed';
  return (err, req, res, next) => {
    // Too late for a status line: Express ends the connection.
    if (res.headersSent) return next(err);
    const known = err instanceof AppError;
    const status = known ? err.status : 500;
    const line = { ...o.fields, method: req.method, path: req.path, status, error: String((err as Error)?.message ?? err) };
    if (!known) o.logger.error(label, { ...line, stack: (err as Error)?.stack });
    else (status >= 500 ? o.logger.warn : o.logger.debug)(label, { ...line, code: err.code });
    if (known && err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    res.status(status).json(known ? errorBody(err) : { error: 'internal', message: 'something went wrong' });
  };
}

/** The last route: whatever nothing answered is a 404 in the one error shape. */
export function notFound(message = 'no such route'): RequestHandler {
  return (_req, _res, next) => next(new NotFoundError(message));
}

/** Where a value was read from, named in a 400's message. */
export type InputPart = 'body' | 'query' | 'params';

/**
 * Parse untrusted input with a schema; a failure throws a 400 `bad_request` whose message names
 * the first problem ("body.entry.id: ...") and whose `details` lists every issue as `{ path, message }`.
 * Use it inline where a check must come first (an unknown id is a 404 before a bad body is a 400);
 * else `validate`.
 */
export function parseInput<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, part: InputPart = 'body', message?: string): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = details[0];
  throw new BadRequestError('bad_request', message ?? `${part}${first?.path ? `.${first.path}` : ''}: ${first?.message ?? 'invalid'}`, { details });
}

/** A `validate` middleware, and the values it parsed for a request. */
export interface Validator<B, Q> extends RequestHandler {
  body(req: Request): B;
  query(req: Request): Q;
}

/**
 * Middleware that parses the body and/or the query before the handler (a 400 with the issues in
 * `details` when they do not fit); the handler reads the parsed, typed values from it.
 * `message` replaces the generated one ("body.email: Required") where a plainer one helps.
 *
 * @example
 * const input = validate({ body: Dismiss });
 * router.post('/api/admin/unanswered/:id/dismiss', editors, input, async (req, res) => {
 *   res.json(await inbox.dismiss(String(req.params.id), input.body(req).reason));
 * });
 */
export function validate<B = undefined, Q = undefined>(schemas: {
  body?: z.ZodType<B, z.ZodTypeDef, unknown>;
  query?: z.ZodType<Q, z.ZodTypeDef, unknown>;
  message?: string;
}): Validator<B, Q> {
  const parsed = new WeakMap<Request, { body: B; query: Q }>();
  const middleware: RequestHandler = (req, _res, next) => {
    parsed.set(req, {
      body: (schemas.body ? parseInput(schemas.body, req.body, 'body', schemas.message) : undefined) as B,
      query: (schemas.query ? parseInput(schemas.query, req.query, 'query', schemas.message) : undefined) as Q,
    });
    next();
  };
  const get = (req: Request) => {
    const values = parsed.get(req);
    if (!values) throw new Error('validate(): the route does not run this validator before its handler');
    return values;
  };
  return Object.assign(middleware, { body: (req: Request) => get(req).body, query: (req: Request) => get(req).query });
}

/**
 * An Express body parser (express.json, express.raw, express.urlencoded) whose failures are
 * AppErrors: broken JSON is 400 `bad_json`, a body over the limit 413 `too_large`, an unknown
 * charset or encoding 415, an aborted or mis-sized upload 400.
 *
 * @example
 * app.use(readBody(express.json({ limit: '1mb' })));
 */
export function readBody(parser: RequestHandler): RequestHandler {
  return (req, res, next) => parser(req, res, (err?: unknown) => next(err === undefined ? undefined : bodyError(err)));
}

/** body-parser marks its errors with a `type`; anything else (a stream bug) stays a 500. */
function bodyError(err: unknown): unknown {
  const type = (err as { type?: unknown })?.type;
  const message = String((err as Error)?.message ?? err);
  switch (type) {
    case 'entity.parse.failed': return new BadRequestError('bad_json', message, { cause: err });
    case 'entity.too.large':
    case 'parameters.too.many': return new PayloadTooLargeError('too_large', message, { cause: err });
    case 'charset.unsupported':
    case 'encoding.unsupported': return new UnsupportedMediaTypeError('bad_request', message, { cause: err });
    case 'request.aborted':
    case 'request.size.invalid': return new BadRequestError('bad_request', message, { cause: err });
    default: return err;
  }
}
