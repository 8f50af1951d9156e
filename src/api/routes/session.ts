/**
 * First start and signing in: `POST /api/v1/setup` (the one-time set-up token printed by `accord serve` on
 * an empty store creates the first client-admin), `POST /api/v1/session` (login, rate limited per account
 * and per client address, in the database), `GET /api/v1/session`, `DELETE /api/v1/session` (logout).
 */
import { randomBytes } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Role } from '../../services/roles.js';
import {
  dummyPasswordHash,
  hashPassword,
  newId,
  randomSecret,
  sha256,
  verifyPassword,
} from '../../services/secrets.js';
import { ANY } from '../access.js';
import { allow, SESSION_COOKIE, unauthorized } from '../auth.js';
import type { AccordApp, AppDeps, AppEnv } from '../context.js';
import { ApiError, badRequest, conflict } from '../problem.js';
import {
  emailSchema,
  iso,
  jsonBody,
  jsonResponse,
  nameSchema,
  OrganisationSchema,
  passwordSchema,
  problems,
  roleSchema,
  UserSchema,
} from '../schemas.js';
import { userJson } from './admin.js';

const SessionSchema = z
  .object({
    kind: z.enum(['user', 'token']),
    id: z.string(),
    role: roleSchema,
    organisationId: z.string(),
    partnerId: z.string().nullable(),
    csrfToken: z.string().nullable().openapi({ description: 'send it as X-CSRF-Token with every write' }),
    expiresAt: z.string().nullable(),
  })
  .openapi('Session');

const setupRoute = createRoute({
  method: 'post',
  path: '/api/v1/setup',
  tags: ['session'],
  summary: 'Create the first client-admin with the one-time set-up token that `accord serve` printed',
  security: [],
  request: {
    body: jsonBody(
      z.object({
        token: z.string().min(1).max(200),
        organisation: nameSchema.optional().openapi({ description: 'name of the client organisation' }),
        name: nameSchema,
        email: emailSchema,
        password: passwordSchema,
      }),
      'the set-up token, the organisation and the first administrator',
    ),
  },
  responses: {
    201: jsonResponse(
      z.object({ organisation: OrganisationSchema, user: UserSchema, session: SessionSchema }),
      'set up; the response sets the session cookie',
    ),
    ...problems(400, 401, 409, 413, 415),
  },
});

const loginRoute = createRoute({
  method: 'post',
  path: '/api/v1/session',
  tags: ['session'],
  summary: 'Sign in: sets the session cookie and returns the CSRF token',
  security: [],
  request: {
    body: jsonBody(
      z.object({ email: emailSchema, password: z.string().min(1).max(256) }),
      'e-mail address and password',
    ),
  },
  responses: {
    200: jsonResponse(SessionSchema, 'signed in'),
    ...problems(400, 401, 413, 415, 429),
  },
});

const whoRoute = createRoute({
  method: 'get',
  path: '/api/v1/session',
  tags: ['session'],
  summary: 'Who is calling (user or token), with the CSRF token of a session',
  middleware: [allow(ANY, 'read the session')] as const,
  responses: { 200: jsonResponse(SessionSchema, 'the caller'), ...problems(401) },
});

const logoutRoute = createRoute({
  method: 'delete',
  path: '/api/v1/session',
  tags: ['session'],
  summary: 'Sign out (ends the session and clears the cookie)',
  middleware: [allow(ANY, 'sign out')] as const,
  responses: { 204: { description: 'signed out' }, ...problems(401, 403) },
});

async function startSession(
  c: Context<AppEnv>,
  deps: AppDeps,
  user: { id: string; role: string; organisationId: string; partnerId: string | null },
) {
  const id = randomSecret('ses');
  const csrfToken = randomBytes(32).toString('base64url');
  const now = deps.now();
  const expiresAt = now + deps.limits.sessionMs;
  await deps.store.auth.createSession({
    idHash: sha256(id),
    userId: user.id,
    csrfToken,
    createdAt: now,
    expiresAt,
  });
  setCookie(c, SESSION_COOKIE, id, {
    prefix: 'host',
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'Strict',
    maxAge: Math.floor(deps.limits.sessionMs / 1000),
  });
  return {
    kind: 'user' as const,
    id: user.id,
    role: user.role as Role,
    organisationId: user.organisationId,
    partnerId: user.partnerId,
    csrfToken,
    expiresAt: iso(expiresAt),
  };
}

