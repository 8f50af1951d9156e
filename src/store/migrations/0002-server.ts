/**
 * Migration 0002: the server's tables (docs/api.md): organisations, partners and the sources they own,
 * users, API tokens, sessions, login failures (rate limiting), set-up tokens, contracts and their versions,
 * and the tenant scope of audit entries. Released migrations never change; a change is a new migration.
 *
 * Everything the server needs between two requests lives here, so several server instances can share one
 * database (docs/deployment.md).
 */
import { type ColumnDataType, type Expression, type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

export function serverSchemaMigration(dialect: Dialect): Migration {
  // Identifiers and source names compare bytewise on PostgreSQL, as the record keys do.
  const idText: ColumnDataType | Expression<unknown> =
    dialect === 'postgres' ? sql`text collate "C"` : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('organisations')
        .addColumn('id', idText, (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('partners')
        .addColumn('id', idText, (c) => c.primaryKey())
        .addColumn('organisation_id', idText, (c) => c.notNull().references('organisations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('default_source', idText, (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('partners_organisation_id_idx')
        .on('partners')
        .column('organisation_id')
        .execute();

      // A source name belongs to exactly one partner: the primary key makes sharing impossible.
      await db.schema
        .createTable('partner_sources')
        .addColumn('source', idText, (c) => c.primaryKey())
        .addColumn('partner_id', idText, (c) => c.notNull().references('partners.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('partner_sources_partner_id_idx')
        .on('partner_sources')
        .column('partner_id')
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', idText, (c) => c.primaryKey())
        .addColumn('organisation_id', idText, (c) => c.notNull().references('organisations.id'))
        .addColumn('partner_id', idText, (c) => c.references('partners.id'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('disabled_at', 'bigint')
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', idText, (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('organisation_id', idText, (c) => c.notNull().references('organisations.id'))
        .addColumn('partner_id', idText, (c) => c.references('partners.id'))
        .addColumn('label', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', idText, (c) => c.notNull().references('users.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user_id_idx').on('sessions').column('user_id').execute();
      await db.schema.createIndex('sessions_expires_at_idx').on('sessions').column('expires_at').execute();

      // One row per failed login; the key is a hash (of the account name or the client address).
      await db.schema
        .createTable('login_failures')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('login_failures_key_at_idx')
        .on('login_failures')
        .columns(['key', 'at'])
        .execute();

      await db.schema
        .createTable('setup_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .execute();

      await db.schema
        .createTable('contracts')
        .addColumn('organisation_id', idText, (c) => c.notNull().references('organisations.id'))
        .addColumn('id', idText, (c) => c.notNull())
        .addColumn('partner_id', idText, (c) => c.notNull().references('partners.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('contracts_pkey', ['organisation_id', 'id'])
        .execute();
      await db.schema.createIndex('contracts_partner_id_idx').on('contracts').column('partner_id').execute();

      await db.schema
        .createTable('contract_versions')
        .addColumn('organisation_id', idText, (c) => c.notNull())
        .addColumn('contract_id', idText, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        // draft (text does not validate) | validated | signed (by both parties; immutable)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('errors', 'text')
        .addColumn('digest', 'text')
        .addColumn('canonical', 'text')
        .addColumn('effective_from', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('client_signed_at', 'bigint')
        .addColumn('client_signed_by', 'text')
        .addColumn('partner_signed_at', 'bigint')
        .addColumn('partner_signed_by', 'text')
        .addPrimaryKeyConstraint('contract_versions_pkey', ['organisation_id', 'contract_id', 'version'])
        .addForeignKeyConstraint(
          'contract_versions_contract_fkey',
          ['organisation_id', 'contract_id'],
          'contracts',
          ['organisation_id', 'id'],
        )
        .execute();
      // A signed version never changes: the database refuses it, whatever the code above it does.
      if (dialect === 'sqlite') {
        for (const op of ['update', 'delete']) {
          await sql
            .raw(
              `create trigger contract_versions_signed_no_${op} before ${op} on contract_versions ` +
                `when old.status = 'signed' ` +
                `begin select raise(abort, 'a signed contract version is immutable'); end`,
            )
            .execute(db);
        }
      } else {
        await sql
          .raw(
            `create function contract_versions_signed_immutable() returns trigger language plpgsql as $$ ` +
              `begin if old.status = 'signed' then ` +
              `raise exception 'a signed contract version is immutable'; end if; ` +
              `if tg_op = 'DELETE' then return old; end if; return new; end $$`,
          )
          .execute(db);
        await sql
          .raw(
            'create trigger contract_versions_signed_immutable before update or delete on contract_versions ' +
              'for each row execute function contract_versions_signed_immutable()',
          )
          .execute(db);
      }

      // Which tenant an audit entry concerns (the audit log itself is shared and append-only).
      await db.schema
        .createTable('audit_scopes')
        .addColumn('audit_id', 'bigint', (c) => c.primaryKey())
        .addColumn('organisation_id', idText, (c) => c.notNull())
        .addColumn('partner_id', idText)
        .execute();
      await db.schema
        .createIndex('audit_scopes_organisation_idx')
        .on('audit_scopes')
        .columns(['organisation_id', 'audit_id'])
        .execute();
      await db.schema
        .createIndex('audit_scopes_partner_idx')
        .on('audit_scopes')
        .columns(['partner_id', 'audit_id'])
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of [
        'audit_scopes',
        'contract_versions',
        'contracts',
        'setup_tokens',
        'login_failures',
        'sessions',
        'api_tokens',
        'users',
        'partner_sources',
        'partners',
        'organisations',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
      if (dialect === 'postgres')
        await sql.raw('drop function if exists contract_versions_signed_immutable()').execute(db);
    },
  };
}
