/**
 * Authentication and authorisation. A request proves who it is with `Authorization: Bearer <API token>` or
 * with the session cookie of a signed-in user; a cookie-authenticated write must also carry the session's
 * CSRF token in `X-CSRF-Token`. Each route names the roles it admits; the tenant checks (a partner sees only
 * its own contracts and data) are made where the resource is looked up (`tenancy.ts`).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { isRole, type Principal, type Role } from '../services/roles.js';
import { sameSecret, sha256 } from '../services/secrets.js';
import type { AppEnv } from './context.js';
import { ApiError, forbidden } from './problem.js';

/** The session cookie, sent as `__Host-accord_session` (Secure, HttpOnly, SameSite=Strict, Path=/). */
export const SESSION_COOKIE = 'accord_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const unauthorized = (message: string) =>
  new ApiError(401, 'unauthorized', message, {}, { 'www-authenticate': 'Bearer realm="accord"' });

/** Who is calling, or undefined when the request carries no credentials at all. */
export async function resolvePrincipal(c: Context<AppEnv>): Promise<Principal | undefined> {
  const { store, now } = c.var.deps;
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const m = /^Bearer\s+([A-Za-z0-9_.~+/=-]{1,512})\s*$/i.exec(header);
    if (!m) throw unauthorized('the Authorization header is not "Bearer <token>"');
    const token = await store.auth.tokenByHash(sha256(m[1]!));
    if (token === undefined || token.revokedAt !== null || !isRole(token.role))
      throw unauthorized('the API token is unknown or revoked');
    return {
      kind: 'token',
      id: token.id,
      role: token.role,
      organisationId: token.organisationId,
      partnerId: token.partnerId,
      actor: `token:${token.id}`,
    };
  }
  const cookie = getCookie(c, SESSION_COOKIE, 'host');
  if (cookie === undefined || cookie === '') return undefined;
  const found = await store.auth.session(sha256(cookie), now());
  if (found === undefined || !isRole(found.user.role))
    throw unauthorized('the session has expired or was ended: sign in again');
  const { session, user } = found;
  return {
    kind: 'user',
    id: user.id,
    role: user.role as Role,
    organisationId: user.organisationId,
    partnerId: user.partnerId,
    actor: `user:${user.id}`,
    session: { idHash: session.idHash, csrfToken: session.csrfToken, expiresAt: session.expiresAt },
  };
}

/** Checks the CSRF token of a cookie-authenticated write. */
export function checkCsrf(c: Context<AppEnv>, principal: Principal): void {
  if (principal.session === undefined || SAFE_METHODS.has(c.req.method)) return;
  const sent = c.req.header(CSRF_HEADER);
  if (sent === undefined || !sameSecret(sent, principal.session.csrfToken))
    throw forbidden(
      `a write with a session cookie needs the session's CSRF token in the ${CSRF_HEADER} header`,
    );
}

/** Middleware: the caller must be authenticated and have one of the roles. */
export function allow(roles: readonly Role[], what: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = await resolvePrincipal(c);
    if (principal === undefined)
      throw unauthorized(
        'this route needs an API token (Authorization: Bearer …) or a session: sign in first',
      );
    checkCsrf(c, principal);
    if (!roles.includes(principal.role)) throw forbidden(`the role ${principal.role} may not ${what}`);
    c.set('principal', principal);
    await next();
  };
}
