/**
 * The schema as in-code Kysely migrations shared by SQLite and PostgreSQL, one file per migration. A
 * released migration never changes, not even its name (the `kysely_migration` table of every existing store
 * holds it); a change of schema is a new file appended to the list.
 */
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Dialect } from '../dialect.js';
import type { StoreDb } from '../schema.js';
import { recordsAndAuditMigration } from './0001-records-and-audit.js';
import { serverSchemaMigration } from './0002-server.js';
import { periodCloseAndDisputesMigration } from './0003-period-close-and-disputes.js';
import { recordTimeIndexesMigration } from './0004-record-time-indexes.js';
import { periodReadIndexesMigration } from './0005-period-read-indexes.js';
import { keptResultsMigration } from './0006-kept-results.js';
import { monitorMigration } from './0007-monitor.js';
import { recipientsAndDeliveriesMigration } from './0008-recipients-and-deliveries.js';
import { actionPlansMigration } from './0009-action-plans.js';
import { syncCursorsMigration } from './0010-sync-cursors.js';
import { userLanguageMigration } from './0011-user-language.js';
import { unknownSeverityAndConfirmationMigration } from './0012-unknown-severity-and-confirmation.js';
import { periodBlocksMigration } from './0013-period-blocks.js';
import { periodBlockPiecesMigration } from './0014-period-block-pieces.js';

export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_records_and_audit': recordsAndAuditMigration(dialect),
    '0002_server': serverSchemaMigration(dialect),
    '0003_period_close_and_disputes': periodCloseAndDisputesMigration(dialect),
    '0004_record_time_indexes': recordTimeIndexesMigration(),
    '0005_period_read_indexes': periodReadIndexesMigration(),
    '0006_kept_results': keptResultsMigration(dialect),
    '0007_monitor': monitorMigration(dialect),
    '0008_recipients_and_deliveries': recipientsAndDeliveriesMigration(dialect),
    '0009_action_plans': actionPlansMigration(dialect),
    '0010_sync_cursors': syncCursorsMigration(dialect),
    '0011_user_language': userLanguageMigration(),
    '0012_unknown_severity_and_confirmation': unknownSeverityAndConfirmationMigration(dialect),
    '0013_period_blocks': periodBlocksMigration(dialect),
    '0014_period_block_pieces': periodBlockPiecesMigration(dialect),
  };
}

class InCodeMigrations implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: StoreDb, dialect: Dialect, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new InCodeMigrations(dialect),
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error');
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`store migration ${failed?.migrationName ?? ''} failed: ${why}`);
  }
}
