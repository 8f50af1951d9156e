/**
 * The fast ways of `accord ingest` against the general ones they stand in for: the direct way for CSV
 * contacts (direct-contacts.ts) against normalise + encode, the digest from JSON bytes against
 * contentDigest, the instant reader against parseInstant, the JavaScript HMAC against node:crypto, and
 * the worker thread against reading on the main thread.
 */
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/domain/time/instant.js';
import { formatCsvRow } from '../../src/ingest/csv-writer.js';
import { fastInstant } from '../../src/ingest/fields.js';
import { type IngestBatch, ingestBatches } from '../../src/ingest/ingest-batches.js';
import { Pseudonymiser } from '../../src/ingest/pseudonym.js';
import { ByteWriter, copyRounds, digestOf, encodeRecords } from '../../src/store/encode.js';
import { contentDigest } from '../../src/store/tables.js';
import { contact, rec } from '../support/records.js';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'accord-batches-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const KEY = Buffer.from('test-key');
const PSEUDONYMISER = new Pseudonymiser(KEY);

async function collect(
  file: string,
  dialect: 'sqlite' | 'postgres',
  direct: boolean,
  batchSize = 7,
): Promise<IngestBatch[]> {
  const out: IngestBatch[] = [];
  const batches = ingestBatches(
    {
      file,
      format: 'csv',
      kind: 'contacts',
      source: 'src',
      dialect,
      batchSize,
      size: 0,
      direct,
      warn: () => {},
    },
    () => PSEUDONYMISER,
  );
  for await (const b of batches) out.push(b);
  return out;
}

/** The batches as plain data, for comparison. */
function plain(batches: readonly IngestBatch[]): unknown {
  return batches.map((b) => ({
    errors: b.errors,
    read: b.read,
    rejected: b.rejected,
    batch:
      b.batch === undefined
        ? undefined
        : b.batch.dialect === 'sqlite'
          ? b.batch.kinds.map((k) => ({
              kind: k.kind,
              count: k.count,
              text: Buffer.from(k.text).toString('utf8'),
              cells: [...k.cells],
            }))
          : b.batch.kinds.map((k) => ({
              kind: k.kind,
              count: k.count,
              text: Buffer.from(k.text).toString('utf8'),
            })),
  }));
}

// Cell values: mostly what exports hold, with the odd value the direct way must leave to the general way.
const text = fc.constantFrom(
  '',
  'A1',
  'queue-nl',
  ' padded ',
  'Zoë',
  'quote"d',
  'back\\slash',
  'tab\there',
  'x'.repeat(60),
  'é',
);
const instant = fc.constantFrom(
  '',
  '2026-10-05T08:14:02+02:00',
  '2026-10-05T09:14:02Z',
  '2026-10-05T10:00:00.5+02:00',
  '2026-10-06T07:00:00-01:30',
  '2026-10-05 08:14:02+0200',
  '2026-10-05T08:14+02:00',
  '05-10-2026 08:14',
  '2026-02-30T08:00:00Z',
  ' 2026-10-05T11:00:00Z',
  '2026-10-04T23:00:00Z',
);
const row = fc.record({
  id: fc.oneof(fc.constantFrom('C1', 'C2', 'C3', ''), text),
  source: fc.constantFrom('', 'zendesk', 'genesys', ' spaced '),
  channel: fc.constantFrom('phone', 'email', 'chat', 'Phone', ' web', 'fax', ''),
  direction: fc.constantFrom('', 'inbound', 'outbound', 'OUTBOUND', 'sideways'),
  language: fc.constantFrom('', 'nl', 'de', 'NL', 'pt-br', 'en ', 'x1', 'zh-Hant-TW'),
  queue: text,
  priority: fc.constantFrom('', 'low', 'urgent', 'High', 'meh'),
  category: fc.constantFrom('', 'question', 'complaint', 'other', 'nope'),
  created_at: instant,
  answered_at: instant,
  abandoned_at: fc.constantFrom('', '', '', '2026-10-05T08:20:00+02:00'),
  resolved_at: instant,
  first_resolved_at: instant,
  reopen_count: fc.constantFrom('', '0', '2', '007', '1.0', '-1', 'x', '1234567890123456'),
  handle_seconds: fc.constantFrom('', '360', '12.5', '0.25', '-3', '1e3', ' 7'),
  first_time_right: fc.constantFrom('', 'true', 'false', 'TRUE', ' false', 'yes'),
  agent: text,
  customer: fc.oneof(fc.constantFrom('', 'cus-1', 'cus-2', ' cus-3', 'Jöhn'), text),
  customer_tier: fc.constantFrom('', 'standard', 'premium', 'a "quoted" tier'),
  email: fc.constantFrom('', 'ann@example.org', ' bob@example.org'),
});
const COLUMNS = [
  'id',
  'source',
  'channel',
  'direction',
  'language',
  'queue',
  'priority',
  'category',
  'created_at',
  'answered_at',
  'abandoned_at',
  'resolved_at',
  'first_resolved_at',
  'reopen_count',
  'handle_seconds',
  'first_time_right',
  'agent',
  'customer',
  'customer_tier',
  'email',
] as const;

