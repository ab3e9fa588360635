import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { silentLogger, type Logger } from '../../bot/index.ts';
import {
  BadRequestError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError, UnsupportedMediaTypeError, validate,
} from '../../errors/index.ts';
import { can, permissionsOf, ROLES, type Permission, type Role } from './roles.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { SessionStore } from './sessions.ts';
import type { User, UserStore } from './users.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'faqbot_session';
/** Name of the cookie that marks a browser an account signed in from before (see LoginThrottle). */
export const DEVICE_COOKIE = 'faqbot_device';

export interface AuthHttpOptions {
  users: UserStore;
  sessions: SessionStore;
  /** Session lifetime in ms (the cookie's Max-Age). */
  sessionTtlMs: number;
  /** Mark the cookie Secure even when the request did not arrive over HTTPS (behind a TLS proxy). Default false. */
  secureCookies?: boolean;
  /** Slows down repeated wrong passwords without ever locking out the account's owner. */
  throttle: LoginThrottle;
  logger?: Logger;
}

/** Read one cookie from the Cookie header (no dependency needed for one value). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The user a `requireUser` guard let through. */
export function currentUser(res: Response): User {
  const user = res.locals.user as User | undefined;
  if (!user) throw new Error('currentUser() used on a route without requireUser()');
  return user;
}

/** A user as the API shows it. */
export const publicUser = (u: User) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled, permissions: permissionsOf(u.role) });

/**
 * This server's origin as the browser sees it: scheme and host. Behind a TLS-terminating proxy
 * the scheme comes from X-Forwarded-Proto, a header no other site's page can make a browser send
 * without a CORS preflight we never grant.
 */
function requestOrigin(req: Request): string {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase();
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : req.secure ? 'https' : 'http';
  return `${scheme}://${req.headers.host ?? ''}`;
}

/**
 * Refuse cross-site writes: a mutating call must be JSON (a form on another site cannot send
 * that without a CORS preflight we never grant) and, when the browser says where it comes
 * from, come from this origin (scheme and host; an opaque `Origin: null`, sent by sandboxed frames and
 * local files, is refused). The SameSite=Strict cookie is the first line; this is the second.
 */
export const sameOriginWrites: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  // A DELETE without a body need not be JSON: no HTML form can send DELETE, and a script on
  // another site cannot without a CORS preflight. The origin check below still applies.
  const bodyless = req.method === 'DELETE' && !req.headers['transfer-encoding'] && (req.headers['content-length'] ?? '0') === '0';
  if (!bodyless && !req.is('application/json')) throw new UnsupportedMediaTypeError('unsupported_media_type', 'send JSON (Content-Type: application/json)');
  refuseOtherOrigins(req);
  next();
};

function refuseOtherOrigins(req: Request): void {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== requestOrigin(req)) throw new ForbiddenError('cross_origin', 'requests from other sites are not accepted');
}

/** The body types an HTML form can send without a CORS preflight. */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * `sameOriginWrites` for a file sent as the body: any type but those a form on another site can
 * send (a script there could only send another type after a CORS preflight we never grant).
 */
export const sameOriginUploads: RequestHandler = (req, _res, next) => {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!type || FORM_TYPES.includes(type)) throw new UnsupportedMediaTypeError('unsupported_media_type', 'send the file with its own Content-Type (e.g. application/pdf)');
  refuseOtherOrigins(req);
  next();
};

/**
 * Guard for console API routes: 401 without a valid, unexpired session; 403 when the user's
 * role lacks `permission` (given a list, any one of them is enough). Puts the user in
 * `res.locals.user` (see `currentUser`).
 *
 * @example
 * router.get('/api/admin/entries', requireUser(sessions, ['knowledge', 'analytics']), list);
 */
export function requireUser(sessions: SessionStore, permission?: Permission | readonly Permission[]): RequestHandler {
  const anyOf: readonly Permission[] = permission === undefined ? [] : typeof permission === 'string' ? [permission] : permission;
  return async (req: Request, res: Response, next: NextFunction) => {
    const session = await sessions.lookup(readCookie(req.headers.cookie, SESSION_COOKIE));
    if (!session) throw new UnauthorizedError('unauthenticated', 'sign in first (or again: your session expired)');
    if (anyOf.length && !anyOf.some((p) => can(session.user.role, p))) {
      throw new ForbiddenError('forbidden', `the ${session.user.role} role cannot use this (${anyOf.join(' or ')} needed)`);
    }
    res.locals.user = session.user;
    res.locals.sessionExpiresAt = session.expiresAt;
    next();
  };
}

// Exported for the OpenAPI document (openapi-paths.ts), which describes the bodies from these.
export const Login = z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(1024) });
export const NewUser = z.object({ email: z.string().min(1).max(254), name: z.string().min(1).max(100), role: z.enum(ROLES as [Role, ...Role[]], { message: `one of ${ROLES.join(', ')}` }), password: z.string().min(1).max(1024) });
export const PasswordChange = z.object({ current: z.string().min(1).max(1024), password: z.string().min(1).max(1024) });
export const UserPatch = z.object({ disabled: z.boolean().optional(), password: z.string().min(1).max(1024).optional() });

