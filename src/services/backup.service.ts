/** `accord backup`: an online copy of a SQLite store, checked before it is reported (docs/deployment.md). */
import {
  type BackupResult,
  BackupTargetExistsError,
  BackupUnsupportedError,
  parseStoreUrl,
  type Store,
  StoreUrlError,
} from '../store/index.js';
import { conflict, invalid, unprocessable } from './errors.js';

export async function backupStore(store: Store, file: string): Promise<BackupResult> {
  let result: BackupResult;
  try {
    result = await store.backup(file);
  } catch (e) {
    if (e instanceof BackupTargetExistsError) throw conflict(`--out: ${e.message}`);
    if (e instanceof BackupUnsupportedError) throw unprocessable(e.message);
    // SQLite cannot create the file (no such folder, no permission): the path is wrong input.
    if ((e as { code?: unknown }).code === 'SQLITE_CANTOPEN')
      throw invalid(`--out: cannot write ${file}: ${(e as Error).message}`);
    throw e;
  }
  if (result.integrity !== 'ok')
    throw unprocessable(`the copy in ${file} failed its integrity check: ${result.integrity}`);
  return result;
}

/** A PostgreSQL store is refused before it is opened: pg_dump backs it up (docs/deployment.md). */
export function refuseBackupOf(url: string): void {
  let location: ReturnType<typeof parseStoreUrl>;
  try {
    location = parseStoreUrl(url);
  } catch (e) {
    if (e instanceof StoreUrlError) throw invalid(`--db: ${e.message}`);
    throw e;
  }
  if (location.dialect === 'postgres')
    throw unprocessable(
      `a PostgreSQL store is backed up with pg_dump (pg_dump -Fc${location.schema === undefined ? '' : ` -n ${location.schema}`}; docs/deployment.md)`,
    );
}
