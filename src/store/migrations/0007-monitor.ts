/**
 * Migration 0007: the live monitor (docs/monitor.md).
 *
 * - `alerts`: every alert the monitor raised, one row per alert id (a digest of contract, metric, subject,
 *   level and kind, src/domain/monitor/escalation.ts): the primary key is what makes an alert "never
 *   twice", across restarts and instances. The row is written in the same transaction as the delivery
 *   outbox (migration 0008), and holds the alert as sent (`message`, JSON) beside the columns the feed,
 *   acknowledgement and escalation read: state `open`, `acknowledged` or `escalated` (not acknowledged in
 *   time, gone to the next level).
 * - `monitor_state`: small named values of the monitor; `checkpoint` is the instant up to which every alert
 *   that fell due was raised, so that a monitor started again also looks at contacts that stopped while it
 *   was down.
 */
import { type ColumnDataType, type Expression, type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

export function monitorMigration(dialect: Dialect): Migration {
  const idText: ColumnDataType | Expression<unknown> =
    dialect === 'postgres' ? sql`text collate "C"` : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('alerts')
        .addColumn('id', idText, (c) => c.primaryKey())
        .addColumn('organisation_id', idText, (c) => c.notNull())
        .addColumn('contract_id', idText, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('metric', idText)
        .addColumn('contact_source', idText)
        .addColumn('contact_id', idText)
        .addColumn('period', 'text')
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('deadline', 'bigint')
        .addColumn('raised_at', 'bigint', (c) => c.notNull())
        .addColumn('acknowledge_by', 'bigint')
        .addColumn('acknowledged_at', 'bigint')
        .addColumn('acknowledged_by', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('alerts_feed')
        .on('alerts')
        .columns(['organisation_id', 'contract_id', 'raised_at'])
        .execute();
      await db.schema
        .createIndex('alerts_awaiting')
        .on('alerts')
        .columns(['state', 'acknowledge_by'])
        .execute();
      await db.schema
        .createTable('monitor_state')
        .addColumn('name', idText, (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('monitor_state').ifExists().execute();
      await db.schema.dropTable('alerts').ifExists().execute();
    },
  };
}
