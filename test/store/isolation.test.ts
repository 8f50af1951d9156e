import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { contact, rec } from '../support/records.js';
import { DIALECTS, freshLocation, PG_URL, requireDialect } from '../support/stores.js';

/** What another vitest worker does all the time: create a schema with tables, then drop it. */
async function churnSchemas(worker: number, stop: () => boolean): Promise<number> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  let rounds = 0;
  try {
    while (!stop()) {
      const schema = `accord_churn_${process.pid}_${worker}_${rounds++}`;
      const tables = Array.from(
        { length: 20 },
        (_, i) => `create table "${schema}".t${i} (id bigserial primary key, a text, b bigint, c text)`,
      );
      await client.query(`create schema "${schema}"; ${tables.join('; ')}`);
      await client.query(`drop schema "${schema}" cascade`);
    }
  } finally {
    await client.end();
  }
  return rounds;
}

describe.each(DIALECTS)('two stores side by side on $name', (d) => {
  it('cannot see or touch each other, and dropping one leaves the other whole', async (ctx) => {
    requireDialect(d, ctx);
    const [a, b] = [await freshLocation(d.name), await freshLocation(d.name)];
    const storeA = await openStore(a.url);
    const storeB = await openStore(b.url);
    try {
      await storeA.records.write([rec.contacts(contact('A1'))]);
      expect((await storeB.records.count()).contacts).toBe(0);
      await storeB.close();
      await b.drop();
      expect((await storeA.records.count()).contacts).toBe(1);
      const again = await openStore(a.url);
      expect((await again.records.count()).contacts).toBe(1);
      await again.close();
    } finally {
      await storeA.close();
      await a.drop();
    }
  });
});

describe('PostgreSQL stores of parallel test workers', () => {
  const postgres = DIALECTS.find((x) => x.name === 'postgres')!;

  // The cause of a flaky failure (`schema "accord_test_…" does not exist` while opening another worker's
  // store): the migrator's introspection resolved the names of every schema in the database.
  it('open and migrate while other schemas come and go', async (ctx) => {
    requireDialect(postgres, ctx);
    let done = false;
    const churn = Promise.all([0, 1, 2].map((w) => churnSchemas(w, () => done)));
    try {
      for (let i = 0; i < 8; i++) {
        const location = await freshLocation('postgres');
        try {
          const store = await openStore(location.url);
          await store.close();
        } finally {
          await location.drop();
        }
      }
    } finally {
      done = true;
    }
    expect(Math.min(...(await churn))).toBeGreaterThan(0);
    // Eight migrations against three churning connections: 23.6 s and 24.7 s with two `npm test` runs side
    // by side on 2 cores, too near the 30 s default.
  }, 60_000);
});
