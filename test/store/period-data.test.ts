import { describe, expect, it } from 'vitest';
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
} from '../support/records.js';
import { DIALECTS, useStore } from '../support/stores.js';

const DAY = 24 * 60 * MINUTE;
const SEP = Date.parse('2026-09-01T00:00:00Z');
const OCT = Date.parse('2026-10-01T00:00:00Z');
const NOV = Date.parse('2026-11-01T00:00:00Z');
const october = { from: OCT, to: NOV };

describe.each(DIALECTS)('the period reader on $name (contract.md, Periods)', (d) => {
  const t = useStore(d);

  it('reads each kind by its own time: a survey by answered_at, whatever month its contact was created', async () => {
    await t.store.records.write([
      // Created in September, answered in October: the survey counts for October, the contact does not.
      rec.contacts(contact('SEP-1', { createdAt: SEP + DAY })),
      rec.status_events(statusEvent('SEP-1', OCT + DAY)),
      rec.surveys(survey('SEP-1', { answeredAt: OCT + 2 * DAY })),
      rec.qa_evaluations(qa('SEP-1', { evaluatedAt: OCT + 3 * DAY })),
      // Created in October: the contact counts with every status event, even one after the period; its
      // survey answered in November does not.
      rec.contacts(contact('OCT-1', { createdAt: OCT + 5 * DAY })),
      rec.status_events(statusEvent('OCT-1', OCT + 5 * DAY)),
      rec.status_events(statusEvent('OCT-1', NOV + DAY, { status: 'solved' })),
      rec.surveys(survey('OCT-1', { answeredAt: NOV + DAY })),
      rec.qa_evaluations(qa('OCT-1', { evaluatedAt: NOV + 2 * DAY })),
      rec.contacts(contact('NOV-1', { createdAt: NOV })),
      rec.incidents(incident('I-SEP', { raisedAt: SEP + DAY })),
      rec.incidents(incident('I-OCT', { raisedAt: OCT })),
      rec.privacy_incidents(privacyIncident('P-OCT', { reportedAt: NOV - 1 })),
      rec.privacy_incidents(privacyIncident('P-NOV', { reportedAt: NOV })),
      rec.outages(outage(OCT - DAY, OCT + DAY)),
      rec.outages(outage(SEP, SEP + DAY)),
      rec.forecasts(forecast(OCT)),
      rec.forecasts(forecast(NOV)),
    ]);
    const data = await t.store.records.readPeriodData(october);
    // SEP-1 was created before October, but its survey and QA evaluation count in October: it comes along
    // (first, with its status history), so that populations and splits can read it.
    expect(data.contacts.map((c) => c.id)).toEqual(['SEP-1', 'OCT-1']);
    expect(data.status_events.map((e) => [e.contactId, e.status])).toEqual([
      ['SEP-1', 'open'],
      ['OCT-1', 'open'],
      ['OCT-1', 'solved'],
    ]);
    expect(data.surveys.map((s) => s.contactId)).toEqual(['SEP-1']);
    expect(data.qa_evaluations.map((q) => q.contactId)).toEqual(['SEP-1']);
    expect(data.incidents.map((i) => i.id)).toEqual(['I-OCT']);
    expect(data.privacy_incidents.map((i) => i.id)).toEqual(['P-OCT']);
    expect(data.outages.map((o) => o.from)).toEqual([OCT - DAY]);
    expect(data.forecasts.map((f) => f.intervalStart)).toEqual([OCT]);
  });

  it('keeps to the given sources, for every kind', async () => {
    const records = [];
    for (const source of ['genesys', 'zendesk', 'other']) {
      records.push(
        rec.contacts(contact('C1', { source, createdAt: OCT + DAY })),
        rec.status_events(statusEvent('C1', OCT + DAY, { source })),
        rec.surveys(survey('C1', { source, answeredAt: OCT + DAY })),
        rec.qa_evaluations(qa('C1', { source, evaluatedAt: OCT + DAY })),
        rec.outages(outage(OCT, OCT + DAY, { source })),
        rec.incidents(incident(`I-${source}`, { source, raisedAt: OCT })),
        rec.privacy_incidents(privacyIncident(`P-${source}`, { source, reportedAt: OCT })),
        rec.forecasts(forecast(OCT, { source })),
      );
    }
    await t.store.records.write(records);
    const partner = await t.store.records.readPeriodData(october, { sources: ['zendesk', 'genesys'] });
    for (const [kind, list] of Object.entries(partner)) {
      expect(
        list.map((r: { source: string }) => r.source),
        kind,
      ).toEqual(['genesys', 'zendesk']);
    }
    const all = await t.store.records.readPeriodData(october);
    expect(all.contacts.map((c) => c.source)).toEqual(['genesys', 'other', 'zendesk']);
    const none = await t.store.records.readPeriodData(october, { sources: [] });
    expect(Object.values(none).every((list) => list.length === 0)).toBe(true);
  });

  it('reads in one order, page size or not: by time, source and key; status events by source and contact', async () => {
    const records = [];
    // Three sources and ties on the instant, so that page boundaries fall inside them.
    for (let i = 0; i < 9; i++) {
      const source = ['b', 'a', 'c'][i % 3]!;
      const id = `C${8 - i}`;
      const at = OCT + Math.floor(i / 4) * MINUTE;
      records.push(
        rec.contacts(contact(id, { source, createdAt: at })),
        rec.status_events(statusEvent(id, at + 2 * MINUTE, { source, status: 'solved' })),
        rec.status_events(statusEvent(id, at, { source })),
        rec.surveys(survey(id, { source, answeredAt: OCT + (i % 2) * DAY })),
      );
    }
    await t.store.records.write(records.reverse());
    const whole = await t.store.records.readPeriodData(october);
    const key = (r: { source: string; id?: string; contactId?: string }) =>
      `${r.source}/${r.id ?? r.contactId}`;
    expect(whole.contacts.map(key)).toEqual([
      'a/C7',
      'b/C5',
      'b/C8',
      'c/C6',
      'a/C1',
      'a/C4',
      'b/C2',
      'c/C3',
      'c/C0',
    ]);
    // One page of contacts here: its status events by source, contact id, time.
    expect(whole.status_events.map((e) => `${key(e)} ${e.status}`).slice(0, 4)).toEqual([
      'a/C1 open',
      'a/C1 solved',
      'a/C4 open',
      'a/C4 solved',
    ]);
    expect(whole.surveys.map((s) => [s.answeredAt - OCT, key(s)])).toEqual(
      [...whole.surveys]
        .map((s) => [s.answeredAt - OCT, key(s)] as const)
        .sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1)),
    );
    // Small pages give the same contacts and surveys; status events follow the contact pages.
    const paged = await t.store.records.readPeriodData(october, { pageSize: 2 });
    expect(paged.contacts).toEqual(whole.contacts);
    expect(paged.surveys).toEqual(whole.surveys);
    const expected: string[] = [];
    for (let i = 0; i < whole.contacts.length; i += 2) {
      const page = whole.contacts
        .slice(i, i + 2)
        .map(key)
        .sort();
      for (const c of page) expected.push(c, c);
    }
    expect(paged.status_events.map(key)).toEqual(expected);
  });
});
