/**
 * JSON calls to the product's own HTTP APIs (the admin screens' API, the widget's config): one
 * place that sends the session cookie, reads the `{ error, message }` refusal shape and notices a
 * session that ended.
 */

/** The JSON body of an API refusal (`{ error, message, details? }`; imports add `line`, `file`). */
export interface ApiRefusal {
  error?: string;
  message?: string;
  details?: unknown;
  line?: number;
  file?: string;
  [key: string]: unknown;
}

/** An API refusal: `status`, `code` (the `error` field), and for imports `line` / `file`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly details: unknown;
  readonly line: number | undefined;
  readonly file: string | undefined;
  readonly data: ApiRefusal;

  constructor(status: number, data: ApiRefusal) {
    super(data.message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = data.error;
    this.details = data.details;
    this.line = data.line;
    this.file = data.file;
    this.data = data;
  }
}

/** What a caller does about a call answered 401 (other than the sign-in itself), and how long it waits. */
export interface RequestOptions {
  /** Called with a message to show on the sign-in form. */
  onSignedOut?: (message: string) => void;
  /** Give up (reject) after this long; default: wait as long as the browser does. */
  timeoutMs?: number;
}

/**
 * `method url` with an optional JSON body (or a file, sent as is), same-origin credentials; resolves to the parsed JSON
 * answer (a non-JSON answer becomes `{ message: text }`) and rejects with an ApiError.
 * @example const { user } = await requestJson('GET', '/api/admin/me');
 */
export async function requestJson<T = unknown>(method: string, url: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (typeof Blob !== 'undefined' && body instanceof Blob) {
    // A file goes as itself, with its own type (never a type a form could send: the server refuses those).
    headers['content-type'] = body.type || 'application/octet-stream';
    init.body = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (options.timeoutMs !== undefined) {
    const abort = new AbortController();
    init.signal = abort.signal;
    timer = setTimeout(() => abort.abort(), options.timeoutMs);
  }
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, init);
    text = await res.text();
  } finally {
    clearTimeout(timer);
  }
  let data: ApiRefusal;
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    data = { message: text };
  }
  // A wrong password is a 401 too: that one is the form's own error, not a session that ended.
  if (res.status === 401 && !url.endsWith('/login')) options.onSignedOut?.('Your session ended. Please sign in again.');
  if (!res.ok) throw new ApiError(res.status, data);
  return data as T;
}

/**
 * A caller bound to one API prefix: `api('POST', '/login', body)` calls `${base}/login`.
 * @example const api = apiClient('/api/admin', { onSignedOut: showLogin });
 */
export function apiClient(base: string, options: RequestOptions = {}) {
  return <T = unknown>(method: string, path: string, body?: unknown): Promise<T> => requestJson<T>(method, base + path, body, options);
}
