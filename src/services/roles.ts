/**
 * Roles and who acts (docs/api.md, Roles). A client role works for a client organisation and sees all of it;
 * a partner role works for one partner of that organisation and sees only that partner's contracts and data.
 */
import { forbidden } from './errors.js';

export const ROLES = ['client-admin', 'client-viewer', 'partner-admin', 'partner-viewer', 'finance'] as const;
export type Role = (typeof ROLES)[number];

export const CLIENT_ROLES: readonly Role[] = ['client-admin', 'client-viewer', 'finance'];
export const PARTNER_ROLES: readonly Role[] = ['partner-admin', 'partner-viewer'];
export const ADMIN_ROLES: readonly Role[] = ['client-admin', 'partner-admin'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isPartnerRole(role: Role): boolean {
  return role === 'partner-admin' || role === 'partner-viewer';
}

/** Who is acting in a request: a signed-in user or an API token. */
export interface Principal {
  readonly kind: 'user' | 'token';
  /** The user's or the token's id. */
  readonly id: string;
  readonly role: Role;
  readonly organisationId: string;
  /** Set for partner roles, null for client roles. */
  readonly partnerId: string | null;
  /** For the audit log: `user:usr_…` or `token:tok_…` (never an e-mail address). */
  readonly actor: string;
  /** Present when the request came with a session cookie. */
  readonly session?: { readonly idHash: string; readonly csrfToken: string; readonly expiresAt: number };
}

/** The roles an actor may hand out (users and tokens it creates). */
export function grantableRoles(role: Role): readonly Role[] {
  if (role === 'client-admin') return ROLES;
  if (role === 'partner-admin') return PARTNER_ROLES;
  return [];
}

/** The side an admin acts for (closing, disputes, action plans). */
export function sideOf(principal: Principal): 'client' | 'partner' {
  if (principal.role === 'client-admin') return 'client';
  if (principal.role === 'partner-admin') return 'partner';
  throw forbidden(`the role ${principal.role} acts for neither party here`);
}
