/**
 * The column reader (src/ingest/columnar-reader.ts) against the general way (readRecordFile + normalise):
 * the same files must give the same records and the same errors, whatever the file holds, and the same
 * evaluation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EvaluationData } from '../../src/domain/evaluation/columns.js';
import { DataIndex } from '../../src/domain/evaluation/data-index.js';
import { evaluate } from '../../src/domain/evaluation/evaluate.js';
import { evaluationJson } from '../../src/domain/evaluation/json.js';
import { type DataSet, emptyDataSet, STATUSES, SURVEY_KINDS } from '../../src/domain/records.js';
import { instantOrThrow } from '../../src/domain/time/instant.js';
import { type ColumnarKind, instantAt, readColumnarCsv } from '../../src/ingest/columnar-reader.js';
import { loadDataFiles, readSurveyComments, transientPseudonym } from '../../src/ingest/load-data.js';
import { type RecordError, readRecordFile } from '../../src/ingest/read-records.js';
import { nodeSha256 } from '../../src/ingest/sha256.js';
import { contract } from '../support/evaluation.js';

const dir = mkdtempSync(join(tmpdir(), 'accord-columnar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function file(name: string, content: string | Buffer): string {
  const path = join(dir, `${fileNo++}-${name}`);
  writeFileSync(path, content);
  return path;
}

const context = { source: 'default', pseudonymise: transientPseudonym };

/** The records of the data as plain values, in the order they were added. */
function snapshot(d: EvaluationData) {
  const c = d.contacts;
  const text = (table: { values: readonly (string | null)[] }, code: number) => table.values[code] ?? null;
  const num = (v: number) => (Number.isNaN(v) ? null : v);
  const contacts = Array.from({ length: c.length }, (_, i) => ({
    source: d.sources.values[d.keys.source(c.key[i]!)],
    id: d.keys.id(c.key[i]!),
    channel: text(d.channels, c.channel[i]!),
    direction: text(d.directions, c.direction[i]!),
    language: text(d.languages, c.language[i]!),
    queue: text(d.queues, c.queue[i]!),
    segment: text(d.segments, c.segment[i]!),
    priority: text(d.priorities, c.priority[i]!),
    category: text(d.categories, c.category[i]!),
    agent: text(d.agents, c.agent[i]!),
    instants: [
      c.createdAt,
      c.answeredAt,
      c.abandonedAt,
      c.firstResponseAt,
      c.resolvedAt,
      c.firstResolvedAt,
    ].map((col) => num(col.get(i))),
    reopenCount: num(c.reopenCount.get(i)),
    handleSeconds: num(c.handleSeconds.get(i)),
    firstTimeRight: c.firstTimeRight[i],
    attributes: Object.fromEntries(
      [...c.attributes]
        .map(([name, a]) => [name, a.values.values[a.codes[i]!]] as const)
        .filter(([, v]) => v !== null),
    ),
  }));
  const e = d.events;
  const events = Array.from({ length: e.length }, (_, i) => ({
    source: d.sources.values[d.keys.source(e.key[i]!)],
    contactId: d.keys.id(e.key[i]!),
    status: STATUSES[e.status[i]!],
    at: e.at.get(i),
  }));
  const s = d.surveys;
  const surveys = Array.from({ length: s.length }, (_, i) => ({
    source: d.sources.values[d.keys.source(s.key[i]!)],
    contactId: d.keys.id(s.key[i]!),
    kind: SURVEY_KINDS[s.kind[i]!],
    score: s.score[i],
    scaleMin: s.scaleMin[i],
    scaleMax: s.scaleMax[i],
    answeredAt: s.answeredAt[i],
  }));
  return { contacts, events, surveys };
}

/** The general way: records through readRecordFile, then into columns. */
async function general(path: string, kind: ColumnarKind): Promise<{ data: DataSet; errors: RecordError[] }> {
  const data = emptyDataSet();
  const errors: RecordError[] = [];
  for await (const batch of readRecordFile({ file: path, format: 'csv', kind, context })) {
    for (const r of batch.records) (data[r.kind] as unknown[]).push(r.record);
    errors.push(...batch.errors);
  }
  return { data, errors };
}

async function compare(kind: ColumnarKind, content: string | Buffer, chunkSizes = [7, 64, 1 << 20]) {
  const path = file(`${kind}.csv`, content);
  const expected = await general(path, kind);
  const want = snapshot(EvaluationData.fromDataSet(expected.data));
  for (const chunkSize of chunkSizes) {
    const data = new EvaluationData();
    const errors = readColumnarCsv({ file: path, kind, data, context, chunkSize });
    expect(errors, `errors, chunks of ${chunkSize}`).toEqual(expected.errors);
    expect(snapshot(data), `records, chunks of ${chunkSize}`).toEqual(want);
  }
  return expected;
}

