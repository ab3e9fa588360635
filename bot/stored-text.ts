import { z } from 'zod';

/**
 * PostgreSQL (and so PGlite) refuses U+0000 in text: a NUL that reaches a query fails it, after
 * a provider already got its 200. Customers' words lose their NULs before they are stored;
 * identifiers that hold one are refused at the boundary instead, since stripping could make
 * two different ids one.
 */
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The text as the database can store it: without U+0000, which it refuses, and with any lone
 * UTF-16 surrogate (half an emoji, cut by a client) as U+FFFD, since JSON columns refuse those.
 */
export function storableText(text: string): string {
  return text.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** A JSON value for a jsonb column: every string in it made storable (see storableText). */
export function storableJson<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storableJson) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableJson(v)])) as T;
  return value;
}

/** Whether an identifier can be stored as it is. */
export function isStorableId(id: string): boolean {
  return !id.includes('\u0000');
}

/** A zod string for identifiers clients send (user, message, entry ids): 1..`max` characters, no U+0000. */
export function storableId(max: number) {
  return z.string().min(1).max(max).refine(isStorableId, { message: 'must not contain U+0000' });
}
