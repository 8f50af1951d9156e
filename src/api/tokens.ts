/**
 * Issuing API tokens (the API's POST /api/v1/tokens and `accord token create`). The token is shown once; the
 * database keeps its SHA-256. A token carries one role and the organisation (and, for partner roles, the
 * partner) it acts for.
 */

import { isPartnerRole, type Role } from '../services/roles.js';
import { newId, randomSecret, sha256 } from '../services/secrets.js';
import type { Store } from '../store/index.js';
import type { TokenRecord } from '../store/server/index.js';

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
  await store.server.transaction(async (tx) => {
    await tx.auth.createToken(record);
    await tx.appendAudit({
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
  await store.server.transaction(async (tx) => {
    await tx.auth.revokeToken(record.id, at);
    await tx.appendAudit({
      at,
      actor,
      action: 'token.revoked',
      subject: record.id,
      details: { token: record.id, role: record.role, partner: record.partnerId },
      scope: { organisationId: record.organisationId, partnerId: record.partnerId },
    });
  });
}
