/**
 * The organisation, its partners (and the source names each owns), users and API tokens. Client admins
 * manage the whole organisation; partner admins manage the users and tokens of their own partner, with
 * partner roles only.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { grantableRoles, isPartnerRole, type Principal, type Role } from '../../services/roles.js';
import { hashPassword, newId } from '../../services/secrets.js';
import { visiblePartner, visiblePartners } from '../../services/tenancy.service.js';
import type { Store } from '../../store/index.js';
import type { Partner, TokenRecord, UserRecord } from '../../store/server/index.js';
import { ADMINS, ANY, CLIENT_ADMIN } from '../access.js';
import type { AccordApp } from '../app.js';
import { allow } from '../auth.js';
import { badRequest, conflict, forbidden, notFound } from '../problem.js';
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
import { issueToken, revokeToken } from '../tokens.js';

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

/** The partner a new user or token acts for, checked against what the caller may grant. */
async function grantScope(
  store: Store,
  actor: Principal,
  role: Role,
  partner: string | undefined,
): Promise<string | null> {
  if (!grantableRoles(actor.role).includes(role))
    throw forbidden(`the role ${actor.role} may not grant the role ${role}`);
  if (!isPartnerRole(role)) {
    if (partner !== undefined)
      throw badRequest(
        `body.partner: a ${role} acts for the organisation, not a partner: leave partner out`,
        [{ path: 'body.partner', message: `must be absent for the role ${role}` }],
      );
    return null;
  }
  if (actor.partnerId !== null) {
    if (partner !== undefined && partner !== actor.partnerId)
      throw notFound(`partner "${partner}" not found`);
    return actor.partnerId;
  }
  if (partner === undefined)
    throw badRequest(`body.partner: is required for the role ${role}`, [
      { path: 'body.partner', message: `is required for the role ${role}` },
    ]);
  return (await visiblePartner(store, actor, partner)).id;
}

