/**
 * A row whose (source, key) an earlier row already had replaces it (data.md: `(source, id)` is unique,
 * re-importing updates instead of duplicating): `accord evaluate --data` must give the figures that
 * `accord ingest` of the same files in the same order and then `accord evaluate --db` give, for repeats
 * within one file and across two files (a cumulative re-send), of every kind — on SQLite and PostgreSQL.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempFiles } from '../support/cli.js';
import { DIALECTS, freshLocation, requireDialect, type TestStoreLocation } from '../support/stores.js';

const CONTRACT = `contract: replaced-rows
version: 1
effective_from: 2026-10-01
client: C
partner: P
timezone: Europe/Amsterdam
currency: EUR
monthly_fee: 1000.00
period: month
calendars:
  standard: { hours: { mon-fri: "08:00-22:00" }, holidays: { country: NL } }
  always: { hours: 24/7 }
metrics:
  - { id: phone-sl, kind: service_level, population: { channel: phone }, threshold: 30s, target: 80% }
  - { id: chat-sl, kind: service_level, population: { channel: chat }, threshold: 30s, target: 80% }
  - { id: resolution, kind: resolution_time, population: { category: question }, clock: { calendar: always, pause_when: [pending_customer] }, threshold: 3h, target: 90% }
  - { id: csat, kind: mean_score, measure: csat, target: 8, minimum_sample: 1 }
  - { id: qa, kind: mean_score, measure: qa_score, target: 90 }
  - { id: open, kind: availability, calendar: standard, target: 99.5% }
  - { id: critical, kind: incident_reaction, population: { severity: critical }, threshold: 2h, target: 100% }
  - { id: privacy, kind: compliance, target: 0 incidents }
volume:
  forecast_tolerance: 15%
`;

const files: Record<string, string> = {
  // Repeats within one file: d1 answered after 600 s, then (quoted: the reader's general way) after 10 s;
  // m1 moves to September in the second file. d2 exists in two sources: two contacts.
  'contacts-1.csv': [
    'id,source,channel,category,created_at,answered_at,resolved_at',
    'd1,,phone,,2026-10-05T08:00:00Z,2026-10-05T08:10:00Z,',
    '"d1",,phone,,2026-10-05T08:00:00Z,2026-10-05T08:00:10Z,',
    'd2,,phone,,2026-10-05T09:00:00Z,2026-10-05T09:00:10Z,',
    'd2,crm,phone,,2026-10-05T09:00:00Z,2026-10-05T09:00:10Z,',
    'e1,,phone,,2026-10-06T08:00:00Z,2026-10-06T08:10:00Z,',
    'm1,,phone,,2026-10-06T08:00:00Z,2026-10-06T08:10:00Z,',
    'r1,,email,question,2026-10-07T08:00:00Z,,2026-10-07T12:00:00Z',
    'c1,,chat,,2026-10-05T10:00:00Z,2026-10-05T10:00:05Z,',
    'c2,,chat,,2026-10-05T11:00:00Z,2026-10-05T11:00:05Z,',
    '',
  ].join('\n'),
  // The cumulative re-send: e1 now answered after 10 s, m1 created in September, e2 new.
  'contacts-2.csv': [
    'id,channel,created_at,answered_at',
    'e1,phone,2026-10-06T08:00:00Z,2026-10-06T08:00:10Z',
    'm1,phone,2026-09-20T08:00:00Z,2026-09-20T08:10:00Z',
    'e2,phone,2026-10-06T09:00:00Z,2026-10-06T09:00:10Z',
    '',
  ].join('\n'),
  'status_events-1.csv': [
    'contact_id,status,at',
    'r1,new,2026-10-07T08:00:00Z',
    'r1,pending_customer,2026-10-07T09:00:00Z',
    'r1,pending_customer,2026-10-07T09:00:00Z',
    'r1,open,2026-10-07T11:00:00Z',
    '',
  ].join('\n'),
  'status_events-2.csv': [
    'contact_id,status,at',
    'r1,new,2026-10-07T08:00:00Z',
    'r1,pending_customer,2026-10-07T09:00:00Z',
    'r1,open,2026-10-07T11:00:00Z',
    'r1,solved,2026-10-07T12:00:00Z',
    '',
  ].join('\n'),
  'surveys.csv': [
    'contact_id,kind,score,scale_min,scale_max,answered_at',
    'd1,csat,2,1,10,2026-10-06T09:00:00Z',
    'd1,csat,10,1,10,2026-10-06T09:00:00Z',
    '',
  ].join('\n'),
  'qa_evaluations.csv': [
    'contact_id,evaluated_at,score',
    'd1,2026-10-08T10:00:00Z,50',
    'd1,2026-10-08T10:00:00Z,100',
    '',
  ].join('\n'),
  // Down for 12 hours, then corrected to one minute.
  'outages.csv': [
    'from,to,channel,reason',
    '2026-10-12T08:00:00Z,2026-10-12T20:00:00Z,phone,carrier',
    '2026-10-12T08:00:00Z,2026-10-12T08:01:00Z,phone,carrier (corrected)',
    '',
  ].join('\n'),
  'incidents.csv': [
    'id,severity,raised_at,acknowledged_at,resolved_at,summary',
    'I1,critical,2026-10-05T08:00:00Z,2026-10-05T11:00:00Z,,IVR down',
    'I1,critical,2026-10-05T08:00:00Z,2026-10-05T09:00:00Z,,IVR down (acknowledged at once)',
    '',
  ].join('\n'),
  'privacy_incidents.csv': [
    'id,reported_at,confirmed,summary',
    'P1,2026-10-10T10:00:00Z,true,mail to the wrong customer',
    'P1,2026-10-10T10:00:00Z,false,not confirmed after all',
    '',
  ].join('\n'),
  // 100 chats forecast, corrected to 1: the two chats are beyond the band.
  'forecasts.csv': [
    'interval_start,interval_minutes,channel,queue,volume,aht_seconds',
    '2026-10-05T08:00:00Z,60,chat,,100,300',
    '2026-10-05T08:00:00Z,60,chat,,1,300',
    '',
  ].join('\n'),
};

const ORDER = [
  'contacts-1.csv',
  'contacts-2.csv',
  'status_events-1.csv',
  'status_events-2.csv',
  'surveys.csv',
  'qa_evaluations.csv',
  'outages.csv',
  'incidents.csv',
  'privacy_incidents.csv',
  'forecasts.csv',
];
const kindOf = (name: string) => name.replace(/(-\d)?\.csv$/, '');

const evaluateArgs = (dir: string) => [
  'evaluate',
  '--contract',
  join(dir, 'contract.yaml'),
  '--period',
  '2026-10',
  '--as-of',
  '2026-11-05T00:00:00Z',
  '--json',
];

interface Row {
  id: string;
  split: unknown;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  met: boolean | null;
  reason: string | null;
  volume: { forecast: number | null; actual: number } | null;
}
interface Doc {
  metrics: Row[];
  warnings: { code: string; contact: string | null; message: string }[];
  [key: string]: unknown;
}

describe('accord evaluate --data: a later row with the same key replaces an earlier one', () => {
  let dir: string;
  let fromFiles: Doc;

  beforeAll(async () => {
    process.env.ACCORD_PSEUDONYM_KEY ??= 'test-key';
    dir = tempFiles({ ...files, 'contract.yaml': CONTRACT });
    const r = await runCli([
      ...evaluateArgs(dir),
      '--data',
      ...ORDER.map((f) => `${kindOf(f)}=${join(dir, f)}`),
    ]);
    expect(r.code, r.stderr).toBe(0);
    fromFiles = JSON.parse(r.stdout) as Doc;
  });

  const row = (doc: Doc, id: string) => doc.metrics.find((m) => m.id === id && m.split === null)!;

  it('counts each record once, with the later row’s values', () => {
    // d1 (10 s), d2 of two sources, e1 (10 s), e2; m1 moved to September.
    expect(row(fromFiles, 'phone-sl')).toMatchObject({ numerator: 5, denominator: 5, met: true });
    // 4 h with 2 h pending: 2 h.
    expect(row(fromFiles, 'resolution')).toMatchObject({ numerator: 1, denominator: 1, met: true });
    expect(row(fromFiles, 'csat')).toMatchObject({ value: 10, denominator: 1 });
    expect(row(fromFiles, 'qa')).toMatchObject({ value: 100, denominator: 1, met: true });
    expect(row(fromFiles, 'open')).toMatchObject({ met: true });
    expect(row(fromFiles, 'critical')).toMatchObject({ numerator: 1, denominator: 1, met: true });
    expect(row(fromFiles, 'privacy')).toMatchObject({ value: 0, met: true });
    expect(row(fromFiles, 'chat-sl')).toMatchObject({
      reason: 'volume_band',
      volume: { forecast: 1, actual: 2 },
    });
  });

  it('says how many rows of each kind replaced earlier ones', () => {
    const replaced = fromFiles.warnings.filter((w) => w.code === 'replaced_rows').map((w) => w.message);
    expect(replaced).toEqual([
      expect.stringMatching(/^contacts: 3 rows repeat the \(source, id\) of an earlier row/),
      expect.stringMatching(/^status_events: 4 rows repeat the \(source, contact_id, at, status\)/),
      expect.stringMatching(/^surveys: 1 row repeats/),
      expect.stringMatching(/^qa_evaluations: 1 row repeats/),
      expect.stringMatching(/^outages: 1 row repeats/),
      expect.stringMatching(/^incidents: 1 row repeats/),
      expect.stringMatching(/^privacy_incidents: 1 row repeats/),
      expect.stringMatching(/^forecasts: 1 row repeats/),
    ]);
    expect(replaced[0]).toContain('the later row counts, as the store keeps it after npx accord ingest');
  });

  it('files without repeats: no such warning', async () => {
    const r = await runCli([...evaluateArgs(dir), '--data', `contacts=${join(dir, 'contacts-2.csv')}`]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Doc).warnings.filter((w) => w.code === 'replaced_rows')).toEqual([]);
  });

  describe.each(DIALECTS)('and the store on $name agrees', (dialect) => {
    let location: TestStoreLocation;

    beforeAll(async () => {
      if (!dialect.missing) location = await freshLocation(dialect.name);
    });
    afterAll(async () => {
      if (!dialect.missing) await location.drop();
    });

    it('gives the same figures, verdicts and money', async (ctx) => {
      requireDialect(dialect, ctx);
      // One ingest per file, in the order given to --data.
      for (const f of ORDER) {
        const r = await runCli(['ingest', '--kind', kindOf(f), join(dir, f), '--db', location.url, '--json']);
        expect(r.code, r.stderr).toBe(0);
      }
      const r = await runCli([...evaluateArgs(dir), '--db', location.url]);
      expect(r.code, r.stderr).toBe(0);
      const fromStore = JSON.parse(r.stdout) as Doc;
      for (const key of ['metrics', 'verdicts', 'credits', 'earnBack', 'bonus', 'acceptance', 'statement'])
        expect(fromStore[key], key).toEqual(fromFiles[key]);
      expect(row(fromStore, 'phone-sl')).toMatchObject({ numerator: 5, denominator: 5 });
    });
  });
});
