/**
 * The web chat has no provider signature to check; what it can check is where a socket
 * comes from. With an allow-list configured, only those page origins may connect.
 */
export function verifyOrigin(origin: string | undefined, allowed: string[]): boolean {
  if (allowed.length === 0) return true;
  return origin !== undefined && allowed.includes(origin);
}
