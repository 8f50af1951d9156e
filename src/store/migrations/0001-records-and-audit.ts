/**
 * Migration 0001: the record tables (one per kind, with the upsert columns source, key, digest, revision)
 * and the append-only audit log. Released: it never changes; a change of schema is a new migration.
 */
import {
  type ColumnDataType,
  type CreateTableBuilder,
  type Expression,
  type Kysely,
  type Migration,
  sql,
} from 'kysely';
import type { Dialect } from '../dialect.js';

type ColumnKind = 'text' | 'bigint' | 'integer' | 'double' | 'boolean';
type Column = readonly [name: string, kind: ColumnKind, notNull?: 'not null'];

/** Content columns of the record tables as created by migration 0001. */
const RECORD_TABLES_0001: Readonly<Record<string, { columns: readonly Column[]; indexes: string[][] }>> = {
  contacts: {
    columns: [
      ['id', 'text', 'not null'],
      ['channel', 'text', 'not null'],
      ['direction', 'text', 'not null'],
      ['language', 'text'],
      ['queue', 'text'],
      ['segment', 'text'],
      ['priority', 'text'],
      ['category', 'text'],
      ['created_at', 'bigint', 'not null'],
      ['answered_at', 'bigint'],
      ['abandoned_at', 'bigint'],
      ['first_response_at', 'bigint'],
      ['resolved_at', 'bigint'],
      ['first_resolved_at', 'bigint'],
      ['reopen_count', 'integer'],
      ['handle_seconds', 'double'],
      ['first_time_right', 'boolean'],
      ['agent', 'text'],
      ['customer', 'text'],
      ['attributes', 'text', 'not null'],
    ],
    // Range reads page through contacts in (created_at, source, key) order.
    indexes: [['created_at', 'source', 'key']],
  },
  status_events: {
    columns: [
      ['contact_id', 'text', 'not null'],
      ['status', 'text', 'not null'],
      ['native_status', 'text'],
      ['at', 'bigint', 'not null'],
    ],
    indexes: [['source', 'contact_id']],
  },
  surveys: {
    columns: [
      ['contact_id', 'text', 'not null'],
      ['kind', 'text', 'not null'],
      ['score', 'double', 'not null'],
      ['scale_min', 'double', 'not null'],
      ['scale_max', 'double', 'not null'],
      ['answered_at', 'bigint', 'not null'],
      ['comment', 'text'],
    ],
    indexes: [['source', 'contact_id']],
  },
  qa_evaluations: {
    columns: [
      ['contact_id', 'text', 'not null'],
      ['evaluated_at', 'bigint', 'not null'],
      ['score', 'double'],
      ['script_compliant', 'boolean'],
      ['tone_of_voice_ok', 'boolean'],
      ['evaluator', 'text'],
      ['attributes', 'text', 'not null'],
    ],
    indexes: [['source', 'contact_id']],
  },
  outages: {
    columns: [
      ['from_at', 'bigint', 'not null'],
      ['to_at', 'bigint', 'not null'],
      ['channel', 'text'],
      ['reason', 'text'],
    ],
    indexes: [['from_at']],
  },
  incidents: {
    columns: [
      ['id', 'text', 'not null'],
      ['severity', 'text', 'not null'],
      ['raised_at', 'bigint', 'not null'],
      ['acknowledged_at', 'bigint'],
      ['resolved_at', 'bigint'],
      ['summary', 'text'],
    ],
    indexes: [['raised_at']],
  },
  privacy_incidents: {
    columns: [
      ['id', 'text', 'not null'],
      ['reported_at', 'bigint', 'not null'],
      ['confirmed', 'boolean', 'not null'],
      ['summary', 'text'],
    ],
    indexes: [['reported_at']],
  },
  forecasts: {
    columns: [
      ['interval_start', 'bigint', 'not null'],
      ['interval_minutes', 'integer', 'not null'],
      ['channel', 'text'],
      ['queue', 'text'],
      ['volume', 'double', 'not null'],
      ['aht_seconds', 'double'],
    ],
    indexes: [['interval_start']],
  },
};

function dataType(kind: ColumnKind): ColumnDataType {
  return kind === 'double' ? 'double precision' : kind;
}

export function recordsAndAuditMigration(dialect: Dialect): Migration {
  // On PostgreSQL the key columns compare bytewise (collation "C"): faster, and the same order as SQLite.
  const keyText: ColumnDataType | Expression<unknown> =
    dialect === 'postgres' ? sql`text collate "C"` : 'text';
  return {
    async up(db: Kysely<unknown>) {
      for (const [table, spec] of Object.entries(RECORD_TABLES_0001)) {
        let builder: CreateTableBuilder<string, string> = db.schema
          .createTable(table)
          .addColumn('source', keyText, (c) => c.notNull())
          .addColumn('key', keyText, (c) => c.notNull());
        for (const [name, kind, notNull] of spec.columns) {
          builder = builder.addColumn(name, dataType(kind), (c) => (notNull ? c.notNull() : c));
        }
        builder = builder
          .addColumn('digest', 'text', (c) => c.notNull())
          .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
          .addPrimaryKeyConstraint(`${table}_pkey`, ['source', 'key']);
        await builder.execute();
        for (const columns of spec.indexes) {
          await db.schema
            .createIndex(`${table}_${columns.join('_')}_idx`)
            .on(table)
            .columns(columns)
            .execute();
        }
      }

      await db.schema
        .createTable('audit_log')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .execute();
      // Append-only: the database itself refuses to change or delete an entry.
      if (dialect === 'sqlite') {
        for (const op of ['update', 'delete']) {
          await sql
            .raw(
              `create trigger audit_log_no_${op} before ${op} on audit_log ` +
                `begin select raise(abort, 'audit_log is append-only'); end`,
            )
            .execute(db);
        }
      } else {
        await sql
          .raw(
            `create function audit_log_append_only() returns trigger language plpgsql as $$ ` +
              `begin raise exception 'audit_log is append-only'; end $$`,
          )
          .execute(db);
        await sql
          .raw(
            'create trigger audit_log_append_only before update or delete on audit_log ' +
              'for each row execute function audit_log_append_only()',
          )
          .execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('audit_log').ifExists().execute();
      if (dialect === 'postgres')
        await sql.raw('drop function if exists audit_log_append_only()').execute(db);
      for (const table of Object.keys(RECORD_TABLES_0001).reverse()) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