export function registerSessionRoutes(app: AccordApp): void {
  app.openapi(setupRoute, async (c) => {
    const deps = c.var.deps;
    const { store, now } = deps;
    const body = c.req.valid('json');
    const passwordHash = await hashPassword(body.password);
    const at = now();
    const { organisation, user } = await store.transaction(async (tx) => {
      // One set-up at a time, across every instance on the database.
      await tx.auth.lockSetup();
      if ((await tx.auth.userCount()) > 0)
        throw conflict('set-up is done already: sign in with POST /api/v1/session');
      if (!(await tx.auth.consumeSetupToken(sha256(body.token), at)))
        throw unauthorized(
          'the set-up token is wrong, used or expired: restart `accord serve` for a new one',
        );
      let organisation = (await tx.tenancy.organisations())[0];
      if (organisation === undefined) {
        if (body.organisation === undefined)
          throw badRequest('body.organisation: is required: the name of the client organisation', [
            { path: 'body.organisation', message: 'is required: the name of the client organisation' },
          ]);
        organisation = await tx.tenancy.createOrganisation({
          id: newId('org'),
          name: body.organisation,
          createdAt: at,
        });
      }
      const user = await tx.auth.createUser({
        id: newId('usr'),
        organisationId: organisation.id,
        partnerId: null,
        email: body.email,
        name: body.name,
        role: 'client-admin',
        passwordHash,
        createdAt: at,
        disabledAt: null,
      });
      await tx.audit.appendScoped({
        at,
        actor: `user:${user.id}`,
        action: 'setup.completed',
        subject: organisation.id,
        details: { organisation: organisation.id, user: user.id, role: 'client-admin' },
        scope: { organisationId: organisation.id, partnerId: null },
      });
      return { organisation, user };
    });
    const session = await startSession(c, deps, user);
    return c.json(
      {
        organisation: {
          id: organisation.id,
          name: organisation.name,
          createdAt: iso(organisation.createdAt),
        },
        user: userJson(user),
        session,
      },
      201,
    );
  });

  app.openapi(loginRoute, async (c) => {
    const deps = c.var.deps;
    const { store, now, limits } = deps;
    const { email, password } = c.req.valid('json');
    const at = now();
    const accountKey = `account:${sha256(email)}`;
    const addressKey = `address:${sha256(deps.clientAddress(c.env, c.req.raw.headers))}`;
    const failures = await store.auth.loginFailures([accountKey, addressKey], at - limits.loginWindowMs);
    if (
      (failures.get(accountKey) ?? 0) >= limits.loginFailuresPerAccount ||
      (failures.get(addressKey) ?? 0) >= limits.loginFailuresPerAddress
    ) {
      const seconds = Math.ceil(limits.loginWindowMs / 1000);
      throw new ApiError(
        429,
        'too_many_logins',
        `too many failed logins: try again in ${Math.ceil(seconds / 60)} minutes`,
        {},
        { 'retry-after': String(seconds) },
      );
    }
    const user = await store.auth.userByEmail(email);
    const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (user === undefined || !matches || user.disabledAt !== null) {
      await store.auth.recordLoginFailure([accountKey, addressKey], at, at - limits.loginWindowMs);
      deps.logger.info({ event: 'login_failed' }, 'login failed');
      throw unauthorized('the e-mail address or the password is wrong');
    }
    await store.auth.clearLoginFailures(accountKey);
    await store.auth.deleteExpiredSessions(at);
    return c.json(await startSession(c, deps, user), 200);
  });

  app.openapi(whoRoute, (c) => {
    const p = c.var.principal;
    return c.json(
      {
        kind: p.kind,
        id: p.id,
        role: p.role,
        organisationId: p.organisationId,
        partnerId: p.partnerId,
        csrfToken: p.session?.csrfToken ?? null,
        expiresAt: p.session === undefined ? null : iso(p.session.expiresAt),
      },
      200,
    );
  });

  app.openapi(logoutRoute, async (c) => {
    const p = c.var.principal;
    if (p.session !== undefined) await c.var.deps.store.auth.deleteSession(p.session.idHash);
    deleteCookie(c, SESSION_COOKIE, { prefix: 'host', path: '/', secure: true });
    return c.body(null, 204);
  });
}