// Rows the direct way takes (every value in its common form), so that it is compared on many rows.
const plainText = fc.constantFrom('', 'A1', 'queue-nl', 'Zoë', 'quote"d', 'back\\slash', 'x'.repeat(60));
const plainRow = fc.record({
  id: fc.constantFrom('C1', 'C2', 'C3', 'C4', 'a"b'),
  source: fc.constantFrom('', 'zendesk', 'genesys'),
  channel: fc.constantFrom('phone', 'email', 'chat', 'web'),
  direction: fc.constantFrom('', 'inbound', 'outbound'),
  language: fc.constantFrom('', 'nl', 'de', 'pt-BR', 'pt-br', 'zh-Hant-TW'),
  queue: plainText,
  priority: fc.constantFrom('', 'low', 'urgent'),
  category: fc.constantFrom('', 'question', 'complaint'),
  created_at: fc.constantFrom('2026-10-05T08:14:02+02:00', '2026-10-05T06:00:00Z'),
  answered_at: fc.constantFrom('', '2026-10-05T09:14:02.25+02:00', '2026-10-05T12:00:00Z'),
  abandoned_at: fc.constant(''),
  resolved_at: fc.constantFrom('', '2026-10-06T09:14:02+02:00', '2026-10-05T12:00:00Z'),
  first_resolved_at: fc.constantFrom('', '2026-10-05T20:00:00Z'),
  reopen_count: fc.constantFrom('', '0', '2', '007'),
  handle_seconds: fc.constantFrom('', '360', '12.5', '0.25'),
  first_time_right: fc.constantFrom('', 'true', 'false'),
  agent: plainText,
  customer: fc.constantFrom('', 'cus-1', 'cus-2', 'x'.repeat(55), 'y'.repeat(56), 'Jöhn'),
  customer_tier: fc.constantFrom('', 'standard', 'a "quoted" tier', 'Zoë'),
  email: fc.constantFrom('', 'ann@example.org'),
});

describe('the direct way for CSV contacts', () => {
  it('gives the same batches, errors and counts as the general way', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(row, plainRow, plainRow), { minLength: 1, maxLength: 40 }),
        fc.boolean(),
        async (rows, reversed) => {
          const columns = reversed ? [...COLUMNS].reverse() : [...COLUMNS];
          const lines = [columns.join(','), ...rows.map((r) => formatCsvRow(columns.map((c) => r[c])))];
          const file = join(temp(), 'contacts.csv');
          writeFileSync(file, `${lines.join('\n')}\n`);
          for (const dialect of ['sqlite', 'postgres'] as const) {
            const direct = await collect(file, dialect, true);
            const general = await collect(file, dialect, false);
            expect(plain(direct)).toEqual(plain(general));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('takes plain rows without building records (and rows with problems the general way)', async () => {
    const file = join(temp(), 'contacts.csv');
    writeFileSync(
      file,
      [
        'id,channel,created_at,answered_at,customer,language',
        'C1,phone,2026-10-05T08:14:02+02:00,2026-10-05T08:14:30+02:00,cust-1,nl',
        'C2,fax,2026-10-05T09:00:00Z,,cust-2,de',
        'C3,chat,2026-10-05T10:00:00+02:00,2026-10-05T09:00:00+02:00,,en',
      ].join('\n'),
    );
    const [b] = await collect(file, 'sqlite', true, 100);
    expect(b?.read).toBe(3);
    expect(b?.rejected).toBe(2);
    expect(b?.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'channel'],
      [4, 'answered_at'],
    ]);
    expect(b?.batch?.count).toBe(1);
  });
});

