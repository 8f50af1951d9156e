/**
 * Group commit (src/store/writers.ts): batches written concurrently share a transaction, yet each is
 * counted, applied and refused exactly as if it had been written alone, one after another.
 */
import { describe, expect, it } from 'vitest';
import { type EncodedBatch, encodeRecords } from '../../src/store/encode.js';
import { openStore } from '../../src/store/index.js';
import { contact, MINUTE, rec, T0 } from '../support/records.js';
import { DIALECTS, useStore } from '../support/stores.js';

const DAY = 24 * 60 * MINUTE;

/** A batch the database refuses: a contact without its required creation instant. */
function refusedBatch(dialect: 'sqlite' | 'postgres'): EncodedBatch {
  const batch = encodeRecords(dialect, [rec.contacts(contact('BAD'))]);
  if (batch.dialect === 'postgres') {
    const rows = batch.kinds[0]!;
    return { ...batch, kinds: [{ ...rows, text: Buffer.from('only-one-column\n') }] };
  }
  const rows = batch.kinds[0]!;
  const cells = Float64Array.from(rows.cells);
  // source, key, then the content columns: created_at is a number cell, NaN is null.
  const createdAt =
    [
      'source',
      'key',
      'id',
      'channel',
      'direction',
      'language',
      'queue',
      'segment',
      'priority',
      'category',
      'created_at',
    ].length - 1;
  cells[createdAt] = Number.NaN;
  return { ...batch, kinds: [{ ...rows, cells }] };
}

// SQLite also with its writer on a thread of its own (openStore's writerThread, used by `accord serve`).
const CASES = [
  ...DIALECTS.map((d) => ({ label: d.name, d, writerThread: false })),
  { label: 'sqlite, writer thread', d: DIALECTS[0]!, writerThread: true },
];

describe.each(CASES)('group commit on $label', ({ d, writerThread }) => {
  const t = useStore(d, { writerThread });

  it('counts each of a table of concurrent batches as if written one after another', async () => {
    await t.store.records.write([rec.contacts(contact('C1')), rec.contacts(contact('C2'))]);
    const table = [
      {
        batch: [
          rec.contacts(contact('C1')),
          rec.contacts(contact('C2', { queue: 'billing' })),
          rec.contacts(contact('C3')),
        ],
        counts: { inserted: 1, updated: 1, unchanged: 1 },
      },
      {
        // Duplicates within a batch: the later row wins.
        batch: [
          rec.contacts(contact('C4', { agent: 'first' })),
          rec.contacts(contact('C4', { agent: 'second' })),
          rec.contacts(contact('C4', { agent: 'second' })),
        ],
        counts: { inserted: 1, updated: 1, unchanged: 1 },
      },
      {
        // A key of an earlier batch of the same group.
        batch: [rec.contacts(contact('C3', { agent: 'later' })), rec.contacts(contact('C5'))],
        counts: { inserted: 1, updated: 1, unchanged: 0 },
      },
      { batch: [rec.contacts(contact('C1'))], counts: { inserted: 0, updated: 0, unchanged: 1 } },
      {
        batch: [rec.contacts(contact('C6')), rec.contacts(contact('C7'))],
        counts: { inserted: 2, updated: 0, unchanged: 0 },
      },
    ];
    const counts = await Promise.all(table.map((row) => t.store.records.write(row.batch)));
    expect(counts).toEqual(table.map((row) => row.counts));
    const data = await t.store.records.readPeriodData({ from: T0 - DAY, to: T0 + DAY });
    const byId = new Map(data.contacts.map((c) => [c.id, c]));
    expect([...byId.keys()].sort()).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7']);
    expect(byId.get('C2')?.queue).toBe('billing');
    expect(byId.get('C3')?.agent).toBe('later');
    expect(byId.get('C4')?.agent).toBe('second');
  });

  it('groups batches of new keys only (the direct way) and counts each', async () => {
    const batches = Array.from({ length: 6 }, (_, b) =>
      Array.from({ length: 50 }, (_, i) => rec.contacts(contact(`N${b}-${i}`))),
    );
    const counts = await Promise.all(batches.map((batch) => t.store.records.write(batch)));
    expect(counts).toEqual(batches.map(() => ({ inserted: 50, updated: 0, unchanged: 0 })));
    expect((await t.store.records.count()).contacts).toBe(300);
    // Again, with one key of the last batch changed: every batch of the group is counted on its own.
    batches[5]![7] = rec.contacts(contact('N5-7', { queue: 'billing' }));
    const again = await Promise.all(batches.map((batch) => t.store.records.write(batch)));
    expect(again).toEqual(
      batches.map((_, b) =>
        b === 5 ? { inserted: 0, updated: 1, unchanged: 49 } : { inserted: 0, updated: 0, unchanged: 50 },
      ),
    );
  });

  it('refuses only the batch the database refuses; the others of its group are stored', async () => {
    const good = [rec.contacts(contact('G1'))];
    const other = [rec.contacts(contact('G2')), rec.contacts(contact('G3'))];
    const results = await Promise.allSettled([
      t.store.records.write(good),
      t.store.records.writeEncoded(refusedBatch(d.name)),
      t.store.records.write(other),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[0]).toMatchObject({ value: { inserted: 1, updated: 0, unchanged: 0 } });
    expect(results[2]).toMatchObject({ value: { inserted: 2, updated: 0, unchanged: 0 } });
    const keys = await t.store.records.keys('contacts');
    expect([...keys].sort()).toEqual(['G1', 'G2', 'G3']);
  });

  it('answers a write after it committed: another connection reads it, and a re-sent batch changes nothing', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => rec.contacts(contact(`A${i}`)));
    expect(await t.store.records.write(batch)).toEqual({ inserted: 20, updated: 0, unchanged: 0 });
    const other = await openStore(t.url, { migrate: false });
    try {
      expect((await other.records.count()).contacts).toBe(20);
    } finally {
      await other.close();
    }
    expect(await t.store.records.write(batch)).toEqual({ inserted: 0, updated: 0, unchanged: 20 });
  });

  it('appends audit entries while batches are written: one unbroken chain, each entry once', async () => {
    const work = Array.from({ length: 6 }, async (_, b) => {
      await t.store.records.write(Array.from({ length: 30 }, (_, i) => rec.contacts(contact(`U${b}-${i}`))));
      return t.store.audit.append({
        at: T0 + b,
        actor: 'test',
        action: 'ingest',
        subject: `batch ${b}`,
        details: {},
      });
    });
    const entries = await Promise.all(work);
    expect(new Set(entries.map((e) => e.id)).size).toBe(6);
    expect((await t.store.audit.verify()).ok).toBe(true);
    expect((await t.store.audit.list()).map((e) => e.subject).sort()).toEqual(
      Array.from({ length: 6 }, (_, b) => `batch ${b}`),
    );
    expect((await t.store.records.count()).contacts).toBe(180);
  });
});
