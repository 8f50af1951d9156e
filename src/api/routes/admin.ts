/**
 * The organisation, its partners (and the source names each owns), users and API tokens. Client admins
 * manage the whole organisation; partner admins manage the users and tokens of their own partner, with
 * partner roles only.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  createToken,
  createUser,
  disableUser,
  listTokens,
  listUsers,
  revokeTokenOf,
} from '../../services/accounts.service.js';
import type { Role } from '../../services/roles.js';
import {
  addPartnerSource,
  createPartner,
  ownOrganisation,
  visiblePartner,
  visiblePartners,
} from '../../services/tenancy.service.js';
import type { Partner, TokenRecord, UserRecord } from '../../store/index.js';
import { ADMINS, ANY, CLIENT_ADMIN } from '../access.js';
import { allow } from '../auth.js';
import type { AccordApp } from '../context.js';
import {
  emailSchema,
  idParam,
  idString,
  iso,
  isoOrNull,
  jsonBody,
  jsonResponse,
  nameSchema,
  OrganisationSchema,
  PartnerSchema,
  passwordSchema,
  problems,
  roleSchema,
  sourceSchema,
  TokenSchema,
  UserSchema,
} from '../schemas.js';

export function userJson(u: UserRecord) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as Role,
    organisationId: u.organisationId,
    partnerId: u.partnerId,
    createdAt: iso(u.createdAt),
    disabledAt: isoOrNull(u.disabledAt),
  };
}

export function partnerJson(p: Partner) {
  return {
    id: p.id,
    organisationId: p.organisationId,
    name: p.name,
    defaultSource: p.defaultSource,
    sources: [...p.sources],
    createdAt: iso(p.createdAt),
  };
}

export function tokenJson(t: TokenRecord) {
  return {
    id: t.id,
    role: t.role as Role,
    organisationId: t.organisationId,
    partnerId: t.partnerId,
    label: t.label,
    createdAt: iso(t.createdAt),
    createdBy: t.createdBy,
    revokedAt: isoOrNull(t.revokedAt),
  };
}

const partnerId = idParam('partnerId', 'ptn_k3v9q2m8x1ab');

const routes = {
  organisation: createRoute({
    method: 'get',
    path: '/api/v1/organisation',
    tags: ['tenancy'],
    summary: "The caller's client organisation",
    middleware: [allow(ANY, 'read the organisation')] as const,
    responses: { 200: jsonResponse(OrganisationSchema, 'the organisation'), ...problems(401, 403) },
  }),
  listPartners: createRoute({
    method: 'get',
    path: '/api/v1/partners',
    tags: ['tenancy'],
    summary: 'Partners of the organisation (a partner role sees only its own)',
    middleware: [allow(ANY, 'list partners')] as const,
    responses: {
      200: jsonResponse(z.object({ partners: z.array(PartnerSchema) }), 'partners'),
      ...problems(401, 403),
    },
  }),
  createPartner: createRoute({
    method: 'post',
    path: '/api/v1/partners',
    tags: ['tenancy'],
    summary: 'Add a partner with the source names it owns',
    middleware: [allow(CLIENT_ADMIN, 'add partners')] as const,
    request: {
      body: jsonBody(
        z.object({
          name: nameSchema,
          defaultSource: sourceSchema.openapi({ description: 'the source of ingested rows without one' }),
          sources: z.array(sourceSchema).max(100).optional(),
        }),
        'the partner',
      ),
    },
    responses: { 201: jsonResponse(PartnerSchema, 'created'), ...problems(400, 401, 403, 409, 413, 415) },
  }),
  getPartner: createRoute({
    method: 'get',
    path: '/api/v1/partners/{partnerId}',
    tags: ['tenancy'],
    summary: 'One partner',
    middleware: [allow(ANY, 'read partners')] as const,
    request: { params: z.object({ partnerId }) },
    responses: { 200: jsonResponse(PartnerSchema, 'the partner'), ...problems(400, 401, 403, 404) },
  }),
  addSource: createRoute({
    method: 'post',
    path: '/api/v1/partners/{partnerId}/sources',
    tags: ['tenancy'],
    summary: 'Give a partner another source name (a name belongs to one partner only)',
    middleware: [allow(CLIENT_ADMIN, 'add sources')] as const,
    request: {
      params: z.object({ partnerId }),
      body: jsonBody(z.object({ source: sourceSchema }), 'the source name'),
    },
    responses: { 200: jsonResponse(PartnerSchema, 'the partner'), ...problems(400, 401, 403, 404, 409, 415) },
  }),
  listUsers: createRoute({
    method: 'get',
    path: '/api/v1/users',
    tags: ['users'],
    summary: 'Users of the organisation (a partner admin: of its partner)',
    middleware: [allow(ADMINS, 'list users')] as const,
    responses: {
      200: jsonResponse(z.object({ users: z.array(UserSchema) }), 'users'),
      ...problems(401, 403),
    },
  }),
  createUser: createRoute({
    method: 'post',
    path: '/api/v1/users',
    tags: ['users'],
    summary: 'Add a user who signs in with e-mail address and password',
    middleware: [allow(ADMINS, 'add users')] as const,
    request: {
      body: jsonBody(
        z.object({
          email: emailSchema,
          name: nameSchema,
          password: passwordSchema,
          role: roleSchema,
          partner: idString('ptn_k3v9q2m8x1ab').optional(),
        }),
        'the user',
      ),
    },
    responses: { 201: jsonResponse(UserSchema, 'created'), ...problems(400, 401, 403, 404, 409, 413, 415) },
  }),
  disableUser: createRoute({
    method: 'delete',
    path: '/api/v1/users/{userId}',
    tags: ['users'],
    summary: 'Disable a user and end their sessions',
    middleware: [allow(ADMINS, 'disable users')] as const,
    request: { params: z.object({ userId: idParam('userId', 'usr_q8d2k4m1x0ab') }) },
    responses: { 204: { description: 'disabled' }, ...problems(400, 401, 403, 404, 409) },
  }),
  listTokens: createRoute({
    method: 'get',
    path: '/api/v1/tokens',
    tags: ['tokens'],
    summary: 'API tokens (never their secret)',
    middleware: [allow(ADMINS, 'list tokens')] as const,
    responses: {
      200: jsonResponse(z.object({ tokens: z.array(TokenSchema) }), 'tokens'),
      ...problems(401, 403),
    },
  }),
  createToken: createRoute({
    method: 'post',
    path: '/api/v1/tokens',
    tags: ['tokens'],
    summary: 'Create an API token; the token is in this answer only',
    middleware: [allow(ADMINS, 'create tokens')] as const,
    request: {
      body: jsonBody(
        z.object({
          role: roleSchema,
          partner: idString('ptn_k3v9q2m8x1ab').optional(),
          label: nameSchema.optional(),
        }),
        'role, partner (for partner roles) and a label',
      ),
    },
    responses: {
      201: jsonResponse(TokenSchema.extend({ token: z.string() }), 'created'),
      ...problems(400, 401, 403, 404, 413, 415),
    },
  }),
  revokeToken: createRoute({
    method: 'delete',
    path: '/api/v1/tokens/{tokenId}',
    tags: ['tokens'],
    summary: 'Revoke a token (at once, on every instance)',
    middleware: [allow(ADMINS, 'revoke tokens')] as const,
    request: { params: z.object({ tokenId: idParam('tokenId', 'tok_m2x9k4q1d0ab') }) },
    responses: { 204: { description: 'revoked' }, ...problems(400, 401, 403, 404) },
  }),
};

export function registerAdminRoutes(app: AccordApp): void {
  app.openapi(routes.organisation, async (c) => {
    const o = await ownOrganisation(c.var.deps.store, c.var.principal);
    return c.json({ id: o.id, name: o.name, createdAt: iso(o.createdAt) }, 200);
  });

  app.openapi(routes.listPartners, async (c) => {
    const partners = await visiblePartners(c.var.deps.store, c.var.principal);
    return c.json({ partners: partners.map(partnerJson) }, 200);
  });

  app.openapi(routes.createPartner, async (c) => {
    const { store, now } = c.var.deps;
    const partner = await createPartner(store, c.var.principal, c.req.valid('json'), now());
    return c.json(partnerJson(partner), 201);
  });

  app.openapi(routes.getPartner, async (c) => {
    const partner = await visiblePartner(c.var.deps.store, c.var.principal, c.req.valid('param').partnerId);
    return c.json(partnerJson(partner), 200);
  });

  app.openapi(routes.addSource, async (c) => {
    const { store, now } = c.var.deps;
    const { partnerId: id } = c.req.valid('param');
    const partner = await addPartnerSource(store, c.var.principal, id, c.req.valid('json').source, now());
    return c.json(partnerJson(partner), 200);
  });

  app.openapi(routes.listUsers, async (c) => {
    const users = await listUsers(c.var.deps.store, c.var.principal);
    return c.json({ users: users.map(userJson) }, 200);
  });

  app.openapi(routes.createUser, async (c) => {
    const { store, now } = c.var.deps;
    const user = await createUser(store, c.var.principal, c.req.valid('json'), now());
    return c.json(userJson(user), 201);
  });

  app.openapi(routes.disableUser, async (c) => {
    const { store, now } = c.var.deps;
    await disableUser(store, c.var.principal, c.req.valid('param').userId, now());
    return c.body(null, 204);
  });

  app.openapi(routes.listTokens, async (c) => {
    const tokens = await listTokens(c.var.deps.store, c.var.principal);
    return c.json({ tokens: tokens.map(tokenJson) }, 200);
  });

  app.openapi(routes.createToken, async (c) => {
    const { store, now } = c.var.deps;
    const { record, token } = await createToken(store, c.var.principal, c.req.valid('json'), now());
    return c.json({ ...tokenJson(record), token }, 201);
  });

  app.openapi(routes.revokeToken, async (c) => {
    const { store, now } = c.var.deps;
    await revokeTokenOf(store, c.var.principal, c.req.valid('param').tokenId, now());
    return c.body(null, 204);
  });
}
