/**
 * Migration 0009: evaluations, action plans and report schedules (docs/action-plans.md).
 *
 * - `period_notes`: the evaluation notes of a contract's period, one text per period.
 * - `action_items`: actions (what, owner party and person, due date, status, linked metric) opened for a
 *   period and carried to later ones until closed. `trigger` (`metric|period`) is set on a plan the
 *   contract requires; it is unique per contract, so that opening the same plan twice opens it once.
 * - `report_schedules`: a contract's report schedule per report period kind (when it runs, its language,
 *   whether it is on); without a row, the contract's `report:` kinds run on their default rules.
 * - `schedule_runs`: one row per contract, schedule and reported period, written before the mail goes out;
 *   its primary key is what makes a second run (a restart, a second instance) send nothing.
 */
import { type ColumnDataType, type Expression, type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

export function actionPlansMigration(dialect: Dialect): Migration {
  const idText: ColumnDataType | Expression<unknown> =
    dialect === 'postgres' ? sql`text collate "C"` : 'text';
  const contractKey = (table: string): [string, ['organisation_id', 'contract_id'], string, string[]] => [
    `${table}_contract_fkey`,
    ['organisation_id', 'contract_id'],
    'contracts',
    ['organisation_id', 'id'],
  ];
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('period_notes')
        .addColumn('organisation_id', idText, (c) => c.notNull())
        .addColumn('contract_id', idText, (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('period_notes_pkey', ['organisation_id', 'contract_id', 'period'])
        .addForeignKeyConstraint(...contractKey('period_notes'))
        .execute();

      await db.schema
        .createTable('action_items')
        .addColumn('id', idText, (c) => c.primaryKey())
        .addColumn('organisation_id', idText, (c) => c.notNull())
        .addColumn('contract_id', idText, (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('metric', 'text')
        .addColumn('what', 'text', (c) => c.notNull())
        // client | partner
        .addColumn('owner_side', 'text', (c) => c.notNull())
        .addColumn('owner_person', 'text')
        // YYYY-MM-DD in the contract's zone
        .addColumn('due_date', 'text')
        // open | in_progress | done | cancelled
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'bigint')
        .addColumn('overdue_alerted_at', 'bigint')
        .addForeignKeyConstraint(...contractKey('action_items'))
        .execute();
      await db.schema
        .createIndex('action_items_contract_idx')
        .on('action_items')
        .columns(['organisation_id', 'contract_id', 'period'])
        .execute();
      // NULLs are distinct in a unique index on both databases: only required plans carry a trigger.
      await db.schema
        .createIndex('action_items_trigger_key')
        .on('action_items')
        .columns(['organisation_id', 'contract_id', 'trigger'])
        .unique()
        .execute();

      await db.schema
        .createTable('report_schedules')
        .addColumn('organisation_id', idText, (c) => c.notNull())
        .addColumn('contract_id', idText, (c) => c.notNull())
        // week | month | quarter: the period it reports
        .addColumn('period_kind', 'text', (c) => c.notNull())
        .addColumn('weekday', 'text')
        .addColumn('working_day', 'integer')
        // minutes after local midnight
        .addColumn('minute', 'integer', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('report_schedules_pkey', ['organisation_id', 'contract_id', 'period_kind'])
        .addForeignKeyConstraint(...contractKey('report_schedules'))
        .execute();

      await db.schema
        .createTable('schedule_runs')
        .addColumn('organisation_id', idText, (c) => c.notNull())
        .addColumn('contract_id', idText, (c) => c.notNull())
        .addColumn('period_kind', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('instance', 'text', (c) => c.notNull())
        // sending | sent | failed
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .addColumn('detail', 'text')
        .addPrimaryKeyConstraint('schedule_runs_pkey', [
          'organisation_id',
          'contract_id',
          'period_kind',
          'period',
        ])
        .addForeignKeyConstraint(...contractKey('schedule_runs'))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['schedule_runs', 'report_schedules', 'action_items', 'period_notes'])
        await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
