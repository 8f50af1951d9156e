/**
 * Migration 0003: period close and disputes (contract.md, Closing and disputes). A close holds the evaluate
 * document both parties agreed to; a dispute asks to exclude one contact, and excludes it once both agree.
 */
import { type ColumnDataType, type Expression, type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

export function periodCloseAndDisputesMigration(dialect: Dialect): Migration {
  const idText: ColumnDataType | Expression<unknown> =
    dialect === 'postgres' ? sql`text collate "C"` : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('period_closes')
        .addColumn('organisation_id', idText, (c) => c.notNull())
        .addColumn('contract_id', idText, (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        // proposed (one side agreed) | closed (both agreed; the document never changes)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('as_of', 'bigint', (c) => c.notNull())
        .addColumn('input_digest', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('client_agreed_at', 'bigint')
        .addColumn('client_agreed_by', 'text')
        .addColumn('partner_agreed_at', 'bigint')
        .addColumn('partner_agreed_by', 'text')
        .addColumn('closed_at', 'bigint')
        .addPrimaryKeyConstraint('period_closes_pkey', ['organisation_id', 'contract_id', 'period'])
        .addForeignKeyConstraint(
          'period_closes_contract_fkey',
          ['organisation_id', 'contract_id'],
          'contracts',
          ['organisation_id', 'id'],
        )
        .execute();
      if (dialect === 'sqlite') {
        for (const op of ['update', 'delete']) {
          await sql
            .raw(
              `create trigger period_closes_closed_no_${op} before ${op} on period_closes ` +
                `when old.status = 'closed' begin select raise(abort, 'a closed period is immutable'); end`,
            )
            .execute(db);
        }
      } else {
        await sql
          .raw(
            `create function period_closes_closed_immutable() returns trigger language plpgsql as $$ ` +
              `begin if old.status = 'closed' then raise exception 'a closed period is immutable'; end if; ` +
              `if tg_op = 'DELETE' then return old; end if; return new; end $$`,
          )
          .execute(db);
        await sql
          .raw(
            'create trigger period_closes_closed_immutable before update or delete on period_closes ' +
              'for each row execute function period_closes_closed_immutable()',
          )
          .execute(db);
      }

      await db.schema
        .createTable('disputes')
        .addColumn('id', idText, (c) => c.primaryKey())
        .addColumn('organisation_id', idText, (c) => c.notNull())
        .addColumn('contract_id', idText, (c) => c.notNull())
        .addColumn('source', idText, (c) => c.notNull())
        .addColumn('contact_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        // proposed | agreed (the contact leaves every population) | rejected
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('raised_at', 'bigint', (c) => c.notNull())
        .addColumn('raised_by', 'text', (c) => c.notNull())
        .addColumn('raised_side', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'bigint')
        .addColumn('decided_by', 'text')
        .addForeignKeyConstraint('disputes_contract_fkey', ['organisation_id', 'contract_id'], 'contracts', [
          'organisation_id',
          'id',
        ])
        .execute();
      await db.schema
        .createIndex('disputes_contract_idx')
        .on('disputes')
        .columns(['organisation_id', 'contract_id', 'status'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('disputes').ifExists().execute();
      await db.schema.dropTable('period_closes').ifExists().execute();
      if (dialect === 'postgres')
        await sql.raw('drop function if exists period_closes_closed_immutable()').execute(db);
    },
  };
}
