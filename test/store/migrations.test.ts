import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore, parseStoreUrl } from '../../src/store/index.js';
import { migrations } from '../../src/store/migrations/index.js';
import { contact, incident, privacyIncident, rec } from '../support/records.js';
import { DIALECTS, freshLocation, requireDialect, withRawDb } from '../support/stores.js';

/** The migrations of released versions, as every existing store records them in `kysely_migration`. */
const RELEASED = ['0001_records_and_audit', '0002_server', '0003_period_close_and_disputes'];

describe('migrations', () => {
  it('keep the released names, in order; a new one only goes at the end', () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      expect(Object.keys(migrations(dialect)).slice(0, RELEASED.length)).toEqual(RELEASED);
    }
  });
});

describe.each(DIALECTS)('an older store on $name', (d) => {
  it('opens with the current code and migrates to the latest, keeping its data', async (ctx) => {
    requireDialect(d, ctx);
    const location = await freshLocation(d.name);
    try {
      const parsed = parseStoreUrl(location.url);
      const schema = parsed.dialect === 'postgres' ? parsed.schema : undefined;
      const migrator = (db: Parameters<Parameters<typeof withRawDb>[1]>[0]) =>
        new Migrator({
          db,
          provider: { getMigrations: async () => migrations(d.name) },
          ...(schema === undefined ? {} : { migrationTableSchema: schema }),
        });
      // A store as the release with two migrations left it, with a contact in it.
      await withRawDb(location.url, async (db) => {
        const r = await migrator(db).migrateTo('0002_server');
        expect(r.error).toBeUndefined();
      });
      const first = await openStore(location.url, { migrate: false });
      await first.records.write([
        rec.contacts(contact('OLD-1')),
        rec.incidents(incident('INC-OLD')),
        rec.privacy_incidents(privacyIncident('P-OLD', { confirmed: true })),
      ]);
      await first.close();

      const store = await openStore(location.url);
      try {
        expect((await store.records.count()).contacts).toBe(1);
        // 0012 made severity and confirmed nullable: the old rows are kept, and unknown ones can be stored.
        await store.records.write([
          rec.incidents(incident('INC-NEW', { severity: null })),
          rec.privacy_incidents(privacyIncident('P-NEW', { confirmed: null })),
        ]);
        const data = await store.records.readPeriodData({ from: 0, to: Date.UTC(2100, 0, 1) });
        expect(data.incidents.map((i) => [i.id, i.severity])).toEqual([
          ['INC-NEW', null],
          ['INC-OLD', 'high'],
        ]);
        expect(data.privacy_incidents.map((p) => [p.id, p.confirmed])).toEqual([
          ['P-NEW', null],
          ['P-OLD', true],
        ]);
        expect(await store.closing.closes('org', 'contract')).toEqual([]);
      } finally {
        await store.close();
      }
      const applied = await withRawDb(location.url, async (db) =>
        (await migrator(db).getMigrations()).filter((m) => m.executedAt !== undefined).map((m) => m.name),
      );
      expect(applied).toEqual(Object.keys(migrations(d.name)));
      expect(applied.slice(0, RELEASED.length)).toEqual(RELEASED);
    } finally {
      await location.drop();
    }
  });
});