/** A user or token of the caller's tenant (a partner admin: of its own partner only). */
function mayManage(actor: Principal, target: { organisationId: string; partnerId: string | null }): boolean {
  if (target.organisationId !== actor.organisationId) return false;
  return actor.partnerId === null || target.partnerId === actor.partnerId;
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
    const p = c.var.principal;
    const o = await c.var.deps.store.server.tenancy.organisation(p.organisationId);
    if (o === undefined) throw notFound('the organisation of this token no longer exists');
    return c.json({ id: o.id, name: o.name, createdAt: iso(o.createdAt) }, 200);
  });

  app.openapi(routes.listPartners, async (c) => {
    const partners = await visiblePartners(c.var.deps.store, c.var.principal);
    return c.json({ partners: partners.map(partnerJson) }, 200);
  });

  app.openapi(routes.createPartner, async (c) => {
    const { store, now } = c.var.deps;
    const p = c.var.principal;
    const body = c.req.valid('json');
    const at = now();
    const partner = await store.server.transaction(async (tx) => {
      const created = await tx.tenancy.createPartner({
        id: newId('ptn'),
        organisationId: p.organisationId,
        name: body.name,
        defaultSource: body.defaultSource,
        sources: body.sources ?? [],
        createdAt: at,
      });
      await tx.appendAudit({
        at,
        actor: p.actor,
        action: 'partner.created',
        subject: created.id,
        details: { partner: created.id, name: created.name, sources: created.sources },
        scope: { organisationId: p.organisationId, partnerId: created.id },
      });
      return created;
    });
    return c.json(partnerJson(partner), 201);
  });

  app.openapi(routes.getPartner, async (c) => {
    const partner = await visiblePartner(c.var.deps.store, c.var.principal, c.req.valid('param').partnerId);
    return c.json(partnerJson(partner), 200);
  });

  app.openapi(routes.addSource, async (c) => {
    const { store, now } = c.var.deps;
    const p = c.var.principal;
    const partner = await visiblePartner(store, p, c.req.valid('param').partnerId);
    const { source } = c.req.valid('json');
    const at = now();
    await store.server.transaction(async (tx) => {
      await tx.tenancy.addSource(partner.id, source, at);
      await tx.appendAudit({
        at,
        actor: p.actor,
        action: 'partner.source_added',
        subject: partner.id,
        details: { partner: partner.id, source },
        scope: { organisationId: p.organisationId, partnerId: partner.id },
      });
    });
    return c.json(partnerJson((await store.server.tenancy.partnerById(partner.id))!), 200);
  });

  app.openapi(routes.listUsers, async (c) => {
    const p = c.var.principal;
    const users = await c.var.deps.store.server.auth.users({
      organisationId: p.organisationId,
      ...(p.partnerId === null ? {} : { partnerId: p.partnerId }),
    });
    return c.json({ users: users.map(userJson) }, 200);
  });

  app.openapi(routes.createUser, async (c) => {
    const { store, now } = c.var.deps;
    const p = c.var.principal;
    const body = c.req.valid('json');
    const partner = await grantScope(store, p, body.role, body.partner);
    const passwordHash = await hashPassword(body.password);
    const at = now();
    const user = await store.server.transaction(async (tx) => {
      const created = await tx.auth.createUser({
        id: newId('usr'),
        organisationId: p.organisationId,
        partnerId: partner,
        email: body.email,
        name: body.name,
        role: body.role,
        passwordHash,
        createdAt: at,
        disabledAt: null,
      });
      await tx.appendAudit({
        at,
        actor: p.actor,
        action: 'user.created',
        subject: created.id,
        details: { user: created.id, role: created.role, partner },
        scope: { organisationId: p.organisationId, partnerId: partner },
      });
      return created;
    });
    return c.json(userJson(user), 201);
  });

  app.openapi(routes.disableUser, async (c) => {
    const { store, now } = c.var.deps;
    const p = c.var.principal;
    const { userId } = c.req.valid('param');
    const user = await store.server.auth.user(userId);
    if (user === undefined || !mayManage(p, user)) throw notFound(`user "${userId}" not found`);
    if (p.kind === 'user' && user.id === p.id) throw conflict('you cannot disable yourself');
    if (!grantableRoles(p.role).includes(user.role as Role))
      throw forbidden(`the role ${p.role} may not disable a ${user.role}`);
    const at = now();
    await store.server.transaction(async (tx) => {
      await tx.auth.disableUser(user.id, at);
      await tx.appendAudit({
        at,
        actor: p.actor,
        action: 'user.disabled',
        subject: user.id,
        details: { user: user.id, role: user.role },
        scope: { organisationId: user.organisationId, partnerId: user.partnerId },
      });
    });
    return c.body(null, 204);
  });

  app.openapi(routes.listTokens, async (c) => {
    const p = c.var.principal;
    const tokens = await c.var.deps.store.server.auth.tokens({
      organisationId: p.organisationId,
      ...(p.partnerId === null ? {} : { partnerId: p.partnerId }),
    });
    return c.json({ tokens: tokens.map(tokenJson) }, 200);
  });

  app.openapi(routes.createToken, async (c) => {
    const { store, now } = c.var.deps;
    const p = c.var.principal;
    const body = c.req.valid('json');
    const partner = await grantScope(store, p, body.role, body.partner);
    const { record, token } = await issueToken(store, {
      role: body.role,
      organisationId: p.organisationId,
      partnerId: partner,
      label: body.label ?? null,
      createdBy: p.actor,
      at: now(),
    });
    return c.json({ ...tokenJson(record), token }, 201);
  });

  app.openapi(routes.revokeToken, async (c) => {
    const { store, now } = c.var.deps;
    const p = c.var.principal;
    const { tokenId } = c.req.valid('param');
    const token = await store.server.auth.token(tokenId);
    if (token === undefined || !mayManage(p, token)) throw notFound(`token "${tokenId}" not found`);
    if (!grantableRoles(p.role).includes(token.role as Role))
      throw forbidden(`the role ${p.role} may not revoke a ${token.role} token`);
    await revokeToken(store, token, p.actor, now());
    return c.body(null, 204);
  });
}