const CONTACT_HEADER =
  'id,source,channel,direction,language,queue,segment,priority,category,created_at,answered_at,abandoned_at,' +
  'first_response_at,resolved_at,first_resolved_at,reopen_count,handle_seconds,first_time_right,agent,customer,customer_tier,email';

describe('column reader', () => {
  it('reads instants of the common shapes as parseInstant does', () => {
    const cases = [
      '2026-10-05T08:14:02+02:00',
      '2026-10-05T08:14:02Z',
      '2026-10-05t08:14:02z',
      '2026-10-05 08:14:02-05:30',
      '2026-10-05T08:14:02.5+02:00',
      '2026-10-05T08:14:02,123456789+0200',
      '2024-02-29T23:59:59+14:00',
      '1970-01-01T00:00:00Z',
      '0999-12-31T23:59:59Z',
    ];
    for (const text of cases) {
      const b = Buffer.from(text, 'latin1');
      expect(instantAt(b, 0, b.length), text).toBe(instantOrThrow(text, 'test'));
    }
    for (const text of [
      '2026-02-29T00:00:00Z',
      '2026-10-05T24:00:00Z',
      '2026-10-05T08:14Z',
      '0099-01-01T00:00:00Z',
      ' 2026-10-05T08:14:02Z',
    ]) {
      const b = Buffer.from(text, 'latin1');
      expect(instantAt(b, 0, b.length), text).toBeNaN();
    }
  });

  it('reads contacts as the general way does, odd rows included', async () => {
    const rows = [
      'MAIL-1,zendesk,email,inbound,nl,email-nl,,normal,request,2026-10-01T00:01:29+02:00,,,2026-10-01T10:30:15+02:00,2026-10-01T10:30:15+02:00,,0,360,true,agent-1,cus-1,standard,a@b.nl',
      'CALL-2,genesys,phone,,NL,phone-nl,,HIGH,Question,2026-10-01T08:00:00Z,2026-10-01T08:00:25Z,,,2026-10-01T08:05:00Z,2026-10-01T08:04:00Z,1,12.5,FALSE,agent-2,,premium,',
      '  CALL-3\t,,Phone,outbound,pt-br,,vip,,,2026-10-01T09:00:00.250+02:00,,2026-10-01T09:00:03+02:00,,,,,,,,,,',
      'CALL-4,genesys,phone,inbound,de,q,,normal,question,2026-10-01T10:00:00+02:00,2026-10-01T09:00:00+02:00,,,,,,,,,,,',
      'CALL-5,genesys,phone,inbound,de,q,,normal,question,2026-10-01T10:00:00+02:00,2026-10-01T10:00:10+02:00,2026-10-01T10:00:11+02:00,,,,,,,,,,',
      'CALL-6,genesys,fax,inbound,de,q,,urgentish,question,not a time,,,,,,-1,1.5.0,maybe,,,,',
      ',genesys,phone,inbound,de,q,,normal,question,2026-10-01T10:00:00+02:00,,,,,,,,,,,,',
      'CALL-8,genesys,phone,inbound,d3,q,,normal,question,2026-10-01T10:00:00+02:00,,,,,,1.5,,,,,,',
      'CALL-9,genesys,phone,inbound,de,"q, with a comma",,normal,question,2026-10-01T10:00:00+02:00,,,,,,,,,,,"tier ""x""",',
      'CALL-10,genesys,phone,inbound,de,q,,normal,question,2026-10-01T10:00:00+02:00,,,,,,,,,,,,,extra',
      'CALL-11,genesys,phone',
      '',
      'CALL-12,genesys,phone,inbound,fr,q,,low,complaint,2026-10-01T10:00:00+02:00,,,,2026-11-01T10:00:00+01:00,,3,0,true,agent-3,cus-3,standard,"multi',
      'line@example.com"',
      'CALL-13,genesys,chat,inbound,en,"q""uoted",,normal,,2026-10-01T10:00:00-05:00,2026-10-01T10:00:00-05:00,,,,,,,,,,standard,',
      'CALL-14,genesys,chat,inbound,en,q"mid,,normal,,2026-10-01T10:00:00+02:00,,,,,,,,,,,  spaced  ,',
      'CALL-1,zendesk,email,inbound,nl,email-nl,,normal,request,2026-10-02T00:01:29+02:00,,,,,,,,,,,,',
    ];
    const text = `${CONTACT_HEADER}\n${rows.join('\n')}\n`;
    const { errors } = await compare('contacts', text);
    expect(errors.length).toBeGreaterThan(5);
    // CRLF and a lone CR, a BOM, no final line end.
    await compare('contacts', `\uFEFF${CONTACT_HEADER}\r\n${rows.slice(0, 3).join('\r\n')}\r${rows[3]}`);
  });

  it('sends bytes that are not UTF-8, NUL and non-ASCII text the general way', async () => {
    const head = Buffer.from(`${CONTACT_HEADER}\n`);
    const good = Buffer.from(
      'C-1,s,phone,inbound,nl,Überweisung,,normal,question,2026-10-01T10:00:00+02:00,,,,,,,,,,,premium,\n',
    );
    const bad = Buffer.concat([
      Buffer.from('C-2,s,phone,inbound,nl,q'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(',,normal,question,2026-10-01T10:00:00+02:00,,,,,,,,,,,,\n'),
    ]);
    const nul = Buffer.concat([
      Buffer.from('C-3,s,phone,inbound,nl,q'),
      Buffer.from([0]),
      Buffer.from(',,normal,question,2026-10-01T10:00:00+02:00,,,,,,,,,,,,\n'),
    ]);
    const plain = Buffer.from(
      'C-4,s,phone,inbound,nl,q,,normal,question,2026-10-01T10:00:00+02:00,,,,,,,,,,,standard,\n',
    );
    await compare('contacts', Buffer.concat([head, good, bad, nul, plain]));
  });

  it('reads ; separated files and refuses a header with a column twice', async () => {
    await compare(
      'contacts',
      'id;channel;created_at;queue\nA;phone;2026-10-01T10:00:00+02:00;"x;y"\nB;email;2026-10-01T11:00:00+02:00;z\n',
    );
    await compare('contacts', 'id,channel,id\n1,phone,2\n');
    await compare('contacts', '');
    await compare('contacts', '\n\n');
  });

  it('reads status events and surveys as the general way does', async () => {
    await compare(
      'status_events',
      'contact_id,source,status,native_status,at\n' +
        'MAIL-1,zendesk,new,New,2026-10-01T00:01:29+02:00\n' +
        'MAIL-1,zendesk,Pending_Customer,"Waiting, customer",2026-10-01T01:00:00+02:00\n' +
        'MAIL-1,,solved,,2026-10-01T02:00:00+02:00\n' +
        'MAIL-2,zendesk,lost,,2026-10-01T02:00:00+02:00\n' +
        ',zendesk,open,,2026-10-01T02:00:00+02:00\n' +
        'MAIL-3,zendesk,open,,\n',
    );
    await compare(
      'surveys',
      'contact_id,source,kind,score,scale_min,scale_max,answered_at,comment\n' +
        'MAIL-1,zendesk,csat,4,1,5,2026-10-02T21:05:23+02:00,\n' +
        'MAIL-1,zendesk,nps,9,,,2026-10-02T21:05:23+02:00,"great, ""really"""\n' +
        'MAIL-2,zendesk,csat,6,1,5,2026-10-02T21:05:23+02:00,\n' +
        'MAIL-2,zendesk,ces,2.5,1,7,2026-10-02T21:05:23+02:00,ok\n' +
        'MAIL-3,zendesk,csat,3,,5,2026-10-02T21:05:23+02:00,\n' +
        'MAIL-4,zendesk,CSAT,3,5,5,2026-10-02T21:05:23+02:00,\n' +
        'MAIL-5,zendesk,mood,3,1,5,2026-10-02T21:05:23+02:00,\n',
    );
  });

  it('evaluates files in any order as the records themselves, duplicate ids and far-off events included', async () => {
    const contacts = [CONTACT_HEADER];
    const events = ['contact_id,source,status,native_status,at'];
    const surveys = ['contact_id,source,kind,score,scale_min,scale_max,answered_at,comment'];
    for (let i = 0; i < 300; i++) {
      const channel = ['phone', 'email', 'chat'][i % 3]!;
      const created = `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00+02:00`;
      const answered =
        channel === 'email'
          ? ''
          : `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T10:00:${String(i % 60).padStart(2, '0')}+02:00`;
      const resolved = `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T${String(11 + (i % 12)).padStart(2, '0')}:00:00+02:00`;
      const id = `C-${i % 290}`; // ten duplicate ids
      contacts.push(
        `${id},src,${channel},inbound,${['nl', 'de', 'en'][i % 3]},q,,normal,${['question', 'complaint'][i % 2]},${created},${answered},,,${resolved},,${i % 4 === 0 ? 1 : 0},${60 + i},${i % 5 === 0 ? 'false' : 'true'},a,c,${i % 7 === 0 ? 'premium' : 'standard'},`,
      );
      if (i % 2 === 0) {
        events.push(`${id},src,new,,${created}`);
        events.push(`${id},src,pending_customer,,${created.replace('T10:00', 'T10:30')}`);
        events.push(`${id},src,solved,,${resolved}`);
      }
      if (i % 3 === 0) surveys.push(`${id},src,csat,${1 + (i % 5)},1,5,${resolved},`);
    }
    // Events and surveys shuffled and read before the contacts; a survey of an unknown contact.
    const shuffle = (lines: string[]) => [lines[0]!, ...lines.slice(1).reverse()];
    surveys.push('NOBODY,src,nps,9,0,10,2026-10-05T10:00:00+02:00,');
    const paths = {
      status_events: file('status_events.csv', `${shuffle(events).join('\n')}\n`),
      surveys: file('surveys.csv', `${shuffle(surveys).join('\n')}\n`),
      contacts: file('contacts.csv', `${contacts.join('\n')}\n`),
    };
    const files = (['status_events', 'surveys', 'contacts'] as const).map((kind) => ({
      file: paths[kind],
      kind,
    }));
    const loaded = await loadDataFiles(files);
    const d = emptyDataSet();
    for (const f of files) {
      const g = await general(f.file, f.kind);
      (d[f.kind] as unknown[]).push(...g.data[f.kind]);
    }
    const c = contract(`contract: t
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
segments:
  premium: { customer_tier: premium }
metrics:
  - { id: sl, kind: service_level, population: { channel: phone }, threshold: 20s, target: 80%, split: [language] }
  - { id: res, kind: resolution_time, population: { category: question }, clock: { calendar: standard, pause_when: [pending_customer] }, threshold: 4h, target: 90% }
  - { id: resp, kind: response_time, population: { channel: email }, threshold: 2h, target: 90% }
  - { id: prem, kind: service_level, population: { segment: premium, channel: [phone, chat] }, threshold: 30s, target: 90% }
  - { id: ftr, kind: rate, measure: first_time_right, target: 85% }
  - { id: csat, kind: mean_score, measure: csat, target: 8 }
  - { id: csat-prem, kind: mean_score, measure: csat, population: { segment: premium }, target: 8 }
  - { id: nps, kind: nps, target: 30 }
`);
    const asOf = instantOrThrow('2026-11-28T09:00:00+01:00', 'test');
    const run = (data: DataSet | EvaluationData) =>
      evaluationJson(
        evaluate({
          versions: [c],
          period: '2026-10',
          asOf,
          data,
          dataDigest: 'x',
          sha256: nodeSha256,
        } as Parameters<typeof evaluate>[0]),
        { asOf, breaches: ['sl', 'res', 'resp', 'prem', 'ftr', 'csat', 'csat-prem', 'nps'] },
      );
    expect(loaded.errors).toEqual([]);
    expect(run(loaded.data)).toEqual(run(d));
  });
  it('a row that repeats the (source, key) of an earlier one replaces it, in a file and across files', async () => {
    const files = [
      {
        kind: 'contacts' as const,
        // a twice (the second quoted: the general way), b in two sources (two contacts).
        file: file(
          'contacts.csv',
          [
            'id,source,channel,created_at,answered_at',
            'a,,phone,2026-10-05T08:00:00Z,2026-10-05T08:10:00Z',
            '"a",,phone,2026-10-05T08:00:00Z,2026-10-05T08:00:10Z',
            'b,x,phone,2026-10-05T09:00:00Z,',
            'b,y,phone,2026-10-05T09:00:00Z,',
            '',
          ].join('\n'),
        ),
      },
      {
        kind: 'contacts' as const,
        // The re-send: a again (answered after 20 s, created earlier), c new.
        file: file(
          'contacts.ndjson',
          [
            '{"id":"a","channel":"phone","created_at":"2026-10-04T08:00:00Z","answered_at":"2026-10-04T08:00:20Z"}',
            '{"id":"c","channel":"chat","created_at":"2026-10-06T08:00:00Z"}',
            '',
          ].join('\n'),
        ),
      },
      {
        kind: 'status_events' as const,
        file: file(
          'status_events.csv',
          'contact_id,status,at\na,new,2026-10-04T08:00:00Z\na,open,2026-10-04T08:00:00Z\na,new,2026-10-04T08:00:00Z\n',
        ),
      },
      {
        kind: 'status_events' as const,
        file: file(
          'status_events.csv',
          'contact_id,status,at\nc,new,2026-10-06T08:00:00Z\na,open,2026-10-04T08:00:00Z\n',
        ),
      },
      {
        kind: 'surveys' as const,
        file: file(
          'surveys.csv',
          [
            'contact_id,kind,score,scale_min,scale_max,answered_at',
            'a,csat,2,1,10,2026-10-06T09:00:00Z',
            'b,csat,3,1,10,2026-10-06T09:00:00Z',
            'a,nps,9,0,10,2026-10-06T09:00:00Z',
            'a,csat,10,1,10,2026-10-06T09:00:00Z',
            '',
          ].join('\n'),
        ),
      },
    ];
    const { data, errors } = await loadDataFiles(files);
    expect(errors).toEqual([]);
    const index = DataIndex.of(data);
    expect(index.replaced).toMatchObject({ contacts: 2, status_events: 2, surveys: 1 });
    const c = data.contacts;
    const contacts = [...index.order].map((i) => ({
      id: data.keys.id(c.key[i]!),
      source: data.sources.values[data.keys.source(c.key[i]!)],
      created: new Date(c.createdAt.get(i)).toISOString(),
      answered: Number.isNaN(c.answeredAt.get(i)) ? null : new Date(c.answeredAt.get(i)).toISOString(),
    }));
    expect(contacts).toEqual([
      {
        id: 'a',
        source: 'default',
        created: '2026-10-04T08:00:00.000Z',
        answered: '2026-10-04T08:00:20.000Z',
      },
      { id: 'b', source: 'x', created: '2026-10-05T09:00:00.000Z', answered: null },
      { id: 'b', source: 'y', created: '2026-10-05T09:00:00.000Z', answered: null },
      { id: 'c', source: 'default', created: '2026-10-06T08:00:00.000Z', answered: null },
    ]);
    // The key of a finds the last row read.
    const a = index.order[0]!;
    expect(index.keyContact(c.key[a]!)).toBe(a);
    // a's events: new and open at one instant, each once; c's one event.
    const ev = index.events;
    const eventsOf = (key: number) =>
      Array.from(
        { length: ev.start[key + 1]! - ev.start[key]! },
        (_, j) => STATUSES[ev.status[ev.start[key]! + j]!],
      );
    expect(eventsOf(c.key[a]!)).toEqual(['new', 'open']);
    expect(eventsOf(c.key[index.order[3]!]!)).toEqual(['new']);
    // The surveys: b's, a's NPS and a's later CSAT answer.
    const sv = data.surveys;
    expect(
      [...index.surveyOrder].map((s) => [data.keys.id(sv.key[s]!), SURVEY_KINDS[sv.kind[s]!], sv.score[s]]),
    ).toEqual([
      ['b', 'csat', 3],
      ['a', 'nps', 9],
      ['a', 'csat', 10],
    ]);
  });

  it('files without repeated rows: nothing is replaced', async () => {
    const { data } = await loadDataFiles([
      {
        kind: 'contacts',
        file: file(
          'contacts.csv',
          'id,channel,created_at\na,phone,2026-10-05T08:00:00Z\nb,phone,2026-10-05T08:00:00Z\n',
        ),
      },
      {
        kind: 'status_events',
        file: file(
          'status_events.csv',
          'contact_id,status,at\nb,new,2026-10-05T08:00:00Z\nb,open,2026-10-05T08:00:00Z\na,new,2026-10-05T08:00:00Z\n',
        ),
      },
    ]);
    const index = DataIndex.of(data);
    expect(Object.values(index.replaced).every((n) => n === 0)).toBe(true);
    expect(index.order.length).toBe(2);
    expect(index.events.start[2]).toBe(3);
  });
  it("a report's survey comments: a repeated answer's comment is the later row's", async () => {
    const path = file(
      'surveys.csv',
      [
        'contact_id,kind,score,scale_min,scale_max,answered_at,comment',
        'a,csat,2,1,10,2026-10-06T09:00:00Z,slow',
        'b,csat,9,1,10,2026-10-06T09:00:00Z,fine',
        'b,csat,9,1,10,2026-10-06T09:00:00Z,',
        'a,csat,10,1,10,2026-10-06T09:00:00Z,quick after all',
        '',
      ].join('\n'),
    );
    const comments = await readSurveyComments([{ kind: 'surveys', file: path }], {
      from: Date.parse('2026-10-01T00:00:00Z'),
      to: Date.parse('2026-11-01T00:00:00Z'),
    });
    expect(comments.map((s) => [s.contactId, s.score, s.comment])).toEqual([['a', 10, 'quick after all']]);
  });
});
