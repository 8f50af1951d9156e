/**
 * Migration 0011: the language a user chose in the dashboard (`en`, `nl` or `de`; null until they choose),
 * so that the next sign-in, on any browser, opens in it (interfaces.md, Dashboard: remembered per user).
 */
import { type Kysely, type Migration, sql } from 'kysely';

export function userLanguageMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql`alter table users add column lang text`.execute(db);
    },
  };
}
