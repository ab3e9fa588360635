/** admin/auth: console accounts, roles, sessions and the guards every admin route uses. */
export { hashPassword, verifyPassword, passwordProblem, generatePassword, MIN_PASSWORD_LENGTH, type PasswordHashOptions } from './passwords.ts';
export { can, isRole, permissionsOf, ROLES, type Permission, type Role } from './roles.ts';
export { UserStore, normalizeEmail, type User } from './users.ts';
export { SessionStore } from './sessions.ts';
export { LoginThrottle, type LoginThrottleOptions } from './login-throttle.ts';
export { authRoutes, requireUser, currentUser, publicUser, readCookie, sameOriginUploads, sameOriginWrites, SESSION_COOKIE, DEVICE_COOKIE, type AuthHttpOptions } from './http.ts';
export { ensureFirstAdmin, DEFAULT_ADMIN_EMAIL, type FirstAdminResult } from './bootstrap.ts';
