/** Sign-in and accounts (admin/auth/http.ts) in the OpenAPI document, from the bodies the routes validate. */
import { errorResponses } from '../openapi-errors.ts';
import { jsonBody, jsonResponse, z, type AdminApi } from '../openapi-registry.ts';
import { Login, NewUser, PasswordChange, UserPatch } from './http.ts';
import { MIN_PASSWORD_LENGTH } from './passwords.ts';
import { ROLES, type Role } from './roles.ts';

// What `publicUser` answers.
const PublicUser = z.object({
  id: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES as [Role, ...Role[]]),
  permissions: z.array(z.string()), disabled: z.boolean().optional(),
});
const withUser = z.object({ user: PublicUser });
const ok = z.object({ ok: z.boolean() });
const unauthenticated = 'not signed in (`unauthenticated`)';
const writeRefused = { 400: 'bad input (`bad_request`)', 401: unauthenticated, 403: 'the role lacks `users`, or a cross-site request (`cross_origin`)', 415: 'not JSON (`unsupported_media_type`)' };
const ADMINS = 'Needs `users` (admins).';
const tags = ['accounts'];

/** Sign-in, sign-out, "who am I", the own password and the accounts (admins). */
export function registerAuthPaths(api: AdminApi): void {
  api.add({
    method: 'post', path: '/api/admin/login', tags, security: [],
    summary: 'Sign in: sets the `faqbot_session` cookie (HttpOnly, SameSite=Strict, Path=/)',
    description: 'Wrong passwords slow down the client that typed them (429 with Retry-After), never the account.',
    request: { body: jsonBody(Login) },
    responses: {
      200: jsonResponse('signed in', withUser.extend({ expiresAt: z.string().datetime() })),
      ...errorResponses({
        400: 'email or password missing (`bad_request`)', 401: 'wrong email or password (`bad_credentials`)',
        403: 'a cross-site request (`cross_origin`)', 415: 'not JSON (`unsupported_media_type`)', 429: 'too many failed sign-ins (`too_many_attempts`)',
      }),
    },
  });
  api.add({
    method: 'post', path: '/api/admin/logout', tags, security: [], summary: 'Sign out: ends the session and clears the cookie',
    // The route reads no body; an empty object is what the console sends.
    request: { body: jsonBody(z.object({})) },
    responses: { 200: jsonResponse('signed out', ok), ...errorResponses({ 403: 'a cross-site request (`cross_origin`)', 415: 'not JSON (`unsupported_media_type`)' }) },
  });
  api.add({
    method: 'get', path: '/api/admin/me', tags, summary: 'Who is signed in, with their permissions',
    responses: { 200: jsonResponse('the account', withUser.extend({ expiresAt: z.string().datetime() })), ...errorResponses({ 401: unauthenticated }) },
  });
  api.add({
    method: 'post', path: '/api/admin/me/password', tags, summary: `Change the own password (${MIN_PASSWORD_LENGTH}+ characters); other sessions are signed out`,
    request: { body: jsonBody(PasswordChange) },
    responses: { 200: jsonResponse('changed', ok), ...errorResponses({ ...writeRefused, 403: 'the current password is wrong (`bad_credentials`), or a cross-site request' }) },
  });
  api.add({
    method: 'get', path: '/api/admin/users', tags, summary: 'Every account, disabled ones too', description: ADMINS,
    responses: { 200: jsonResponse('the accounts', z.object({ users: z.array(PublicUser) })), ...errorResponses({ 401: unauthenticated, 403: 'the role lacks `users` (`forbidden`)' }) },
  });
  api.add({
    method: 'post', path: '/api/admin/users', tags, summary: 'Create an account', description: `${ADMINS} The password needs ${MIN_PASSWORD_LENGTH}+ characters.`,
    request: { body: jsonBody(NewUser) },
    responses: { 201: jsonResponse('created', withUser), ...errorResponses({ ...writeRefused, 409: 'the email has an account (`exists`)' }) },
  });
  api.add({
    method: 'patch', path: '/api/admin/users/{id}', tags, summary: 'Disable or enable an account, or reset its password',
    description: `${ADMINS} An admin cannot disable their own account. A new password needs ${MIN_PASSWORD_LENGTH}+ characters.`,
    request: { params: z.object({ id: z.string() }), body: jsonBody(UserPatch) },
    responses: { 200: jsonResponse('the account', withUser), ...errorResponses({ ...writeRefused, 404: 'no such account (`not_found`)' }) },
  });
}