/** The batches of rows already parsed (a request's JSON array). */
async function collectRows(
  rows: readonly unknown[],
  dialect: 'sqlite' | 'postgres',
  direct: boolean,
): Promise<IngestBatch[]> {
  const out: IngestBatch[] = [];
  const batches = ingestBatches(
    {
      file: 'body',
      rows,
      format: 'ndjson',
      kind: 'contacts',
      source: 'src',
      dialect,
      batchSize: 7,
      size: 0,
      direct,
      warn: () => {},
    },
    () => PSEUDONYMISER,
  );
  for await (const b of batches) out.push(b);
  return out;
}

// A cell as API clients send it: the text, its JSON number or boolean, null, missing, or now and then an
// odd value (a list, an object, a number or text the direct way must leave to the general way).
const jsonCell = (text: string, loose: boolean): fc.Arbitrary<unknown> => {
  const typed =
    text === 'true' || text === 'false' ? text === 'true' : /^\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant(text) },
    { weight: 2, arbitrary: fc.constant(typed) },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
    {
      weight: loose ? 1 : 0,
      arbitrary: fc.constantFrom(true, 0, -1, 1e21, 1e-7, 'nul\u0000', 'bad\uFFFD', ['a'], { n: 1 }),
    },
  );
};
const jsonObject = (r: typeof row | typeof plainRow, loose: boolean) =>
  fc.tuple(r, fc.boolean()).chain(([values, extras]) =>
    fc
      .tuple(
        ...COLUMNS.map((c) =>
          // Attribute columns only now and then: without them the direct way takes the object.
          (c === 'customer_tier' || c === 'email') && !extras
            ? fc.constant(undefined)
            : c === 'id' || c === 'channel' || c === 'created_at'
              ? fc.constant(values[c] as unknown)
              : jsonCell(values[c], loose),
        ),
      )
      .map((cells) => {
        const obj: Record<string, unknown> = {};
        for (const [i, c] of COLUMNS.entries()) if (cells[i] !== undefined) obj[c] = cells[i];
        if (extras && loose) obj.status_events = [{ status: 'open', at: '2026-10-05T08:14:02+02:00' }];
        return obj;
      }),
  );

describe('the direct way for JSON contacts', () => {
  it('gives the same batches, errors and counts as the general way', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(jsonObject(row, true), jsonObject(plainRow, true), jsonObject(plainRow, false)), {
          minLength: 1,
          maxLength: 40,
        }),
        async (rows) => {
          for (const dialect of ['sqlite', 'postgres'] as const) {
            const direct = await collectRows(rows, dialect, true);
            const general = await collectRows(rows, dialect, false);
            expect(plain(direct)).toEqual(plain(general));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('takes plain objects without building records (and objects with problems the general way)', async () => {
    const rows = [
      {
        id: 'C1',
        channel: 'phone',
        created_at: '2026-10-05T08:14:02+02:00',
        customer: 'cust-1',
        first_time_right: true,
      },
      { id: 'C2', channel: 'fax', created_at: '2026-10-05T09:00:00Z' },
      {
        id: 'C3',
        channel: 'chat',
        created_at: '2026-10-05T10:00:00Z',
        reopen_count: 2,
        handle_seconds: 30.5,
      },
      { id: 'C4', channel: 'chat', created_at: '2026-10-05T10:00:00Z', queue: { not: 'text' } },
    ];
    const [b] = await collectRows(rows, 'sqlite', true);
    expect(b?.read).toBe(4);
    expect(b?.rejected).toBe(2);
    expect(b?.errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'channel'],
      [4, 'queue'],
    ]);
    expect(b?.batch?.count).toBe(2);
  });
});

