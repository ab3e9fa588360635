/** OpenAPI 3 description of sign-in and accounts (admin/auth/http.ts), merged into /api/openapi.json. */

const str = { type: 'string' };
const json = (schema: object) => ({ 'application/json': { schema } });
const error = { $ref: '#/components/schemas/Error' };
const fail = (description: string) => ({ description, content: json(error) });
const ok = (description: string, schema: object) => ({ description, content: json(schema) });
const body = (required: string[], properties: Record<string, object>) => ({ required: true, content: json({ type: 'object', ...(required.length ? { required } : {}), properties }) });
const user = {
  type: 'object', required: ['id', 'email', 'name', 'role', 'permissions'],
  properties: { id: str, email: str, name: str, role: { type: 'string', enum: ['admin', 'agent', 'editor', 'analyst'] }, permissions: { type: 'array', items: str }, disabled: { type: 'boolean' } },
};
const unauthenticated = fail('not signed in (`unauthenticated`)');
const writeRefused = { 400: fail('bad input (`bad_request`)'), 401: unauthenticated, 403: fail('the role lacks `users`, or a cross-site request (`cross_origin`)'), 415: fail('not JSON (`unsupported_media_type`)') };

/** `paths` entries for sign-in, sign-out, "who am I", the own password and the accounts (admins). */
export const authPaths = {
  '/api/admin/login': {
    post: {
      tags: ['accounts'], summary: 'Sign in: sets the `faqbot_session` cookie (HttpOnly, SameSite=Strict, Path=/)', security: [],
      description: 'Wrong passwords slow down the client that typed them (429 with Retry-After), never the account.',
      requestBody: body(['email', 'password'], { email: str, password: str }),
      responses: {
        200: ok('signed in', { type: 'object', required: ['user'], properties: { user } }),
        400: fail('email or password missing (`bad_request`)'), 401: fail('wrong email or password (`bad_credentials`)'),
        403: fail('a cross-site request (`cross_origin`)'), 415: fail('not JSON (`unsupported_media_type`)'), 429: fail('too many failed sign-ins (`too_many_attempts`)'),
      },
    },
  },
  '/api/admin/logout': {
    post: {
      tags: ['accounts'], summary: 'Sign out: ends the session and clears the cookie', security: [],
      requestBody: body([], {}),
      responses: { 200: ok('signed out', { type: 'object', properties: { ok: { type: 'boolean' } } }), 403: fail('a cross-site request (`cross_origin`)'), 415: fail('not JSON (`unsupported_media_type`)') },
    },
  },
  '/api/admin/me': {
    get: {
      tags: ['accounts'], summary: 'Who is signed in, with their permissions',
      responses: { 200: ok('the account', { type: 'object', required: ['user', 'expiresAt'], properties: { user, expiresAt: { type: 'string', format: 'date-time' } } }), 401: unauthenticated },
    },
  },
  '/api/admin/me/password': {
    post: {
      tags: ['accounts'], summary: 'Change the own password (12+ characters); other sessions are signed out',
      requestBody: body(['current', 'password'], { current: str, password: str }),
      responses: { 200: ok('changed', { type: 'object', properties: { ok: { type: 'boolean' } } }), ...writeRefused, 403: fail('the current password is wrong (`bad_credentials`), or a cross-site request') },
    },
  },
  '/api/admin/users': {
    get: {
      tags: ['accounts'], summary: 'Every account, disabled ones too', description: 'Needs `users` (admins).',
      responses: { 200: ok('the accounts', { type: 'object', required: ['users'], properties: { users: { type: 'array', items: user } } }), 401: unauthenticated, 403: fail('the role lacks `users` (`forbidden`)') },
    },
    post: {
      tags: ['accounts'], summary: 'Create an account', description: 'Needs `users` (admins).',
      requestBody: body(['email', 'name', 'role', 'password'], { email: str, name: str, role: { type: 'string', enum: ['admin', 'agent', 'editor', 'analyst'] }, password: { type: 'string', minLength: 12 } }),
      responses: { 201: ok('created', { type: 'object', required: ['user'], properties: { user } }), ...writeRefused, 409: fail('the email has an account (`exists`)') },
    },
  },
  '/api/admin/users/{id}': {
    parameters: [{ name: 'id', in: 'path', required: true, schema: str }],
    patch: {
      tags: ['accounts'], summary: "Disable or enable an account, or reset its password", description: 'Needs `users` (admins); an admin cannot disable their own account.',
      requestBody: body([], { disabled: { type: 'boolean' }, password: { type: 'string', minLength: 12 } }),
      responses: { 200: ok('the account', { type: 'object', required: ['user'], properties: { user } }), ...writeRefused, 404: fail('no such account (`not_found`)') },
    },
  },
};
