/** Console roles and what each may do. One table, so every route asks the same question. */

/** A console user's role. */
export type Role = 'admin' | 'editor' | 'agent' | 'analyst';

export const ROLES: readonly Role[] = ['admin', 'editor', 'agent', 'analyst'];

/**
 * What a route needs:
 * - `console`: the agent console (queue, claim, reply, notes, resolve, transfer);
 * - `knowledge`: editing and publishing the knowledge base;
 * - `analytics`: reports and evaluation results;
 * - `users`: creating and disabling accounts;
 * - `privacy`: a customer's data, exported or erased on their request.
 */
export type Permission = 'console' | 'knowledge' | 'analytics' | 'users' | 'privacy';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['console', 'knowledge', 'analytics', 'users', 'privacy'],
  editor: ['knowledge', 'analytics'],
  agent: ['console'],
  analyst: ['analytics'],
};

/** Whether `role` grants `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role]?.includes(permission) ?? false;
}

/** Everything a role may do (sent to the UI so it shows only what works). */
export function permissionsOf(role: Role): Permission[] {
  return [...(GRANTS[role] ?? [])];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
