/**
 * Audit entries with a tenant scope. The audit log (`audit_log`) is one append-only hash chain for the
 * whole store; `audit_scopes` says which organisation (and partner) an entry concerns, so that an admin
 * lists the entries of its own tenant and nobody else's. An entry and its scope commit together.
 */
import type { Kysely } from 'kysely';
import { type AuditEntry, type AuditEntryInput, appendAudit } from '../audit.js';
import type { Dialect } from '../migrations.js';
import type { StoreSchema } from '../schema.js';
import type { ServerDb } from './schema.js';

export interface AuditScope {
  readonly organisationId: string;
  /** The partner the entry concerns, or null for an organisation-wide entry. */
  readonly partnerId: string | null;
}

export interface ScopedAuditInput extends AuditEntryInput {
  readonly scope: AuditScope;
}

export interface ScopedAuditEntry extends AuditEntry {
  readonly organisationId: string;
  readonly partnerId: string | null;
}

export interface AuditListFilter {
  readonly organisationId: string;
  /** Only entries of this partner (a partner admin's view). */
  readonly partnerId?: string;
  readonly action?: string;
  readonly afterId?: number;
  readonly limit: number;
}

/** Appends an entry and its scope inside a running write transaction. */
export async function appendScopedAudit(
  trx: ServerDb,
  dialect: Dialect,
  entry: ScopedAuditInput,
): Promise<AuditEntry> {
  const { scope, ...rest } = entry;
  const appended = await appendAudit(trx as unknown as Kysely<StoreSchema>, dialect, rest);
  await trx
    .insertInto('audit_scopes')
    .values({ audit_id: appended.id, organisation_id: scope.organisationId, partner_id: scope.partnerId })
    .execute();
  return appended;
}

export async function listScopedAudit(db: ServerDb, filter: AuditListFilter): Promise<ScopedAuditEntry[]> {
  let q = db
    .selectFrom('audit_log')
    .innerJoin('audit_scopes', 'audit_scopes.audit_id', 'audit_log.id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor',
      'audit_log.action',
      'audit_log.subject',
      'audit_log.details',
      'audit_log.digest',
      'audit_scopes.organisation_id',
      'audit_scopes.partner_id',
    ])
    .where('audit_scopes.organisation_id', '=', filter.organisationId);
  if (filter.partnerId !== undefined) q = q.where('audit_scopes.partner_id', '=', filter.partnerId);
  if (filter.action !== undefined) q = q.where('audit_log.action', '=', filter.action);
  if (filter.afterId !== undefined) q = q.where('audit_log.id', '>', filter.afterId);
  const rows = await q.orderBy('audit_log.id').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: Number(r.at),
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    details: JSON.parse(r.details) as Record<string, unknown>,
    digest: r.digest,
    organisationId: r.organisation_id,
    partnerId: r.partner_id,
  }));
}
