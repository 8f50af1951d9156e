/**
 * The append-only audit log. Each entry carries a digest over the previous entry's digest and its own
 * content, so that a changed or removed entry breaks the chain (`verify`); the database refuses UPDATE and
 * DELETE on the table (triggers in the migration).
 *
 * The log is one hash chain for the whole store; `audit_scopes` says which organisation (and partner) an
 * entry concerns, so that an admin lists the entries of its own tenant and nobody else's
 * (`appendScoped`, `listScoped`). An entry and its scope commit together.
 */
import { hash } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { Dialect } from '../dialect.js';
import type { AuditLogTable, StoreDb } from '../schema.js';
import { writeTransaction } from '../transaction.js';

export interface AuditEntryInput {
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditEntry extends AuditEntryInput {
  readonly id: number;
  readonly digest: string;
}

export interface AuditListOptions {
  readonly action?: string;
  /** Entries with an id above this one (paging). */
  readonly afterId?: number;
  readonly limit?: number;
}

export type AuditVerification =
  | { readonly ok: true; readonly entries: number }
  | { readonly ok: false; readonly entries: number; readonly brokenAt: number };

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

/**
 * Outside a transaction each append runs in a write transaction of its own; inside `store.transaction` it
 * joins the running one.
 */
export interface AuditRepository {
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  list(options?: AuditListOptions): Promise<AuditEntry[]>;
  verify(): Promise<AuditVerification>;
  /** Appends an entry with its tenant scope. */
  appendScoped(entry: ScopedAuditInput): Promise<AuditEntry>;
  /** The entries of one tenant, by id. */
  listScoped(filter: AuditListFilter): Promise<ScopedAuditEntry[]>;
}

function chainDigest(previous: string, e: AuditEntryInput, details: string): string {
  return hash(
    'sha256',
    `${previous}\n${JSON.stringify([e.at, e.actor, e.action, e.subject, details])}`,
    'hex',
  );
}

type Row = Selectable<AuditLogTable>;

function toEntry(row: Row): AuditEntry {
  return {
    id: Number(row.id),
    at: Number(row.at),
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    details: JSON.parse(row.details) as Record<string, unknown>,
    digest: row.digest,
  };
}

/** Appends one entry inside a running write transaction (so that an action and its entry commit together). */
export async function appendAudit(
  trx: StoreDb,
  dialect: Dialect,
  entry: AuditEntryInput,
): Promise<AuditEntry> {
  // One appender at a time, or two entries could claim the same predecessor.
  if (dialect === 'postgres') await sql`lock table audit_log in share row exclusive mode`.execute(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select('digest')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const details = JSON.stringify(entry.details);
  const digest = chainDigest(last?.digest ?? '', entry, details);
  const row = await trx
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      details,
      digest,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...entry, id: Number(row.id), digest };
}

/** Appends an entry and its scope inside a running write transaction. */
export async function appendScopedAudit(
  trx: StoreDb,
  dialect: Dialect,
  entry: ScopedAuditInput,
): Promise<AuditEntry> {
  const { scope, ...rest } = entry;
  const appended = await appendAudit(trx, dialect, rest);
  await trx
    .insertInto('audit_scopes')
    .values({ audit_id: appended.id, organisation_id: scope.organisationId, partner_id: scope.partnerId })
    .execute();
  return appended;
}

async function listScopedAudit(db: StoreDb, filter: AuditListFilter): Promise<ScopedAuditEntry[]> {
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
    ...toEntry(r),
    organisationId: r.organisation_id,
    partnerId: r.partner_id,
  }));
}

type Append = (trx: StoreDb) => Promise<AuditEntry>;

/**
 * Appends outside a transaction, grouped: the entries handed in while the event loop was busy (concurrent
 * API requests, each recording its ingest) are appended in one write transaction, in the order they came,
 * each with its own digest in the chain: one lock of the chain and one commit for all of them, where one
 * each made concurrent requests queue behind each other's commits (B4). A group that fails is tried
 * again entry by entry, so only an entry that fails by itself is refused.
 */
function groupAppender(db: StoreDb, dialect: Dialect): (append: Append) => Promise<AuditEntry> {
  let pending: { append: Append; resolve: (e: AuditEntry) => void; reject: (e: unknown) => void }[] = [];
  const flush = async () => {
    const group = pending;
    pending = [];
    if (group.length > 1) {
      try {
        const entries = await writeTransaction(db, dialect, async (trx) => {
          const out: AuditEntry[] = [];
          for (const p of group) out.push(await p.append(trx));
          return out;
        });
        for (const [i, p] of group.entries()) p.resolve(entries[i]!);
        return;
      } catch {
        // Rolled back as a whole: each entry alone below.
      }
    }
    for (const p of group) {
      try {
        p.resolve(await writeTransaction(db, dialect, p.append));
      } catch (e) {
        p.reject(e);
      }
    }
  };
  return (append) =>
    new Promise((resolve, reject) => {
      pending.push({ append, resolve, reject });
      if (pending.length === 1) setImmediate(() => void flush());
    });
}

/** `inTransaction`: `db` is the connection of a running write transaction. */
export function auditRepository(db: StoreDb, dialect: Dialect, inTransaction = false): AuditRepository {
  const grouped = inTransaction ? undefined : groupAppender(db, dialect);
  const writing = (fn: Append): Promise<AuditEntry> => (grouped === undefined ? fn(db) : grouped(fn));
  return {
    append: (entry) => writing((trx) => appendAudit(trx, dialect, entry)),
    appendScoped: (entry) => writing((trx) => appendScopedAudit(trx, dialect, entry)),
    listScoped: (filter) => listScopedAudit(db, filter),

    async list(options = {}) {
      let q = db.selectFrom('audit_log').selectAll();
      if (options.action !== undefined) q = q.where('action', '=', options.action);
      if (options.afterId !== undefined) q = q.where('id', '>', options.afterId);
      q = q.orderBy('id');
      if (options.limit !== undefined) q = q.limit(options.limit);
      return (await q.execute()).map((r) => toEntry(r as Row));
    },

    async verify() {
      let previous = '';
      let entries = 0;
      let afterId = 0;
      for (;;) {
        const rows = await db
          .selectFrom('audit_log')
          .selectAll()
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(1000)
          .execute();
        for (const raw of rows) {
          const row = raw as Row;
          const expected = chainDigest(previous, toEntry(row), row.details);
          if (expected !== row.digest) return { ok: false, entries, brokenAt: Number(row.id) };
          previous = row.digest;
          entries++;
          afterId = Number(row.id);
        }
        if (rows.length < 1000) return { ok: true, entries };
      }
    },
  };
}
