/**
 * The append-only audit log. Each entry carries a digest over the previous entry's digest and its own
 * content, so that a changed or removed entry breaks the chain (`verify`); the database refuses UPDATE and
 * DELETE on the table (triggers in the migration).
 */
import { hash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Dialect } from './migrations.js';
import type { StoreSchema } from './schema.js';

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

export interface AuditRepository {
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  list(options?: AuditListOptions): Promise<AuditEntry[]>;
  verify(): Promise<AuditVerification>;
}

function chainDigest(previous: string, e: AuditEntryInput, details: string): string {
  return hash(
    'sha256',
    `${previous}\n${JSON.stringify([e.at, e.actor, e.action, e.subject, details])}`,
    'hex',
  );
}

type Row = {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  details: string;
  digest: string;
};

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

/**
 * Runs `fn` in a transaction that holds the write lock from its first statement (SQLite `BEGIN IMMEDIATE`),
 * so that a read followed by a write cannot fail half-way on a busy database.
 */
export async function writeTransaction<T>(
  db: Kysely<StoreSchema>,
  dialect: Dialect,
  fn: (trx: Kysely<StoreSchema>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql.raw(dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(conn);
    try {
      const result = await fn(conn);
      await sql.raw('commit').execute(conn);
      return result;
    } catch (e) {
      await sql
        .raw('rollback')
        .execute(conn)
        .catch(() => undefined);
      throw e;
    }
  });
}

/** Appends one entry inside a running write transaction (so that an action and its entry commit together). */
export async function appendAudit(
  trx: Kysely<StoreSchema>,
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

export function auditRepository(db: Kysely<StoreSchema>, dialect: Dialect): AuditRepository {
  return {
    append: (entry) => writeTransaction(db, dialect, (trx) => appendAudit(trx, dialect, entry)),

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
