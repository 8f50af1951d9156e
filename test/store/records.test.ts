import { describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../src/domain/records.js';
import {
  contact,
  forecast,
  incident,
  MINUTE,
  outage,
  privacyIncident,
  qa,
  rec,
  statusEvent,
  survey,
  T0,
} from '../support/records.js';
import { DIALECTS, useStore } from '../support/stores.js';

const DAY = 24 * 60 * MINUTE;

async function collect<T>(pages: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

describe.each(DIALECTS)('record repository on $name', (d) => {
  const t = useStore(d);

  it('counts inserted, updated and unchanged records of a batch', async () => {
    const batch = [rec.contacts(contact('C1')), rec.contacts(contact('C2')), rec.contacts(contact('C3'))];
    expect(await t.store.records.write(batch)).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    expect(await t.store.records.write(batch)).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    const changed = [
      rec.contacts(contact('C1', { queue: 'billing' })),
      rec.contacts(contact('C2')),
      rec.contacts(contact('C4')),
    ];
    expect(await t.store.records.write(changed)).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
    expect((await t.store.records.count()).contacts).toBe(4);
    const data = await t.store.records.readPeriodData({ from: T0 - DAY, to: T0 + DAY });
    expect(data.contacts.find((c) => c.id === 'C1')?.queue).toBe('billing');
  });

  it('keeps (source, id) apart: the same id from two sources is two contacts', async () => {
    const r = await t.store.records.write([
      rec.contacts(contact('C1', { source: 'zendesk' })),
      rec.contacts(contact('C1', { source: 'genesys' })),
    ]);
    expect(r).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
  });

  it('applies duplicates within one batch in order: the later row wins', async () => {
    const r = await t.store.records.write([
      rec.contacts(contact('D1', { agent: 'first' })),
      rec.contacts(contact('D1', { agent: 'second' })),
      rec.contacts(contact('D1', { agent: 'second' })),
      rec.contacts(contact('D2')),
    ]);
    expect(r).toEqual({ inserted: 2, updated: 1, unchanged: 1 });
    const data = await t.store.records.readPeriodData({ from: T0 - DAY, to: T0 + DAY });
    expect(data.contacts.map((c) => [c.id, c.agent])).toEqual([
      ['D1', 'second'],
      ['D2', 'agent-7'],
    ]);
    // Against rows already stored, too.
    const again = await t.store.records.write([
      rec.contacts(contact('D1', { agent: 'second' })),
      rec.contacts(contact('D1', { agent: 'third' })),
    ]);
    expect(again).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
  });

  it('stores an unknown severity and an unknown confirmation as null (data.md: empty = unknown)', async () => {
    const records = [
      rec.incidents(incident('INC-U', { severity: null })),
      rec.privacy_incidents(privacyIncident('P-U', { confirmed: null })),
    ];
    expect(await t.store.records.write(records)).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    const data = await t.store.records.readPeriodData({ from: T0 - DAY, to: T0 + DAY });
    expect(data.incidents.map((i) => [i.id, i.severity])).toEqual([['INC-U', null]]);
    expect(data.privacy_incidents.map((p) => [p.id, p.confirmed])).toEqual([['P-U', null]]);
    // Learning the value later is an update of the same record.
    expect(await t.store.records.write([rec.incidents(incident('INC-U', { severity: 'critical' }))])).toEqual(
      {
        inserted: 0,
        updated: 1,
        unchanged: 0,
      },
    );
  });

  it('stores and reads back every kind unchanged, numbers as numbers', async () => {
    const c = contact('C1', {
      customer: 'a'.repeat(64),
      firstTimeRight: null,
      reopenCount: 2,
      attributes: { region: 'noord', 'team lead': 'Zoë' },
    });
    const records = [
      rec.contacts(c),
      rec.status_events(statusEvent('C1', T0)),
      rec.status_events(statusEvent('C1', T0 + 5 * MINUTE, { status: 'solved', nativeStatus: 'Opgelost' })),
      rec.surveys(survey('C1', { comment: 'Snel\tgeholpen,\n"top"\\ service' })),
      rec.qa_evaluations(qa('C1', { attributes: { form: 'v2' } })),
      rec.outages(outage(T0, T0 + 30 * MINUTE)),
      rec.incidents(incident('INC-1')),
      rec.privacy_incidents(privacyIncident('P-1', { confirmed: true })),
      rec.forecasts(forecast(T0, { channel: null, queue: null })),
    ];
    expect(await t.store.records.write(records)).toEqual({ inserted: 9, updated: 0, unchanged: 0 });
    const counts = await t.store.records.count();
    expect(Object.keys(counts)).toEqual([...RECORD_KINDS]);
    expect(counts).toEqual({
      contacts: 1,
      status_events: 2,
      surveys: 1,
      qa_evaluations: 1,
      outages: 1,
      incidents: 1,
      privacy_incidents: 1,
      forecasts: 1,
    });
    const data = await t.store.records.readPeriodData({ from: T0 - DAY, to: T0 + DAY });
    const byKind = (kind: string) => records.filter((r) => r.kind === kind).map((r) => r.record);
    expect(data.contacts).toEqual(byKind('contacts'));
    expect(data.status_events).toEqual(byKind('status_events'));
    expect(data.surveys).toEqual(byKind('surveys'));
    expect(data.qa_evaluations).toEqual(byKind('qa_evaluations'));
    expect(data.outages).toEqual(byKind('outages'));
    expect(data.incidents).toEqual(byKind('incidents'));
    expect(data.privacy_incidents).toEqual(byKind('privacy_incidents'));
    expect(data.forecasts).toEqual(byKind('forecasts'));
    expect(typeof data.contacts[0]?.createdAt).toBe('number');
    // Re-importing what was read back changes nothing.
    expect(await t.store.records.write(records)).toEqual({ inserted: 0, updated: 0, unchanged: 9 });
  });

  it('keeps composed keys unambiguous when a contact id contains "|"', async () => {
    const r = await t.store.records.write([
      rec.status_events(statusEvent('A|1', T0)),
      rec.status_events(statusEvent('A', T0)),
      rec.status_events(statusEvent('A', T0, { status: 'solved' })),
    ]);
    expect(r.inserted).toBe(3);
  });

  it('pages through contacts in time order with their children, ties included', async () => {
    const records = [];
    // 23 contacts; ten share one instant, so that a page boundary falls inside a tie.
    for (let i = 0; i < 23; i++) {
      const id = `C${String(i).padStart(2, '0')}`;
      const createdAt = i < 10 ? T0 : T0 + i * MINUTE;
      records.push(rec.contacts(contact(id, { createdAt, answeredAt: null, resolvedAt: null })));
      records.push(rec.status_events(statusEvent(id, createdAt)));
      if (i % 2 === 0) records.push(rec.surveys(survey(id)));
      if (i % 5 === 0) records.push(rec.qa_evaluations(qa(id)));
    }
    records.push(
      rec.contacts(contact('BEFORE', { createdAt: T0 - MINUTE, answeredAt: null, resolvedAt: null })),
    );
    records.push(rec.contacts(contact('AFTER', { createdAt: T0 + DAY, answeredAt: null, resolvedAt: null })));
    records.push(rec.status_events(statusEvent('AFTER', T0 + DAY)));
    await t.store.records.write(records);

    const range = { from: T0, to: T0 + DAY };
    const pages = await collect(t.store.records.recordPages('contacts', range, { pageSize: 4 }));
    expect(pages.length).toBe(6);
    const ids = pages.flat().map((c) => c.id);
    expect(ids.length).toBe(23);
    expect(new Set(ids).size).toBe(23);
    expect(ids).not.toContain('BEFORE');
    expect(ids).not.toContain('AFTER');
    const times = pages.flat().map((c) => c.createdAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // The period reader pages the same way and brings each contact's status events with it.
    const data = await t.store.records.readPeriodData(range, { pageSize: 4 });
    expect(data.contacts.map((c) => c.id)).toEqual(ids);
    expect(data.status_events.map((e) => e.contactId)).toEqual(ids);
    expect(data.surveys.length).toBe(12);
    expect(data.qa_evaluations.length).toBe(5);
  });

  it('reads the standalone kinds by their own time; an outage by overlap', async () => {
    await t.store.records.write([
      rec.outages(outage(T0 - 2 * DAY, T0 - DAY)),
      rec.outages(outage(T0 - 30 * MINUTE, T0 + 30 * MINUTE)),
      rec.outages(outage(T0 + 2 * DAY, T0 + 3 * DAY)),
      rec.incidents(incident('I-in')),
      rec.incidents(incident('I-out', { raisedAt: T0 + 2 * DAY, acknowledgedAt: null })),
      rec.privacy_incidents(privacyIncident('P-in')),
      rec.forecasts(forecast(T0)),
      rec.forecasts(forecast(T0 + 30 * MINUTE)),
      rec.forecasts(forecast(T0 + 30 * MINUTE, { queue: 'billing' })),
      rec.forecasts(forecast(T0 + DAY)),
    ]);
    const range = { from: T0, to: T0 + DAY };
    const outages = [];
    for await (const page of t.store.records.recordPages('outages', range)) outages.push(...page);
    expect(outages.map((o) => o.from)).toEqual([T0 - 30 * MINUTE]);
    const forecasts = [];
    for await (const page of t.store.records.recordPages('forecasts', range, { pageSize: 2 }))
      forecasts.push(...page);
    expect(forecasts.length).toBe(3);
    const data = await t.store.records.readPeriodData(range);
    expect(data.incidents.map((i) => i.id)).toEqual(['I-in']);
    expect(data.privacy_incidents.map((i) => i.id)).toEqual(['P-in']);
  });

  it('writes large batches of several kinds in one go', async () => {
    const records = [];
    for (let i = 0; i < 3000; i++) {
      records.push(
        rec.contacts(contact(`L${i}`, { createdAt: T0 + i * 1000, answeredAt: null, resolvedAt: null })),
      );
      records.push(rec.status_events(statusEvent(`L${i}`, T0 + i * 1000)));
    }
    expect(await t.store.records.write(records)).toEqual({ inserted: 6000, updated: 0, unchanged: 0 });
    expect(await t.store.records.write(records)).toEqual({ inserted: 0, updated: 0, unchanged: 6000 });
    const range = { from: T0, to: T0 + DAY };
    const pages = await collect(t.store.records.recordPages('contacts', range, { pageSize: 1500 }));
    expect(pages.map((p) => p.length)).toEqual([1500, 1500]);
    const data = await t.store.records.readPeriodData(range, { pageSize: 1500 });
    expect([data.contacts.length, data.status_events.length]).toEqual([3000, 3000]);
  });
});
