/**
 * Migration 0005: the indexes of the period reader (period-columns.ts), which reads the status events of a
 * period's contacts in one join, by contact in (created_at, source, key) order and then by (at, key):
 *
 * - contacts `(created_at, source, key)` becomes UNIQUE (it always was: (source, key) is the primary key).
 *   Declared so, it tells SQLite that each contact of the outer loop is one row, so that the inner loop's
 *   index order can continue the ORDER BY instead of a temporary B-tree over every event of the period.
 * - status events `(source, contact_id, at, key)` gives each contact's events in that order. It replaces
 *   `(source, contact_id)` of 0001, a prefix of it (what looked up events by their contact still finds
 *   them), so writes keep one index on the table.
 */
import type { Kysely, Migration } from 'kysely';

export function periodReadIndexesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('contacts_created_at_source_key_uidx')
        .ifNotExists()
        .unique()
        .on('contacts')
        .columns(['created_at', 'source', 'key'])
        .execute();
      await db.schema.dropIndex('contacts_created_at_source_key_idx').ifExists().execute();
      await db.schema
        .createIndex('status_events_source_contact_id_at_key_idx')
        .ifNotExists()
        .on('status_events')
        .columns(['source', 'contact_id', 'at', 'key'])
        .execute();
      await db.schema.dropIndex('status_events_source_contact_id_idx').ifExists().execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema
        .createIndex('contacts_created_at_source_key_idx')
        .on('contacts')
        .columns(['created_at', 'source', 'key'])
        .execute();
      await db.schema.dropIndex('contacts_created_at_source_key_uidx').ifExists().execute();
      await db.schema
        .createIndex('status_events_source_contact_id_idx')
        .on('status_events')
        .columns(['source', 'contact_id'])
        .execute();
      await db.schema.dropIndex('status_events_source_contact_id_at_key_idx').ifExists().execute();
    },
  };
}
