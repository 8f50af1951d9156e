/**
 * The data watermarks (migration 0006, docs/evaluation.md Kept results), on SQLite and PostgreSQL: a write
 * that changes records raises the store-wide counter and those of its sources, in its own transaction; an
 * identical re-import raises none; a source's watermark (store.results.watermark(sources)) counts its own
 * counters and those of sources no partner owns, not another partner's; a privacy scrub raises them all.
 */
import { describe, expect, it } from 'vitest';
import { contact, rec, T0 } from '../support/records.js';
import { DIALECTS, useStore } from '../support/stores.js';

// SQLite also with its writer on a thread of its own (`accord serve`): the batch crosses with its sources.
const CASES = [
  ...DIALECTS.map((d) => ({ label: d.name, d, writerThread: false })),
  { label: 'sqlite, writer thread', d: DIALECTS[0]!, writerThread: true },
];

describe.each(CASES)('record changes on $label', ({ d, writerThread }) => {
  const t = useStore(d, { writerThread });

  it('raises the counters of the sources a write changed, and a scrub all of them', async () => {
    const org = await t.store.tenancy.createOrganisation({ id: 'org-1', name: 'Org', createdAt: T0 });
    for (const [id, source] of [
      ['p-a', 'a-main'],
      ['p-b', 'b-main'],
    ] as const)
      await t.store.tenancy.createPartner({
        id,
        organisationId: org.id,
        name: id,
        defaultSource: source,
        sources: [source],
        createdAt: T0,
      });
    const marks = async () => ({
      all: await t.store.results.watermark(),
      a: await t.store.results.watermark(['a-main']),
      b: await t.store.results.watermark(['b-main']),
    });
    const m0 = await marks();

    await t.store.records.write([rec.contacts(contact('B1', { source: 'b-main' }))]);
    const m1 = await marks();
    expect(m1.all).toBe(m0.all + 1);
    expect(m1.a).toBe(m0.a);
    expect(m1.b).toBeGreaterThan(m0.b);

    // The same record again: nothing changed, no counter moves.
    await t.store.records.write([rec.contacts(contact('B1', { source: 'b-main' }))]);
    expect(await marks()).toEqual(m1);

    // One batch, two sources: both rise, once each.
    await t.store.records.write([
      rec.contacts(contact('A1', { source: 'a-main' })),
      rec.contacts(contact('B2', { source: 'b-main' })),
    ]);
    const m2 = await marks();
    expect(m2).toEqual({ all: m1.all + 1, a: m1.a + 1, b: m1.b + 1 });

    // A source no partner owns may be named in every contract's warnings: it counts for all of them.
    await t.store.records.write([rec.contacts(contact('X1', { source: 'orphan' }))]);
    const m3 = await marks();
    expect(m3).toEqual({ all: m2.all + 1, a: m2.a + 1, b: m2.b + 1 });

    // A scrub may touch any source.
    await t.store.privacy.purgeFreeText(T0 + 1000 * 86_400_000, {
      at: T0,
      actor: 'test',
      olderThan: 'P1D',
    });
    const m4 = await marks();
    expect(m4.all).toBe(m3.all + 1);
    expect(m4.a).toBeGreaterThan(m3.a);
    expect(m4.b).toBeGreaterThan(m3.b);
  });
});
