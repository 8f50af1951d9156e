/**
 * The evaluation's period reader (src/store/period-columns.ts): a period's rows streamed in one pass into
 * the evaluation's columns. It reads what `readPeriodData` reads (the period rules), every row once, across
 * what were page boundaries of the keyset reader; the same rows give the same digest on SQLite and
 * PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { EvaluationData } from '../../src/domain/evaluation/columns.js';
import { type DataSet, STATUSES } from '../../src/domain/records.js';
import { withoutContacts } from '../../src/services/evaluation.service.js';
import type { StoredRecord } from '../../src/store/index.js';
import { contact, MINUTE, qa, rec, statusEvent, survey } from '../support/records.js';
import { DIALECTS, useStore } from '../support/stores.js';

const DAY = 24 * 60 * MINUTE;
const SEP = Date.parse('2026-09-01T00:00:00Z');
const OCT = Date.parse('2026-10-01T00:00:00Z');
const NOV = Date.parse('2026-11-01T00:00:00Z');
const october = { from: OCT, to: NOV };
/** More contacts than a page of the keyset reader (2000), with many ties on the instant. */
const N = 2600;

function month(): StoredRecord[] {
  const records: StoredRecord[] = [];
  for (let i = 0; i < N; i++) {
    const source = ['b', 'a', 'c'][i % 3]!;
    const id = `C${N - i}`;
    const at = OCT + Math.floor(i / 7) * MINUTE;
    records.push(
      rec.contacts(contact(id, { source, createdAt: at, language: i % 2 === 0 ? 'nl' : 'fr' })),
      rec.status_events(statusEvent(id, at, { source })),
      // After the period: a contact's whole history comes with it.
      rec.status_events(statusEvent(id, NOV + (i % 5) * DAY, { source, status: 'solved' })),
    );
    if (i % 4 === 0) records.push(rec.surveys(survey(id, { source, answeredAt: OCT + (i % 9) * DAY })));
  }
  // Created in September, named by October's survey and QA evaluation: it comes along.
  records.push(
    rec.contacts(contact('SEP-1', { source: 'a', createdAt: SEP + DAY })),
    rec.status_events(statusEvent('SEP-1', SEP + DAY, { source: 'a' })),
    rec.surveys(survey('SEP-1', { source: 'a', answeredAt: OCT + 2 * DAY })),
    rec.qa_evaluations(qa('SEP-1', { source: 'a', evaluatedAt: OCT + 3 * DAY })),
    rec.contacts(contact('NOV-1', { source: 'a', createdAt: NOV })),
  );
  return records.reverse();
}

/** The contacts, status events and surveys of columns as comparable lines. */
function lines(d: EvaluationData) {
  const name = (k: number) => `${d.sources.values[d.keys.source(k)]}/${d.keys.id(k)}`;
  const c = d.contacts;
  const contacts = Array.from(
    { length: c.length },
    (_, i) => `${name(c.key[i]!)} ${c.createdAt.get(i)} ${d.languages.values[c.language[i]!]}`,
  );
  const ev = d.events;
  const events = Array.from(
    { length: ev.length },
    (_, i) => `${name(ev.key[i]!)} ${STATUSES[ev.status[i]!]} ${ev.at.get(i)}`,
  );
  const sv = d.surveys;
  const surveys = Array.from({ length: sv.length }, (_, i) => `${name(sv.key[i]!)} ${sv.answeredAt[i]}`);
  return { contacts, events, surveys, qa: d.qa.map((q) => `${q.source}/${q.contactId}`) };
}

const sorted = (a: readonly string[]) => [...a].sort();

describe.each(DIALECTS)('the evaluation period reader on $name', (d) => {
  const t = useStore(d);

  it('reads every row of the period once, in one pass, as the record reader reads them', async () => {
    await t.store.records.write(month());
    const { data, digest } = await t.store.records.readPeriodColumns(october);
    const got = lines(data);
    const expected = lines(EvaluationData.fromDataSet(await t.store.records.readPeriodData(october)));

    // No contact twice and none missing across what were the keyset reader's page boundaries.
    expect(got.contacts.length).toBe(N + 1);
    expect(new Set(got.contacts.map((l) => l.split(' ')[0])).size).toBe(N + 1);
    expect(sorted(got.contacts)).toEqual(sorted(expected.contacts));
    // In (created_at, source, key) order, the contact from September after October's.
    const inRange = got.contacts.slice(0, N).map((l) => {
      const [name, at] = l.split(' ');
      const [source, id] = name!.split('/');
      return { at: Number(at), source: source!, id: id! };
    });
    for (let i = 1; i < N; i++) {
      const a = inRange[i - 1]!;
      const b = inRange[i]!;
      expect(
        a.at < b.at || (a.at === b.at && (a.source < b.source || (a.source === b.source && a.id < b.id))),
      ).toBe(true);
    }
    expect(got.contacts[N]!.startsWith('a/SEP-1 ')).toBe(true);

    // Every status event of those contacts once, by contact in that order, then by time.
    expect(got.events.length).toBe(2 * N + 1);
    expect(sorted(got.events)).toEqual(sorted(expected.events));
    for (let i = 1; i < data.events.length; i++) {
      const [k0, k1] = [data.events.key[i - 1]!, data.events.key[i]!];
      expect(k0 < k1 || (k0 === k1 && data.events.at.get(i - 1) <= data.events.at.get(i))).toBe(true);
    }
    expect(sorted(got.surveys)).toEqual(sorted(expected.surveys));
    expect(got.qa).toEqual(['a/SEP-1']);

    // The same rows give the same digest on both databases (and it is stable from run to run).
    expect(digest).toBe('sha256:d52a6485e405eab6ead3ea8905770a5a1d69c52b04bac3d5a1dae9fdccc01ed2');
    expect((await t.store.records.readPeriodColumns(october)).digest).toBe(digest);
  });

  it('keeps to the sources and leaves the excluded contacts out with their records', async () => {
    await t.store.records.write(month());
    const exclusions = [
      { source: 'a', contactId: 'SEP-1' },
      { source: 'c', contactId: `C${N - 2}` },
    ];
    const sources = ['a', 'c'];
    const { data, digest } = await t.store.records.readPeriodColumns(october, { sources, exclusions });
    const reference: DataSet = withoutContacts(
      await t.store.records.readPeriodData(october, { sources }),
      exclusions,
    );
    const got = lines(data);
    const expected = lines(EvaluationData.fromDataSet(reference));
    expect(got.contacts.length).toBe(reference.contacts.length);
    expect(sorted(got.contacts)).toEqual(sorted(expected.contacts));
    expect(sorted(got.events)).toEqual(sorted(expected.events));
    expect(sorted(got.surveys)).toEqual(sorted(expected.surveys));
    expect(got.qa).toEqual([]);
    expect(got.contacts.some((l) => l.startsWith('b/'))).toBe(false);
    expect(digest).not.toBe((await t.store.records.readPeriodColumns(october)).digest);

    // A changed row changes the digest.
    await t.store.records.write([rec.status_events(statusEvent('C1', OCT + DAY, { source: 'a' }))]);
    const again = await t.store.records.readPeriodColumns(october, { sources, exclusions });
    expect(again.digest).not.toBe(digest);
    expect(again.data.events.length).toBe(data.events.length + 1);

    // No sources: nothing.
    const none = await t.store.records.readPeriodColumns(october, { sources: [] });
    expect(none.data.contacts.length + none.data.events.length + none.data.surveys.length).toBe(0);
  });
});