/**
 * Sign-in, sign-out, "who am I" and account management, under /api/admin:
 * `POST /login`, `POST /logout`, `GET /me`, `POST /me/password`, and for admins `GET|POST /users`, `PATCH /users/:id`.
 */
export function authRoutes(o: AuthHttpOptions): Router {
  const log = o.logger ?? silentLogger;
  const router = express.Router();
  const login = validate({ body: Login, message: 'email and password are required' });
  const passwordChange = validate({ body: PasswordChange, message: 'expected { current, password }' });
  const newUser = validate({ body: NewUser });
  const userPatch = validate({ body: UserPatch, message: 'expected { disabled?: boolean, password?: string }' });

  const cookie = (req: Request, value: string, maxAgeSeconds: number) => [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`,
    ...(o.secureCookies || req.secure ? ['Secure'] : []),
  ].join('; ');
  const deviceCookie = (req: Request, token: string) => [
    `${DEVICE_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${365 * 24 * 3600}`, ...(o.secureCookies || req.secure ? ['Secure'] : []),
  ].join('; ');
  // Sessions used to be scoped to Path=/admin; a stale cookie there would be sent before the
  // site-wide one and shadow it, so sign-in and sign-out clear it.
  const withLegacyCleared = (value: string) => [value, `${SESSION_COOKIE}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0`];

  router.post('/api/admin/login', sameOriginWrites, login, async (req, res) => {
    const { email, password } = login.body(req);
    const key = email.trim().toLowerCase();
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const client = { email: key, ip, deviceToken: readCookie(req.headers.cookie, DEVICE_COOKIE) };
    const verdict = await o.throttle.check(client);
    if (!verdict.allowed) {
      throw new TooManyRequestsError('too_many_attempts', `too many failed sign-ins; try again in ${verdict.retryAfterSeconds} s`, { retryAfterSeconds: verdict.retryAfterSeconds });
    }
    const user = await o.users.authenticate(email, password);
    if (!user) {
      await o.throttle.failed(client);
      log.warn('console sign-in refused', { email: key, ip, knownClient: verdict.known });
      throw new UnauthorizedError('bad_credentials', 'wrong email or password');
    }
    const device = await o.throttle.succeeded(client);
    const session = await o.sessions.create(user.id);
    res.setHeader('Set-Cookie', [...withLegacyCleared(cookie(req, session.token, Math.floor(o.sessionTtlMs / 1000))), deviceCookie(req, device)]);
    log.info('console sign-in', { userId: user.id, role: user.role });
    res.json({ user: publicUser(user), expiresAt: session.expiresAt.toISOString() });
  });

  router.post('/api/admin/logout', sameOriginWrites, async (req, res) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token) await o.sessions.destroy(token);
    res.setHeader('Set-Cookie', withLegacyCleared(cookie(req, '', 0)));
    res.json({ ok: true });
  });

  router.get('/api/admin/me', requireUser(o.sessions), (_req, res) => {
    res.json({ user: publicUser(currentUser(res)), expiresAt: (res.locals.sessionExpiresAt as Date).toISOString() });
  });

  // Change your own password: needs the current one; ends every other session of the account.
  router.post('/api/admin/me/password', requireUser(o.sessions), sameOriginWrites, passwordChange, async (req, res) => {
    const { current, password } = passwordChange.body(req);
    const me = currentUser(res);
    if (!(await o.users.authenticate(me.email, current))) throw new ForbiddenError('bad_credentials', 'the current password is wrong');
    await o.users.setPassword(me.id, password);
    await o.sessions.destroyAllFor(me.id);
    const session = await o.sessions.create(me.id);
    res.setHeader('Set-Cookie', cookie(req, session.token, Math.floor(o.sessionTtlMs / 1000)));
    log.info('console password changed', { userId: me.id });
    res.json({ ok: true });
  });

  const admins = requireUser(o.sessions, 'users');
  router.get('/api/admin/users', admins, async (_req, res) => {
    res.json({ users: (await o.users.list({ includeDisabled: true })).map(publicUser) });
  });

  router.post('/api/admin/users', admins, sameOriginWrites, newUser, async (req, res) => {
    const input = newUser.body(req);
    const user = await o.users.create(input);
    log.info('console account created', { by: currentUser(res).id, userId: user.id, role: user.role });
    res.status(201).json({ user: publicUser(user) });
  });

  router.patch('/api/admin/users/:id', admins, sameOriginWrites, userPatch, async (req, res) => {
    const patch = userPatch.body(req);
    const id = String(req.params.id);
    if (patch.disabled === true && id === currentUser(res).id) throw new BadRequestError('bad_request', 'you cannot disable your own account');
    if (patch.password !== undefined) await o.users.setPassword(id, patch.password);
    if (patch.disabled !== undefined) await o.users.setDisabled(id, patch.disabled);
    if (patch.password !== undefined && id !== currentUser(res).id) await o.sessions.destroyAllFor(id);
    const user = await o.users.byId(id);
    if (!user) throw new NotFoundError(`no user ${id}`);
    res.json({ user: publicUser(user) });
  });

  return router;
}
