import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters. Defaults follow OWASP's minimum for scrypt (N=2^17, r=8, p=1). */
export interface PasswordHashOptions {
  /** CPU/memory cost, a power of two. Default 131072 (2^17): ~128 MiB and ~0.2-0.4 s a hash. */
  N?: number;
  /** Block size. Default 8. */
  r?: number;
  /** Parallelism. Default 1. */
  p?: number;
}

/** Shortest password accepted for a console account. */
export const MIN_PASSWORD_LENGTH = 12;

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * Hash a password with scrypt (a slow, memory-hard KDF) and a random salt. The result carries
 * its parameters, so the cost can be raised later without breaking stored hashes.
 * @example await hashPassword('correct horse battery') // "scrypt$131072$8$1$<salt>$<hash>"
 */
export async function hashPassword(password: string, options: PasswordHashOptions = {}): Promise<string> {
  const { N = 131072, r = 8, p = 1 } = options;
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, r, p);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Check a password against a stored hash, in constant time. False for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Why a password is refused for an account, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (password.length > 1024) return 'the password is too long';
  if (/^(.)\1*$/.test(password)) return 'the password must not repeat one character';
  return undefined;
}

/** A random password for a first account, printed once (readable: no look-alike characters). */
export function generatePassword(length = 20): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}
