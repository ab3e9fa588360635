/**
 * localStorage and sessionStorage that may be missing (privacy mode, sandboxed iframes) or full:
 * every call is allowed to fail, and the widget works on without remembering.
 */
import type { OutboxItem } from './types.ts';

function probe(kind: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    const s = window[kind];
    s.setItem('kc.__probe', '1');
    s.removeItem('kc.__probe');
    return s;
  } catch {
    return null;
  }
}

/** Across visits: the customer's id, and whether they chatted before. */
export const local = probe('localStorage');
/** This tab: the unsent messages and whether the panel was open. */
export const session = probe('sessionStorage');

/** The stored value, or null (also when the storage refuses). */
export function getItem(store: Storage | null, key: string): string | null {
  try { return store ? store.getItem(key) : null; } catch { return null; }
}
/** Stores a value if the storage lets it. */
export function setItem(store: Storage | null, key: string, value: string): void {
  try { if (store) store.setItem(key, value); } catch { /* quota etc. */ }
}
/** Removes a value if the storage lets it. */
export function removeItem(store: Storage | null, key: string): void {
  try { if (store) store.removeItem(key); } catch { /* ignore */ }
}

/** Unacknowledged messages of this tab, as saved by `saveOutbox`. */
export function loadOutbox(): OutboxItem[] {
  try {
    const list: unknown = JSON.parse(getItem(session, 'kc.outbox') || '[]');
    return Array.isArray(list)
      ? list.filter((i): i is OutboxItem => !!i && typeof i.clientId === 'string' && (i.type === 'message' || i.type === 'choose'))
      : [];
  } catch {
    return [];
  }
}

/** Keeps the unacknowledged messages for a reload of this tab (none: the key is removed). */
export function saveOutbox(outbox: readonly OutboxItem[]): void {
  if (outbox.length) setItem(session, 'kc.outbox', JSON.stringify(outbox));
  else removeItem(session, 'kc.outbox');
}
