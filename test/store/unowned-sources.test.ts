/**
 * The records of sources no partner owns (store.tenancy.unownedSources, the `unowned_source` warning and
 * `accord status`), on SQLite and PostgreSQL: counted per source and kind, in a range or in all, among
 * sources owned and not owned that sort before, between and after each other.
 */
import { describe, expect, it } from 'vitest';
import { contact, MINUTE, outage, rec, survey, T0 } from '../support/records.js';
import { DIALECTS, useStore } from '../support/stores.js';

const DAY = 24 * 60 * MINUTE;

describe.each(DIALECTS)('unowned sources on $name', (d) => {
  const t = useStore(d);

  it('counts the records of every source no partner owns, per kind, in the range or in all', async () => {
    const org = await t.store.tenancy.createOrganisation({ id: 'org-1', name: 'Org', createdAt: T0 });
    await t.store.tenancy.createPartner({
      id: 'p-m',
      organisationId: org.id,
      name: 'M',
      defaultSource: 'm-main',
      sources: ['m-main'],
      createdAt: T0,
    });
    const range = { from: T0, to: T0 + DAY };
    await t.store.records.write([
      // Owned: never listed.
      rec.contacts(contact('M1', { source: 'm-main', createdAt: T0 + MINUTE })),
      // Before the owned source, between and after it.
      rec.contacts(contact('A1', { source: 'a-orphan', createdAt: T0 + MINUTE })),
      rec.contacts(contact('A2', { source: 'a-orphan', createdAt: T0 + 2 * MINUTE })),
      rec.contacts(contact('A3', { source: 'a-orphan', createdAt: T0 + 2 * DAY })),
      rec.contacts(contact('Z1', { source: 'z-orphan', createdAt: T0 + 3 * DAY })),
      rec.surveys(survey('M1', { source: 'n-orphan', answeredAt: T0 + 5 * MINUTE })),
      rec.outages(outage(T0 - DAY, T0 + MINUTE, { source: 'a-orphan' })),
    ]);
    expect(await t.store.tenancy.unownedSources(range)).toEqual([
      { source: 'a-orphan', kind: 'contacts', records: 2 },
      { source: 'a-orphan', kind: 'outages', records: 1 },
      { source: 'n-orphan', kind: 'surveys', records: 1 },
    ]);
    expect(await t.store.tenancy.unownedSources()).toEqual([
      { source: 'a-orphan', kind: 'contacts', records: 3 },
      { source: 'a-orphan', kind: 'outages', records: 1 },
      { source: 'n-orphan', kind: 'surveys', records: 1 },
      { source: 'z-orphan', kind: 'contacts', records: 1 },
    ]);
    // Once a partner owns them, none is left.
    await t.store.tenancy.createPartner({
      id: 'p-o',
      organisationId: org.id,
      name: 'O',
      defaultSource: 'a-orphan',
      sources: ['a-orphan', 'n-orphan', 'z-orphan'],
      createdAt: T0,
    });
    expect(await t.store.tenancy.unownedSources()).toEqual([]);
  });
});
