/**
 * Migration 0008: who receives alerts and the delivery outbox (docs/delivery.md).
 *
 * - `recipients`: per organisation, contract and escalation name (`who`), the e-mail addresses and webhook
 *   URLs each side set (`side` client | partner: a side replaces only its own entries, both are delivered),
 *   each with its language (en | nl | de).
 * - `alert_deliveries`: the outbox. The monitor enqueues one row per recipient target of an alert in the
 *   same transaction as its own state change; the delivery worker sends it, retries it with backoff and
 *   after its last attempt leaves it `dead`. The unique key makes an alert reach a target at most once,
 *   whoever enqueues it again (a restart, a second instance).
 * - `server_secrets`: secrets every instance on one database must share (the key of the signed
 *   acknowledge links), created once by whoever needs one first.
 */
import { type ColumnDataType, type Expression, type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

export function recipientsAndDeliveriesMigration(dialect: Dialect): Migration {
  const idText: ColumnDataType | Expression<unknown> =
    dialect === 'postgres' ? sql`text collate "C"` : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('recipients')
        .addColumn('organisation_id', idText, (c) => c.notNull())
        .addColumn('contract_id', idText, (c) => c.notNull())
        .addColumn('who', 'text', (c) => c.notNull())
        // the party that set the entry: client | partner
        .addColumn('side', 'text', (c) => c.notNull())
        // email | webhook
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('set_at', 'bigint', (c) => c.notNull())
        .addColumn('set_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('recipients_pkey', [
          'organisation_id',
          'contract_id',
          'who',
          'side',
          'channel',
          'target',
        ])
        .execute();

      await db.schema
        .createTable('alert_deliveries')
        .addColumn('id', idText, (c) => c.primaryKey())
        .addColumn('organisation_id', idText, (c) => c.notNull())
        .addColumn('contract_id', idText, (c) => c.notNull())
        .addColumn('alert_id', idText, (c) => c.notNull())
        // email | webhook
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        // the AlertMessage (JSON)
        .addColumn('message', 'text', (c) => c.notNull())
        // pending | sent | dead
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .addUniqueConstraint('alert_deliveries_alert_target_key', [
          'organisation_id',
          'alert_id',
          'channel',
          'target',
        ])
        .execute();
      // The worker's one query: the pending rows that are due, soonest first.
      await db.schema
        .createIndex('alert_deliveries_state_next_idx')
        .on('alert_deliveries')
        .columns(['state', 'next_attempt_at'])
        .execute();

      await db.schema
        .createTable('server_secrets')
        .addColumn('name', idText, (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('server_secrets').ifExists().execute();
      await db.schema.dropTable('alert_deliveries').ifExists().execute();
      await db.schema.dropTable('recipients').ifExists().execute();
    },
  };
}
