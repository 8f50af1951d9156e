/**
 * The ingest pipeline (src/services/ingest.service.ts) that `accord ingest` and `POST /api/v1/ingest`
 * share: inputs, summary, source policy, comment policy, --strict; and the forecast reader of `accord
 * staffing` against it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Forecast, Incident, PrivacyIncident, Survey } from '../../src/domain/records.js';
import { readForecastFile } from '../../src/ingest/forecasts.js';
import { KEEP_EVERY_COMMENT } from '../../src/ingest/ingest-batches.js';
import { Pseudonymiser } from '../../src/ingest/pseudonym.js';
import { ServiceError } from '../../src/services/errors.js';
import { type IngestInput, type IngestOptions, ingest } from '../../src/services/ingest.service.js';
import { openStore, type Store } from '../../src/store/index.js';
import { freshLocation, type TestStoreLocation } from '../support/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'accord-ingest-service-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function file(name: string, text: string): string {
  const sub = join(dir, String(fileNo++));
  mkdirSync(sub);
  const path = join(sub, name);
  writeFileSync(path, text);
  return path;
}

let location: TestStoreLocation;
let store: Store;
beforeEach(async () => {
  location = await freshLocation('sqlite');
  store = await openStore(location.url);
});
afterEach(async () => {
  await store.close();
  await location.drop();
});

const pseudonymiser = new Pseudonymiser(Buffer.from('test-key'));
const options = (extra: Partial<IngestOptions> = {}): IngestOptions => ({
  store,
  pseudonymiser: () => pseudonymiser,
  sources: { defaultSource: 'default' },
  strict: false,
  audit: { actor: 'test', subject: 'test', details: {} },
  ...extra,
});
const ALL_TIME = { from: 0, to: Date.UTC(2100, 0, 1) };

async function all<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

describe('the ingest service', () => {
  it('reads a 1,000-row file with an open quote in row 3: one error there, every other row stored', async () => {
    const lines = ['id,channel,created_at,queue'];
    for (let i = 1; i <= 1000; i++)
      lines.push(`C${i},phone,2026-10-05T08:00:00Z,${i === 3 ? '"general' : 'general'}`);
    const path = file('contacts.csv', `${lines.join('\n')}\n`);
    const { summary } = await ingest([{ name: path }], options());
    expect(summary).toMatchObject({ read: 1000, inserted: 999, rejected: 1 });
    expect(summary.errors).toEqual([
      { file: path, line: 4, field: 'queue', message: 'a quoted field opened on line 4 is never closed' },
    ]);
  });

  it('keeps NDJSON fields of any JSON type as attributes, and warns about the fields a kind without attributes does not use', async () => {
    const path = file(
      'records.ndjson',
      [
        '{"type":"contact","id":"x1","channel":"phone","created_at":"2026-10-05T08:00:00Z","tier":"gold","obj":{"a":1},"arr":[1,2],"num":5,"flag":true,"nul":null,"status_events":[{"status":"open","at":"2026-10-05T08:00:00Z","step":3}]}',
        '{"type":"incident","id":"I1","severity":"high","raised_at":"2026-10-05T08:00:00Z","team":"red"}',
        '{"type":"incident","id":"I2","severity":"low","raised_at":"2026-10-05T09:00:00Z","team":"blue","desk":{"floor":2}}',
        '{"type":"survey","contact_id":"x1","kind":"csat","score":4,"scale_min":1,"scale_max":5,"answered_at":"2026-10-05T09:00:00Z","survey_channel":"sms"}',
      ].join('\n'),
    );
    const { summary } = await ingest([{ name: path }], options());
    expect(summary).toMatchObject({ read: 5, inserted: 5, rejected: 0, errors: [] });
    expect(summary.warnings).toEqual([
      `${path}:1: field step not used for status_events`,
      `${path}:2: field team not used for incidents`,
      `${path}:3: field desk not used for incidents`,
      `${path}:4: field survey_channel not used for surveys`,
    ]);
    const [contact] = await all(store.records.recordPages('contacts', ALL_TIME));
    expect(contact?.attributes).toEqual({
      tier: 'gold',
      obj: '{"a":1}',
      arr: '[1,2]',
      num: '5',
      flag: 'true',
    });
  });

  it('reads an empty severity and an empty confirmed as unknown, not as an error (data.md requires neither)', async () => {
    const incidents = file(
      'incidents.csv',
      'id,severity,raised_at\nI1,,2026-10-05T08:00:00Z\nI2,urgent,2026-10-05T08:00:00Z\n',
    );
    const privacy = file(
      'privacy_incidents.csv',
      'id,reported_at,confirmed\nP1,2026-10-05T08:00:00Z,\nP2,2026-10-05T08:00:00Z,TRUE\n',
    );
    const noColumns = file('incidents.ndjson', '{"id":"I3","raised_at":"2026-10-05T08:00:00Z"}\n');
    const { summary } = await ingest(
      [{ name: incidents }, { name: privacy }, { name: noColumns }],
      options(),
    );
    expect(summary).toMatchObject({ read: 5, inserted: 4, rejected: 1 });
    expect(summary.errors).toEqual([
      {
        file: incidents,
        line: 3,
        field: 'severity',
        message: '"urgent" is not a severity (critical, high, normal, low)',
      },
    ]);
    const stored = await all(store.records.recordPages('incidents', ALL_TIME));
    expect(stored.map((i: Incident) => [i.id, i.severity])).toEqual([
      ['I1', null],
      ['I3', null],
    ]);
    const confirmed = await all(store.records.recordPages('privacy_incidents', ALL_TIME));
    expect(confirmed.map((p: PrivacyIncident) => [p.id, p.confirmed])).toEqual([
      ['P1', null],
      ['P2', true],
    ]);
  });

  it('drops survey comments unless the policy keeps them for the source', async () => {
    const rows = [
      {
        type: 'survey',
        source: 'keep',
        contact_id: 'C1',
        kind: 'nps',
        score: 9,
        answered_at: '2026-10-05T08:00:00Z',
        comment: 'great',
      },
      {
        type: 'survey',
        source: 'drop',
        contact_id: 'C2',
        kind: 'nps',
        score: 3,
        answered_at: '2026-10-05T08:00:00Z',
        comment: 'slow',
      },
    ];
    await ingest([{ name: 'body', rows }], options({ sources: { defaultSource: 'keep' } }));
    const dropped = await all(store.records.recordPages('surveys', ALL_TIME));
    expect(dropped.map((s: Survey) => [s.source, s.comment])).toEqual([
      ['drop', null],
      ['keep', null],
    ]);
    await ingest([{ name: 'body', rows }], options({ keepComments: (source) => source === 'keep' }));
    const kept = await all(store.records.recordPages('surveys', ALL_TIME));
    expect(kept.map((s: Survey) => [s.source, s.comment])).toEqual([
      ['drop', null],
      ['keep', 'great'],
    ]);
  });

  it('rejects rows of sources the caller does not own, on every way a row can come', async () => {
    const refuse = (source: string) => (source === 'mine' ? null : `"${source}" is not yours`);
    const csv =
      'id,channel,created_at,source\nC1,phone,2026-10-05T08:00:00Z,mine\nC2,phone,2026-10-05T08:00:00Z,theirs\n';
    const inputs: IngestInput[] = [
      { name: 'body', bytes: Buffer.from(csv), format: 'csv', kind: 'contacts' },
      { name: file('contacts.csv', csv) },
    ];
    for (const input of inputs) {
      const { summary } = await ingest([input], options({ sources: { defaultSource: 'mine', refuse } }));
      expect(summary.rejected).toBe(1);
      expect(summary.errors).toEqual([
        { file: input.name, line: 3, field: 'source', message: '"theirs" is not yours' },
      ]);
    }
    await expect(
      ingest(inputs, options({ sources: { defaultSource: 'theirs', refuse } })),
    ).rejects.toBeInstanceOf(ServiceError);
  });

  it('--strict stores nothing when a row is bad, and everything when none is', async () => {
    const bad = file(
      'contacts.csv',
      'id,channel,created_at\nC1,phone,2026-10-05T08:00:00Z\nC2,,2026-10-05T08:00:00Z\n',
    );
    const refused = await ingest([{ name: bad }], options({ strict: true }));
    expect(refused).toMatchObject({ refused: true, strictRefused: true, stored: 0 });
    expect(refused.summary.errors).toEqual([
      { file: bad, line: 3, field: 'channel', message: 'is required' },
    ]);
    expect((await store.records.count()).contacts).toBe(0);
    const good = file('contacts.csv', 'id,channel,created_at\nC1,phone,2026-10-05T08:00:00Z\n');
    expect(await ingest([{ name: good }], options({ strict: true }))).toMatchObject({
      refused: false,
      stored: 1,
    });
  });
});

describe('forecasts: accord staffing --forecast reads what accord ingest --kind forecasts stores', () => {
  const HEADER = 'interval_start,interval_minutes,channel,queue,volume,aht_seconds';
  /** Each row alone after the header, with what both entry points must make of it. */
  const ROWS: readonly { row: string; why: string; tab?: boolean }[] = [
    { row: '2026-03-02T08:00:00+01:00,30,phone,general,42,240', why: 'a good row' },
    { row: '2026-03-02T08:00:00+01:00,15.5,phone,general,42,240', why: '15.5 minutes: not a whole number' },
    { row: '2026-03-02T08:00:00+01:00,30,Phone,general,42,240', why: 'Phone: lower-cased as for contacts' },
    { row: '2026-03-02T08:00:00+01:00,30,phone,general,42,', why: 'empty aht: unknown' },
    { row: '2026-03-02T08:00:00+01:00,30,phone,general,1e1,240', why: '1e1: not a number, as everywhere' },
    { row: '2026-03-02T08:00:00+01:00\t30\tchat\tgeneral\t12\t300', why: 'tab-separated', tab: true },
    { row: '2026-03-02T08:00:00,30,phone,general,42,240', why: 'no offset' },
    { row: '2026-03-02T08:00:00+01:00,30,fax,general,42,240', why: 'not a channel' },
    { row: '2026-03-02T08:00:00+01:00,30,phone,general,-3,240', why: 'negative volume' },
    { row: '2026-03-02T08:00:00+01:00,30,,,42,240', why: 'no channel, no queue' },
  ];

  for (const { row, why, tab } of ROWS) {
    it(`gives the same records and errors: ${why}`, async () => {
      const header = tab ? HEADER.replaceAll(',', '\t') : HEADER;
      const path = file('forecasts.csv', `${header}\n${row}\n`);
      const staffing = await readForecastFile(path);
      const { summary } = await ingest([{ name: path }], options({ keepComments: KEEP_EVERY_COMMENT }));
      const stored = await all(store.records.recordPages('forecasts', ALL_TIME));
      expect(staffing.errors).toEqual(summary.errors);
      expect(staffing.stored.map((s) => s.record)).toEqual(stored);
      expect(staffing.read).toBe(summary.read);
    });
  }

  it('decides the five cases of the issue as docs/data-and-store.md says', async () => {
    const text = [
      HEADER,
      ...ROWS.filter((r) => !r.tab)
        .slice(0, 5)
        .map((r) => r.row.replace('08:00', `0${ROWS.indexOf(r)}:00`)),
    ].join('\n');
    const f = await readForecastFile(file('forecasts.csv', text));
    expect(f.errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [3, 'interval_minutes', '"15.5" is not a whole number'],
      [6, 'volume', '"1e1" is not a number'],
    ]);
    expect(f.stored.map((s) => [s.line, s.record.channel, s.record.ahtSeconds])).toEqual([
      [2, 'phone', 240],
      [4, 'phone', 240],
      [5, 'phone', null],
    ]);
    // A plan needs the handle time: the row with an unknown one is the plan's error, not the reader's.
    expect(f.planErrors).toEqual([
      {
        file: expect.any(String),
        line: 5,
        field: 'aht_seconds',
        message: 'is unknown (empty): a staffing plan needs the handle time',
      },
    ]);
    const tab = await readForecastFile(
      file('forecasts.csv', `${HEADER.replaceAll(',', '\t')}\n${ROWS[5]!.row}\n`),
    );
    expect(tab.records.map((r) => [r.intervalStart, r.channel, r.volume])).toEqual([
      ['2026-03-02T08:00:00+01:00', 'chat', 12],
    ]);
    expect(tab.stored.map((s) => (s.record as Forecast).intervalMinutes)).toEqual([30]);
  });
});
