import { z } from 'zod';

/**
 * PostgreSQL (and so PGlite) refuses U+0000 in text: a NUL that reaches a query fails it, after
 * a provider already got its 200. Customers' words lose their NULs before they are stored;
 * identifiers that hold one are refused at the boundary instead, since stripping could make
 * two different ids one.
 */
const NUL = /\u0000/g;

/** The text without U+0000, the one character the database refuses. */
export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replace(NUL, '') : text;
}

/** Whether an identifier can be stored as it is. */
export function isStorableId(id: string): boolean {
  return !id.includes('\u0000');
}

/** A zod string for identifiers clients send (user, message, entry ids): 1..`max` characters, no U+0000. */
export function storableId(max: number) {
  return z.string().min(1).max(max).refine(isStorableId, { message: 'must not contain U+0000' });
}
