/**
 * Users and API tokens of a tenant (the API's /users and /tokens, and `accord token`). Client admins manage
 * the whole organisation; partner admins the users and tokens of their own partner, with partner roles only.
 * A token is shown once; the database keeps its SHA-256. Passwords are kept as scrypt hashes only.
 */
import type { Store, TokenRecord, UserRecord } from '../store/index.js';
import { conflict, forbidden, invalid, notFound } from './errors.js';
import { grantableRoles, isPartnerRole, type Principal, type Role } from './roles.js';
import { hashPassword, newId, randomSecret, sha256 } from './secrets.js';
import { visiblePartner } from './tenancy.service.js';

export interface TokenRequest {
  readonly role: Role;
  readonly organisationId: string;
  /** Required for partner roles, null for the others (checked by the caller). */
  readonly partnerId: string | null;
  readonly label: string | null;
  /** The actor that creates it: `user:…`, `token:…` or `cli:…`. */
  readonly createdBy: string;
  readonly at: number;
}

/** What is wrong with a token's scope, or undefined. */
export function tokenScopeProblem(role: Role, partnerId: string | null): string | undefined {
  if (isPartnerRole(role) && partnerId === null) return `a ${role} token needs a partner`;
  if (!isPartnerRole(role) && partnerId !== null)
    return `a ${role} token acts for the organisation, not a partner`;
  return undefined;
}

export async function issueToken(
  store: Store,
  r: TokenRequest,
): Promise<{ record: TokenRecord; token: string }> {
  const token = randomSecret('acc');
  const record: TokenRecord = {
    id: newId('tok'),
    tokenHash: sha256(token),
    role: r.role,
    organisationId: r.organisationId,
    partnerId: r.partnerId,
    label: r.label,
    createdAt: r.at,
    createdBy: r.createdBy,
    revokedAt: null,
  };
  await store.transaction(async (tx) => {
    await tx.auth.createToken(record);
    await tx.audit.appendScoped({
      at: r.at,
      actor: r.createdBy,
      action: 'token.created',
      subject: record.id,
      details: { token: record.id, role: r.role, partner: r.partnerId, label: r.label },
      scope: { organisationId: r.organisationId, partnerId: r.partnerId },
    });
  });
  return { record, token };
}

export async function revokeToken(
  store: Store,
  record: TokenRecord,
  actor: string,
  at: number,
): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.auth.revokeToken(record.id, at);
    await tx.audit.appendScoped({
      at,
      actor,
      action: 'token.revoked',
      subject: record.id,
      details: { token: record.id, role: record.role, partner: record.partnerId },
      scope: { organisationId: record.organisationId, partnerId: record.partnerId },
    });
  });
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
      throw invalid(`partner: a ${role} acts for the organisation, not a partner: leave partner out`, [
        { path: 'partner', message: `must be absent for the role ${role}` },
      ]);
    return null;
  }
  if (actor.partnerId !== null) {
    if (partner !== undefined && partner !== actor.partnerId)
      throw notFound(`partner "${partner}" not found`);
    return actor.partnerId;
  }
  if (partner === undefined)
    throw invalid(`partner: is required for the role ${role}`, [
      { path: 'partner', message: `is required for the role ${role}` },
    ]);
  return (await visiblePartner(store, actor, partner)).id;
}

/** A user or token of the caller's tenant (a partner admin: of its own partner only). */
function mayManage(actor: Principal, target: { organisationId: string; partnerId: string | null }): boolean {
  if (target.organisationId !== actor.organisationId) return false;
  return actor.partnerId === null || target.partnerId === actor.partnerId;
}

/** The caller's tenant: every user of the organisation, or of its own partner. */
function tenantFilter(p: Principal) {
  return { organisationId: p.organisationId, ...(p.partnerId === null ? {} : { partnerId: p.partnerId }) };
}

export function listUsers(store: Store, actor: Principal): Promise<UserRecord[]> {
  return store.auth.users(tenantFilter(actor));
}

export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly password: string;
  readonly partner?: string | undefined;
}

