/**
 * Migration 0004: surveys and QA evaluations are read by their own time (contract.md, Periods: a survey
 * belongs to the period of its `answered_at`), page by page in (time, source, key) order. Without an index
 * on that order every page scanned and sorted the whole table.
 */
import type { Kysely, Migration } from 'kysely';

const INDEXES = [
  ['surveys', 'answered_at'],
  ['qa_evaluations', 'evaluated_at'],
] as const;

export function recordTimeIndexesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const [table, time] of INDEXES) {
        await db.schema
          .createIndex(`${table}_${time}_source_key_idx`)
          .on(table)
          .columns([time, 'source', 'key'])
          .execute();
      }
    },
    async down(db: Kysely<unknown>) {
      for (const [table, time] of INDEXES) {
        await db.schema.dropIndex(`${table}_${time}_source_key_idx`).ifExists().execute();
      }
    },
  };
}
