/**
 * First start and signing in: `POST /api/v1/setup` (the one-time set-up token printed by `accord serve` on
 * an empty store creates the first client-admin), `POST /api/v1/session` (login, rate limited per account
 * and per client address, in the database), `GET /api/v1/session`, `DELETE /api/v1/session` (logout).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { languageOf, setLanguage, USER_LANGUAGES, userLanguage } from '../../services/accounts.service.js';
import { ServiceError } from '../../services/errors.js';
import type { Role } from '../../services/roles.js';
import { completeSetup, signIn, startSession } from '../../services/setup.service.js';
import { ANY } from '../access.js';
import { allow, SESSION_COOKIE } from '../auth.js';
import type { AccordApp, AppDeps, AppEnv } from '../context.js';
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
    lang: z
      .enum(USER_LANGUAGES)
      .nullable()
      .openapi({ description: 'the dashboard language the user chose (null: not chosen yet, or a token)' }),
  })
  .openapi('Session');

const setupRoute = createRoute({
  method: 'post',
  path: '/api/v1/setup',
  tags: ['session'],
  summary: 'Create the first client-admin with the one-time set-up token that `npx accord serve` printed',
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

const languageRoute = createRoute({
  method: 'put',
  path: '/api/v1/session/language',
  tags: ['session'],
  summary: "Remember the signed-in user's dashboard language for their next sign-in",
  middleware: [allow(ANY, 'choose a language')] as const,
  request: { body: jsonBody(z.object({ lang: z.enum(USER_LANGUAGES) }), 'the language: en, nl or de') },
  responses: { 204: { description: 'remembered' }, ...problems(400, 401, 403, 413, 415) },
});

const logoutRoute = createRoute({
  method: 'delete',
  path: '/api/v1/session',
  tags: ['session'],
  summary: 'Sign out (ends the session and clears the cookie)',
  middleware: [allow(ANY, 'sign out')] as const,
  responses: { 204: { description: 'signed out' }, ...problems(401, 403) },
});

/** Starts a session, sets its cookie and answers with what the browser needs (the CSRF token). */
async function sessionFor(
  c: Context<AppEnv>,
  deps: AppDeps,
  user: { id: string; role: string; organisationId: string; partnerId: string | null },
) {
  const lang = await userLanguage(deps.store, user.id);
  const session = await startSession(deps.store, user.id, deps.now(), deps.limits.sessionMs);
  setCookie(c, SESSION_COOKIE, session.id, {
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
    csrfToken: session.csrfToken,
    expiresAt: iso(session.expiresAt),
    lang,
  };
}

export function registerSessionRoutes(app: AccordApp): void {
  app.openapi(setupRoute, async (c) => {
    const deps = c.var.deps;
    const { organisation, user } = await completeSetup(deps.store, c.req.valid('json'), deps.now());
    return c.json(
      {
        organisation: {
          id: organisation.id,
          name: organisation.name,
          createdAt: iso(organisation.createdAt),
        },
        user: userJson(user),
        session: await sessionFor(c, deps, user),
      },
      201,
    );
  });

  app.openapi(loginRoute, async (c) => {
    const deps = c.var.deps;
    const { email, password } = c.req.valid('json');
    const address = deps.clientAddress(c.env, c.req.raw.headers);
    const limits = {
      perAccount: deps.limits.loginFailuresPerAccount,
      perAddress: deps.limits.loginFailuresPerAddress,
      windowMs: deps.limits.loginWindowMs,
    };
    try {
      const user = await signIn(deps.store, { email, password, address }, limits, deps.now());
      return c.json(await sessionFor(c, deps, user), 200);
    } catch (e) {
      if (e instanceof ServiceError && e.kind === 'unauthenticated')
        deps.logger.info({ event: 'login_failed' }, 'login failed');
      throw e;
    }
  });

  app.openapi(whoRoute, async (c) => {
    const p = c.var.principal;
    const lang = await languageOf(c.var.deps.store, p);
    return c.json(
      {
        kind: p.kind,
        id: p.id,
        role: p.role,
        organisationId: p.organisationId,
        partnerId: p.partnerId,
        csrfToken: p.session?.csrfToken ?? null,
        expiresAt: p.session === undefined ? null : iso(p.session.expiresAt),
        lang,
      },
      200,
    );
  });

  app.openapi(languageRoute, async (c) => {
    await setLanguage(c.var.deps.store, c.var.principal, c.req.valid('json').lang);
    return c.body(null, 204);
  });

  app.openapi(logoutRoute, async (c) => {
    const p = c.var.principal;
    if (p.session !== undefined) await c.var.deps.store.auth.deleteSession(p.session.idHash);
    deleteCookie(c, SESSION_COOKIE, { prefix: 'host', path: '/', secure: true });
    return c.body(null, 204);
  });
}
