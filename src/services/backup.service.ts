/** `accord backup`: an online copy of a SQLite store, checked before it is reported (docs/deployment.md). */
import {
  type BackupResult,
  BackupTargetExistsError,
  BackupUnsupportedError,
  parseStoreUrl,
  type Store,
} from '../store/index.js';
import { conflict, unprocessable } from './errors.js';

export async function backupStore(store: Store, file: string): Promise<BackupResult> {
  let result: BackupResult;
  try {
    result = await store.backup(file);
  } catch (e) {
    if (e instanceof BackupTargetExistsError) throw conflict(`--out: ${e.message}`);
    if (e instanceof BackupUnsupportedError) throw unprocessable(e.message);
    throw e;
  }
  if (result.integrity !== 'ok')
    throw unprocessable(`the copy in ${file} failed its integrity check: ${result.integrity}`);
  return result;
}

/** A PostgreSQL store is refused before it is opened: pg_dump backs it up (docs/deployment.md). */
export function refuseBackupOf(url: string): void {
  const location = parseStoreUrl(url);
  if (location.dialect === 'postgres')
    throw unprocessable(
      `a PostgreSQL store is backed up with pg_dump (pg_dump -Fc${location.schema === undefined ? '' : ` -n ${location.schema}`}; docs/deployment.md)`,
    );
}