describe('encoding', () => {
  const cell = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.string({ unit: 'binary' }),
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(1791180842000, 0, -0, 1e21, 2 ** 53 + 2, 123.456),
  );

  it('computes contentDigest from JSON bytes', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 25 }), (values) => {
        expect(digestOf(values)).toBe(contentDigest(values));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes numbers as String does', () => {
    const w = new ByteWriter(16);
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.maxSafeInteger(), fc.nat()), (n) => {
        w.length = 0;
        w.number(n);
        expect(w.bytes.toString('latin1', 0, w.length)).toBe(Number.isFinite(n) ? String(n) : 'null');
      }),
      { numRuns: 5000 },
    );
  });

  it('splits COPY text into rounds so that no key repeats in a round', () => {
    const batch = encodeRecords('postgres', [
      rec.contacts(contact('D1', { agent: 'first' })),
      rec.contacts(contact('D2')),
      rec.contacts(contact('D1', { agent: 'second' })),
      rec.contacts(contact('D1', { source: 'other' })),
      rec.contacts(contact('D1', { agent: 'third' })),
    ]);
    if (batch.dialect !== 'postgres') throw new Error('postgres');
    const rounds = copyRounds(batch.kinds[0]!).map((r) =>
      r.text
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => l.split('\t').slice(0, 2).join('/') + (l.includes('\tsecond\t') ? '+second' : '')),
    );
    expect(rounds).toEqual([['crm/D1', 'crm/D2', 'other/D1'], ['crm/D1+second'], ['crm/D1']]);
  });
});

describe('the instant reader', () => {
  it('agrees with parseInstant on every string it accepts', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    const shaped = fc
      .tuple(
        digits(4),
        digits(2),
        digits(2),
        fc.constantFrom('T', 't', ' ', 'x'),
        digits(2),
        digits(2),
        digits(2),
        fc.constantFrom('', '.5', '.123', ',12', '.123456789', '.1234567890', '.'),
        fc.constantFrom('Z', 'z', '+02:00', '-05:30', '+0200', '+24:00', '+02:60', '', '+2'),
      )
      .map(([y, mo, d, t, h, mi, s, f, z]) => `${y}-${mo}-${d}${t}${h}:${mi}:${s}${f}${z}`);
    fc.assert(
      fc.property(fc.oneof(shaped, fc.string()), (text) => {
        const fast = fastInstant(text);
        const r = parseInstant(text);
        if (!Number.isNaN(fast)) expect(r).toEqual({ ok: true, ms: fast });
      }),
      { numRuns: 5000 },
    );
    expect(fastInstant('2026-10-05T08:14:02+02:00')).toBe(Date.UTC(2026, 9, 5, 6, 14, 2));
  });
});

describe('the JavaScript HMAC', () => {
  it('gives node:crypto’s HMAC-SHA-256 for every value and key', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 70 })),
        fc.oneof(fc.constant('test-key'), fc.string({ minLength: 1, maxLength: 100 })),
        (value, key) => {
          const p = new Pseudonymiser(Buffer.from(key, 'utf8'));
          const expected = createHmac('sha256', Buffer.from(key, 'utf8')).update(value, 'utf8').digest('hex');
          expect(p.hash(value)).toBe(expected);
          expect(p.hash(value)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('reading in a worker thread', () => {
  it('stores what reading on the main thread stores', () => {
    const dir = temp();
    const file = join(dir, 'contacts.csv');
    const lines = ['id,channel,created_at,answered_at,customer,language,customer_tier'];
    for (let i = 0; i < 3000; i++) {
      const bad = i % 500 === 7 ? 'fax' : 'phone';
      lines.push(
        `C${i},${bad},2026-10-05T08:${String(i % 60).padStart(2, '0')}:02+02:00,,cus-${i % 97},nl,gold`,
      );
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const repo = resolve(import.meta.dirname, '../..');
    const run = (mode: string, db: string) =>
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(repo, 'test/support/accord-source.ts'),
          'ingest',
          file,
          '--db',
          `sqlite:${db}`,
          '--json',
        ],
        {
          cwd: repo,
          encoding: 'utf8',
          env: { ...process.env, ACCORD_PSEUDONYM_KEY: 'k', ACCORD_INGEST_WORKER: mode },
        },
      );
    const dump = (db: string) => {
      const d = new Database(db, { readonly: true });
      try {
        return d.prepare('select * from contacts order by key').all();
      } finally {
        d.close();
      }
    };
    const inWorker = run('always', join(dir, 'worker.db'));
    const inMain = run('never', join(dir, 'main.db'));
    expect(inWorker.status, inWorker.stderr).toBe(3);
    expect(JSON.parse(inWorker.stdout)).toEqual(JSON.parse(inMain.stdout));
    expect(JSON.parse(inWorker.stdout)).toMatchObject({ read: 3000, inserted: 2994, rejected: 6 });
    expect(dump(join(dir, 'worker.db'))).toEqual(dump(join(dir, 'main.db')));
  }, 60_000);
});
