/**
 * Migration 0006: kept results (docs/evaluation.md, Kept results).
 *
 * - `record_changes`: the store's data watermark, one row (`scope` '*') whose `seq` every write
 *   transaction that changes records (the bulk writers, privacy's scrubs, erasures and purges) raises by
 *   one, last in that transaction. A kept result names the `seq` it was
 *   computed after; another `seq` now means its data may have changed. The `scope` column leaves room for
 *   a counter per source later without another migration.
 * - `kept_results`: the last evaluate document computed for a contract's period under an as-of rule
 *   ('now' or an instant), with what it was computed from: the contract versions' digests, the scope
 *   (partner's sources, agreed exclusions, closes, sources owned), the watermark, and the asOf it names.
 */
import { type ColumnDataType, type Expression, type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

export function keptResultsMigration(dialect: Dialect): Migration {
  const idText: ColumnDataType | Expression<unknown> =
    dialect === 'postgres' ? sql`text collate "C"` : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('record_changes')
        .addColumn('scope', idText, (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into record_changes (scope, seq) values ('*', 0)`.execute(db);
      await db.schema
        .createTable('kept_results')
        .addColumn('organisation_id', idText, (c) => c.notNull())
        .addColumn('contract_id', idText, (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        // 'now' (no asOf asked) or the asked instant in epoch milliseconds
        .addColumn('as_of_rule', 'text', (c) => c.notNull())
        .addColumn('versions_digest', 'text', (c) => c.notNull())
        .addColumn('scope_digest', 'text', (c) => c.notNull())
        .addColumn('watermark', 'bigint', (c) => c.notNull())
        .addColumn('as_of', 'bigint', (c) => c.notNull())
        .addColumn('computed_at', 'bigint', (c) => c.notNull())
        // how many times this key was computed (a second identical request adds none)
        .addColumn('computations', 'bigint', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('kept_results_pkey', [
          'organisation_id',
          'contract_id',
          'period',
          'as_of_rule',
        ])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('kept_results').ifExists().execute();
      await db.schema.dropTable('record_changes').ifExists().execute();
    },
  };
}
