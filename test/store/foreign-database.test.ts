/**
 * Issue 13.6: a database that holds tables Accord did not create is refused before anything is written to
 * it, unless `--force` (OpenStoreOptions.force); an empty database and an Accord store open as before.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, StoreOpenError } from '../../src/store/index.js';
import { runCli } from '../support/cli.js';
import {
  DIALECTS,
  freshLocation,
  requireDialect,
  type TestStoreLocation,
  withRawDb,
} from '../support/stores.js';

async function tables(url: string): Promise<string[]> {
  return withRawDb(url, async (db) => {
    const r = url.startsWith('sqlite:')
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
          db,
        );
    return r.rows.map((x) => x.name).sort();
  });
}

describe.each(DIALECTS)('a foreign database on $name', (d) => {
  let location: TestStoreLocation | undefined;
  beforeEach(async (ctx) => {
    requireDialect(d, ctx);
    location = await freshLocation(d.name);
    // PostgreSQL: the schema must exist before a raw connection can create a table in it.
    await (await openStore(location.url, { migrate: false })).close();
  });
  afterEach(async () => {
    await location?.drop();
    location = undefined;
  });

  it('is refused with the tables it holds, left untouched, and opened with --force', async () => {
    const url = location!.url;
    await withRawDb(url, (db) => sql`create table customers (id integer primary key, name text)`.execute(db));

    const refused = await openStore(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(StoreOpenError);
    expect((refused as Error).message).toMatch(
      /holds tables Accord did not create \(customers\): it is not an Accord store\. .* or --force to add Accord's tables beside them$/,
    );
    expect(await tables(url)).toEqual(['customers']);

    const cli = await runCli(['status', '--db', url]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('holds tables Accord did not create (customers)');
    expect(await tables(url)).toEqual(['customers']);

    const forced = await runCli(['status', '--db', url, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await tables(url)).toContain('contacts');
    expect(await tables(url)).toContain('customers');
  });

  it('opens an empty database and an Accord store without --force', async () => {
    const url = location!.url;
    await (await openStore(url)).close();
    await (await openStore(url)).close();
    expect(await tables(url)).toContain('kysely_migration');
  });
});
