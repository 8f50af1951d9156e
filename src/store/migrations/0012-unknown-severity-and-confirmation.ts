/**
 * Migration 0012: an incident's `severity` and a privacy incident's `confirmed` may be unknown (data.md marks
 * neither required, and an empty cell is unknown), so both columns take null. PostgreSQL drops the
 * constraint; SQLite cannot, so the table is rebuilt from its own `create table` text without it, its rows
 * copied and its indexes created again, in the migration's transaction.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

const COLUMNS = [
  ['incidents', 'severity'],
  ['privacy_incidents', 'confirmed'],
] as const;

async function dropNotNullSqlite(db: Kysely<unknown>, table: string, column: string): Promise<void> {
  const objects = await sql<{ type: string; sql: string | null }>`
    select type, sql from sqlite_master where tbl_name = ${table} and sql is not null`.execute(db);
  const create = objects.rows.find((o) => o.type === 'table')?.sql;
  if (create === undefined || create === null) throw new Error(`table ${table} not found`);
  const pattern = new RegExp(`("${column}"\\s+\\w+)\\s+not null`, 'i');
  if (!pattern.test(create)) return; // already nullable
  const rebuilt = create
    .replace(pattern, '$1')
    .replace(new RegExp(`^create table\\s+"?${table}"?`, 'i'), `create table "${table}_0012"`);
  await sql.raw(rebuilt).execute(db);
  await sql.raw(`insert into "${table}_0012" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${table}_0012" rename to "${table}"`).execute(db);
  for (const o of objects.rows) if (o.type === 'index' && o.sql !== null) await sql.raw(o.sql).execute(db);
}

export function unknownSeverityAndConfirmationMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const [table, column] of COLUMNS) {
        if (dialect === 'postgres')
          await sql.raw(`alter table "${table}" alter column "${column}" drop not null`).execute(db);
        else await dropNotNullSqlite(db, table, column);
      }
    },
  };
}
