// Calls to the admin API under /api/admin: knowledge, sign-in, who am I.

import { ApiError, requestJson } from '../shared.js';

/** An API refusal: `status`, `code` (the `error` field), and for imports `line` / `file`. */
export { ApiError };

let onUnauthenticated = () => {};

/** What to do when a call finds the session gone (show the sign-in form). */
export function whenSignedOut(fn) {
  onUnauthenticated = fn;
}

const call = (method, url, body) => requestJson(method, url, body, { onSignedOut: (message) => onUnauthenticated(message) });

/** A knowledge API call: `kb('GET', '/entries?q=x')`. */
export const kb = (method, path, body) => call(method, `/api/admin${path}`, body);

/** A console/auth API call: `auth('POST', '/login', {...})`. */
export const auth = (method, path, body) => call(method, `/api/admin${path}`, body);

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Wait for a publish job to finish, reporting each poll to `onProgress`. Resolves to the final job. */
export async function waitForJob(job, onProgress, intervalMs = 400) {
  let current = job;
  onProgress(current);
  while (current.state === 'running') {
    await new Promise((r) => setTimeout(r, intervalMs));
    current = (await kb('GET', `/publish/${encodeURIComponent(current.id)}`)).job;
    onProgress(current);
  }
  return current;
}
