/** The console's calls to the console API; a session that ended brings back the sign-in form. */
import { apiClient, requestJson } from '../../browser/shared/index.ts';

let signedOut: (message: string) => void = () => {};

/** What to do when a call finds the session gone. */
export function whenSignedOut(fn: (message: string) => void): void {
  signedOut = fn;
}

/** `api('GET', '/queue')`: the console and account API. */
export const api = apiClient('/api/admin', { onSignedOut: (m) => signedOut(m) });

/** `knowledgeApi('POST', '/conversations/…/to-entry', body)`: the knowledge API. */
export const knowledgeApi = <T = unknown>(method: string, path: string, body?: unknown) => requestJson<T>(method, '/api/admin' + path, body);

/** The live event stream of the queue. */
export const EVENTS_URL = '/api/admin/events';