export async function createUser(
  store: Store,
  actor: Principal,
  u: NewUser,
  at: number,
): Promise<UserRecord> {
  const partner = await grantScope(store, actor, u.role, u.partner);
  const passwordHash = await hashPassword(u.password);
  return store.transaction(async (tx) => {
    const created = await tx.auth.createUser({
      id: newId('usr'),
      organisationId: actor.organisationId,
      partnerId: partner,
      email: u.email,
      name: u.name,
      role: u.role,
      passwordHash,
      createdAt: at,
      disabledAt: null,
    });
    await tx.audit.appendScoped({
      at,
      actor: actor.actor,
      action: 'user.created',
      subject: created.id,
      details: { user: created.id, role: created.role, partner },
      scope: { organisationId: actor.organisationId, partnerId: partner },
    });
    return created;
  });
}

export async function disableUser(store: Store, actor: Principal, userId: string, at: number): Promise<void> {
  const user = await store.auth.user(userId);
  if (user === undefined || !mayManage(actor, user)) throw notFound(`user "${userId}" not found`);
  if (actor.kind === 'user' && user.id === actor.id) throw conflict('you cannot disable yourself');
  if (!grantableRoles(actor.role).includes(user.role as Role))
    throw forbidden(`the role ${actor.role} may not disable a ${user.role}`);
  await store.transaction(async (tx) => {
    await tx.auth.disableUser(user.id, at);
    await tx.audit.appendScoped({
      at,
      actor: actor.actor,
      action: 'user.disabled',
      subject: user.id,
      details: { user: user.id, role: user.role },
      scope: { organisationId: user.organisationId, partnerId: user.partnerId },
    });
  });
}

export function listTokens(store: Store, actor: Principal): Promise<TokenRecord[]> {
  return store.auth.tokens(tenantFilter(actor));
}

/** A token the caller may grant, for its own tenant. */
export async function createToken(
  store: Store,
  actor: Principal,
  t: { readonly role: Role; readonly partner?: string | undefined; readonly label?: string | undefined },
  at: number,
): Promise<{ record: TokenRecord; token: string }> {
  const partner = await grantScope(store, actor, t.role, t.partner);
  return issueToken(store, {
    role: t.role,
    organisationId: actor.organisationId,
    partnerId: partner,
    label: t.label ?? null,
    createdBy: actor.actor,
    at,
  });
}

/** Revokes a token of the caller's tenant (at once, on every instance). */
export async function revokeTokenOf(
  store: Store,
  actor: Principal,
  tokenId: string,
  at: number,
): Promise<void> {
  const token = await store.auth.token(tokenId);
  if (token === undefined || !mayManage(actor, token)) throw notFound(`token "${tokenId}" not found`);
  if (!grantableRoles(actor.role).includes(token.role as Role))
    throw forbidden(`the role ${actor.role} may not revoke a ${token.role} token`);
  await revokeToken(store, token, actor.actor, at);
}

/** The dashboard languages a user may choose (interfaces.md, Dashboard: `?lang=en|nl|de`). */
export const USER_LANGUAGES = ['en', 'nl', 'de'] as const;
export type UserLanguage = (typeof USER_LANGUAGES)[number];

/** The language the signed-in user chose, or null (a token has none). */
export function languageOf(store: Store, actor: Principal): Promise<UserLanguage | null> {
  return actor.kind === 'user' ? userLanguage(store, actor.id) : Promise.resolve(null);
}

/** The language a user chose, or null before they chose one. */
export async function userLanguage(store: Store, userId: string): Promise<UserLanguage | null> {
  const lang = await store.auth.userLanguage(userId);
  return USER_LANGUAGES.find((l) => l === lang) ?? null;
}

/** Remembers the signed-in user's language for their next sign-in, on any browser. */
export async function setLanguage(store: Store, actor: Principal, lang: UserLanguage): Promise<void> {
  if (actor.kind !== 'user') throw invalid('only a signed-in user has a language; an API token has none');
  await store.auth.setUserLanguage(actor.id, lang);
}
