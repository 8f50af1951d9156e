/**
 * Fuzzing the parsers (docs/reliability.md, Fuzzing): the contract text parser and checker, the period and
 * calendar parsers, the CSV tokenizer, and the record readers of `accord ingest` (CSV and NDJSON) and of
 * `evaluate --data` (the column reader). Whatever the text, each answers with its own result or issues:
 * it never throws, and no case takes longer than CASE_LIMIT_MS. A short run here; the long run is
 * `FUZZ_RUNS=100000 npx vitest run test/fuzz`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as yamlText } from 'yaml';
import { parseCalendar } from '../../src/domain/calendar/definition.js';
import { compileTimeline } from '../../src/domain/calendar/open-time.js';
import { formatContractError } from '../../src/domain/contract/check.js';
import { EvaluationData } from '../../src/domain/evaluation/columns.js';
import { parsePeriod, periodContainingDay } from '../../src/domain/period.js';
import { RECORD_KINDS, type RecordKind } from '../../src/domain/records.js';
import { type ColumnarKind, readColumnarCsv } from '../../src/ingest/columnar-reader.js';
import { checkContractText } from '../../src/ingest/contract-text.js';
import { parseCsv } from '../../src/ingest/csv-reader.js';
import { transientPseudonym } from '../../src/ingest/load-data.js';
import { readRecordFile } from '../../src/ingest/read-records.js';
import { Meter, params, TEST_TIMEOUT_MS } from './budget.js';

const EXAMPLE = readFileSync(new URL('../../examples/contract.yaml', import.meta.url), 'utf8');
const context = { source: 'fuzz', pseudonymise: transientPseudonym };
const ZONES = ['Europe/Amsterdam', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'];

const dir = mkdtempSync(join(tmpdir(), 'accord-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Text of the given characters: the ones that matter to YAML, CSV, JSON and dates, and any others. */
const textOf = (chars: string[], maxLength = 200) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...chars), maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength }) },
  );

/** The example contract with lines dropped, duplicated, swapped, cut or replaced by generated text. */
const mutatedText = (base: string, noise: fc.Arbitrary<string>) =>
  fc
    .array(
      fc.record({
        op: fc.constantFrom('drop', 'dup', 'cut', 'replace', 'insert', 'indent'),
        at: fc.nat(),
        text: noise,
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((ops) => {
      const lines = base.split('\n');
      for (const { op, at, text } of ops) {
        const i = at % lines.length;
        const line = lines[i]!;
        if (op === 'drop') lines.splice(i, 1);
        else if (op === 'dup') lines.splice(i, 0, line);
        else if (op === 'cut') lines[i] = line.slice(0, text.length % (line.length + 1));
        else if (op === 'replace') lines[i] = line.replace(/:\s*\S.*$/, `: ${text}`);
        else if (op === 'insert') lines.splice(i, 0, text);
        else lines[i] = ` ${line}`;
        if (lines.length === 0) lines.push('');
      }
      return lines.join('\n');
    });

const YAML_CHARS = [...'ab01:-_ #\n\t{}[],"\'&*!|>%@`?~.'];
const VALUE = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('30s', '24h', '80%', '101%', '-5%', '0s', 'P1D', '2026-02-30', '9999-12-31', '0000-01-01'),
  fc.constantFrom('08:00-22:00', '24/7', '25:00-26:00', 'mon-sun', 'fri-mon', 'NL', 'XX', 'phone'),
);

/** The example contract as a value, with generated values at generated places. */
const EXAMPLE_VALUE = parseYaml(EXAMPLE) as Record<string, unknown>;
const mutatedValue = fc
  .array(fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), VALUE), { minLength: 1, maxLength: 5 })
  .map((edits) => {
    const value = structuredClone(EXAMPLE_VALUE);
    for (const [path, v] of edits) {
      let node: unknown = value;
      for (let depth = 0; depth < path.length; depth++) {
        if (node === null || typeof node !== 'object') break;
        const keys = Object.keys(node);
        if (keys.length === 0) break;
        const key = keys[path[depth]! % keys.length]!;
        if (depth === path.length - 1) (node as Record<string, unknown>)[key] = v;
        else node = (node as Record<string, unknown>)[key];
      }
    }
    return value;
  });

function checkNeverThrows(meter: Meter, text: string): void {
  const r = meter.time(() => checkContractText(text, 'fuzz.yaml'));
  if (r.ok) expect(r.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  else {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) expect(formatContractError(e).length).toBeGreaterThan(0);
  }
}

/** Shapes that have broken YAML readers: deep nesting, alias bombs, huge scalars, odd tags and anchors. */
const hostileText = fc
  .tuple(
    fc.constantFrom('flow', 'block', 'aliases', 'scalar', 'tags'),
    fc.integer({ min: 1, max: 5_000 }),
    fc.string({ maxLength: 8 }),
  )
  .map(([shape, n, word]) => {
    if (shape === 'flow') return `contract: ${'['.repeat(n)}${word}${']'.repeat(n % 3 === 0 ? n : 0)}`;
    if (shape === 'block')
      return Array.from({ length: Math.min(n, 400) }, (_, i) => `${' '.repeat(i)}- a:`).join('\n');
    if (shape === 'aliases') {
      const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i <= Math.min(n, 30); i++)
        lines.push(`a${i}: &a${i} [${`*a${i - 1}, `.repeat(9)}*a${i - 1}]`);
      return lines.join('\n');
    }
    if (shape === 'scalar') return `contract: ${word.repeat(n)}\nversion: ${'9'.repeat(n)}`;
    return `contract: !!${word} x\nversion: !<tag:${word}> 1\nmetrics: !!set {a, b}\npartner: !!binary ${word}`;
  });

describe('fuzzing the contract text parser and checker', () => {
  it(
    'answers hostile YAML shapes with errors, never a throw',
    () => {
      const meter = new Meter('contract text, hostile shapes');
      fc.assert(
        fc.property(hostileText, (text) => checkNeverThrows(meter, text)),
        params(50),
      );
      meter.report();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers any text with a contract or errors, never a throw',
    () => {
      const meter = new Meter('contract text, any text');
      fc.assert(
        fc.property(textOf(YAML_CHARS, 400), (text) => checkNeverThrows(meter, text)),
        params(300),
      );
      meter.report();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers the example contract with lines mutated',
    () => {
      const meter = new Meter('contract text, mutated lines');
      fc.assert(
        fc.property(mutatedText(EXAMPLE, textOf(YAML_CHARS, 40)), (text) => checkNeverThrows(meter, text)),
        params(60),
      );
      meter.report();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers the example contract with generated values in generated places',
    () => {
      const meter = new Meter('contract text, mutated values');
      fc.assert(
        fc.property(mutatedValue, fc.boolean(), (value, json) =>
          checkNeverThrows(meter, json ? JSON.stringify(value) : yamlText(value)),
        ),
        params(60),
      );
      meter.report();
    },
    TEST_TIMEOUT_MS,
  );
});

const PERIOD_CHARS = [...'0123456789-WwQq '];
const periodText = fc.oneof(
  textOf(PERIOD_CHARS, 12),
  fc
    .tuple(
      fc.integer({ min: -1, max: 10_000 }),
      fc.constantFrom('-', '-W', '-Q', '-w', '-q'),
      fc.integer({ min: -1, max: 60 }),
    )
    .map(([y, sep, n]) => `${String(y).padStart(4, '0')}${sep}${String(n).padStart(2, '0')}`),
);

describe('fuzzing the period and calendar parsers', () => {
  it(
    'reads any period name as a period or undefined, and a period read is the one of its own days',
    () => {
      const meter = new Meter('periods');
      fc.assert(
        fc.property(periodText, fc.constantFrom(...ZONES), (name, zone) => {
          const p = meter.time(() => parsePeriod(name, zone));
          if (p === undefined) return;
          expect(p.endDay).toBeGreaterThan(p.firstDay);
          expect(p.end).toBeGreaterThan(p.start);
          expect(periodContainingDay(p.kind, p.firstDay, zone)).toEqual(p);
        }),
        params(2_000),
      );
      meter.report();
    },
    TEST_TIMEOUT_MS,
  );

  const spans = fc.oneof(
    textOf([...'0123456789:- ,/'], 14),
    fc
      .tuple(
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 25 }),
      )
      .map(
        ([a, m, b]) =>
          `${String(a).padStart(2, '0')}:${String(m).padStart(2, '0')}-${String(b).padStart(2, '0')}:00`,
      ),
  );
  const dayKey = fc.constantFrom('mon', 'tue', 'sun', 'mon-fri', 'sat-sun', 'fri-mon', 'daily', 'xyz', '');
  const dateText = fc.oneof(
    fc
      .date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    textOf([...'0123456789-T:'], 16),
  );
  const calendarValue = fc.oneof(
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
    {
      weight: 4,
      arbitrary: fc.record(
        {
          timezone: fc.oneof(fc.constantFrom(...ZONES), fc.constantFrom('Mars/Olympus', '', '+02:00')),
          hours: fc.oneof(
            fc.constantFrom('24/7', 'never', ''),
            fc.dictionary(dayKey, fc.oneof(spans, fc.array(spans, { maxLength: 3 })), { maxKeys: 4 }),
          ),
          holidays: fc.record(
            {
              country: fc.constantFrom('NL', 'DE', 'BE', 'US-CA', 'XX', ''),
              types: fc.array(fc.constantFrom('public', 'bank', 'school', 'nonsense'), { maxLength: 3 }),
              dates: fc.array(dateText, { maxLength: 3 }),
            },
            { requiredKeys: [] },
          ),
          special: fc.dictionary(dateText, spans, { maxKeys: 3 }),
          closures: fc.array(
            fc.record(
              { from: dateText, to: dateText, reason: fc.string({ maxLength: 5 }) },
              { requiredKeys: ['from', 'to'] },
            ),
            { maxLength: 2 },
          ),
        },
        { requiredKeys: ['hours'] },
      ),
    },
  );

  it(
    'reads any calendar value as a calendar or issues, and compiles a calendar it read',
    () => {
      const meter = new Meter('calendars');
      fc.assert(
        fc.property(calendarValue, fc.integer({ min: -25_000, max: 80_000 }), (value, firstDay) => {
          meter.time(() => {
            const r = parseCalendar(value, { defaultTimezone: 'Europe/Amsterdam' });
            if (!r.ok) {
              expect(r.issues.length).toBeGreaterThan(0);
              return;
            }
            compileTimeline(r.value, firstDay, firstDay + 40);
          });
        }),
        params(300),
      );
      meter.report();
    },
    TEST_TIMEOUT_MS,
  );
});

const CSV_CHARS = [...'aZ1 ,;\t"\n\r\\é-:T+Z.'];
const HEADERS: Record<RecordKind, string> = {
  contacts:
    'id,source,channel,direction,language,queue,segment,priority,category,created_at,answered_at,abandoned_at,first_response_at,resolved_at,first_resolved_at,reopen_count,handle_seconds,first_time_right,agent,customer,email,notes',
  status_events: 'contact_id,status,at',
  surveys: 'contact_id,kind,score,scale_min,scale_max,answered_at',
  qa_evaluations: 'contact_id,score,evaluated_at,notes',
  outages: 'id,start,end,scope',
  incidents: 'id,start,end,severity',
  forecasts: 'interval_start,channel,volume,aht',
} as unknown as Record<RecordKind, string>;

const CELL = fc.oneof(
  textOf(CSV_CHARS, 12),
  fc.constantFrom(
    '2026-10-05T09:00:00+02:00',
    '2026-10-05 09:00:00Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    'phone',
    'email',
    'inbound',
    'true',
    '1e400',
    '9007199254740993',
    '-1',
    'NaN',
    '"',
    '""',
    '"a,b"',
    'x@y.example',
    '+31 6 12345678',
  ),
);

/** A file for a kind: its header or a mangled one, rows of cells, any line ends, maybe a BOM. */
const csvFile = (kind: RecordKind) =>
  fc
    .tuple(
      fc.oneof(
        { weight: 5, arbitrary: fc.constant(HEADERS[kind] ?? 'id') },
        { weight: 1, arbitrary: textOf(CSV_CHARS, 40) },
      ),
      fc.array(fc.array(CELL, { maxLength: 24 }), { maxLength: 8 }),
      fc.constantFrom(',', ';', '\t'),
      fc.constantFrom('\n', '\r\n', '\r'),
      fc.boolean(),
    )
    .map(([header, rows, sep, eol, bom]) => {
      const h = sep === ',' ? header : header.replaceAll(',', sep);
      return (bom ? '\uFEFF' : '') + [h, ...rows.map((r) => r.join(sep))].join(eol);
    });

const NDJSON_LINE = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        type: fc.constantFrom('contact', 'status_event', 'survey', 'contacts', 'nonsense'),
        id: CELL,
        channel: CELL,
        direction: CELL,
        created_at: CELL,
        contact_id: CELL,
        status: CELL,
        at: CELL,
        events: fc.array(fc.record({ status: CELL, at: CELL }, { requiredKeys: [] }), { maxLength: 3 }),
        reopen_count: fc.oneof(fc.integer(), fc.double(), CELL),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  textOf([...'{}[]":,0a \\'], 30),
  fc.constantFrom('{"id":"x","id":"y"}', `${'['.repeat(200)}${']'.repeat(200)}`, '{"a":1e999}', '\uFEFF{}'),
);
const ndjsonFile = fc
  .tuple(fc.array(NDJSON_LINE, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'))
  .map(([lines, eol]) => lines.join(eol));

async function readAll(bytes: Uint8Array, format: 'csv' | 'ndjson', kind: RecordKind | undefined) {
  let read = 0;
  for await (const batch of readRecordFile({ file: 'body', bytes, format, kind, context })) {
    read = batch.read;
    for (const e of batch.errors) {
      expect(e.line).toBeGreaterThanOrEqual(0);
      expect(e.message.length).toBeGreaterThan(0);
    }
  }
  return read;
}

describe('fuzzing the CSV and NDJSON readers', () => {
  it(
    'tokenizes any text into records with line numbers, never a throw',
    () => {
      const meter = new Meter('CSV tokenizer');
      fc.assert(
        fc.property(textOf(CSV_CHARS, 300), fc.constantFrom(undefined, ',', ';', '\t'), (text, sep) => {
          const records = meter.time(() => parseCsv(text, sep));
          let last = 0;
          for (const r of records) {
            expect(r.line).toBeGreaterThan(last);
            last = r.line;
          }
        }),
        params(1_000),
      );
      meter.report();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'reads any CSV file of any kind as accord ingest does: records and errors, never a throw',
    async () => {
      const meter = new Meter('CSV records (ingest)');
      const kinds = RECORD_KINDS.filter((k) => HEADERS[k] !== undefined);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...kinds).chain((k) => fc.tuple(fc.constant(k), csvFile(k))),
          async ([kind, text]) => {
            await meter.timeAsync(() => readAll(Buffer.from(text, 'utf8'), 'csv', kind));
          },
        ),
        params(300),
      );
      meter.report();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'reads any NDJSON text as accord ingest does: records and errors, never a throw',
    async () => {
      const meter = new Meter('NDJSON records (ingest)');
      await fc.assert(
        fc.asyncProperty(
          ndjsonFile,
          fc.constantFrom<RecordKind | undefined>(undefined, 'contacts', 'status_events'),
          async (text, kind) => {
            await meter.timeAsync(() => readAll(Buffer.from(text, 'utf8'), 'ndjson', kind));
          },
        ),
        params(300),
      );
      meter.report();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'reads any CSV file with the column reader of evaluate --data, never a throw',
    () => {
      const meter = new Meter('CSV columns (evaluate --data)');
      let n = 0;
      const kinds: ColumnarKind[] = ['contacts', 'status_events', 'surveys'];
      fc.assert(
        fc.property(
          fc.constantFrom(...kinds).chain((k) => fc.tuple(fc.constant(k), csvFile(k))),
          fc.constantFrom(7, 64, 1 << 16),
          ([kind, text], chunkSize) => {
            const file = join(dir, `${n++ % 64}.csv`);
            writeFileSync(file, text);
            meter.time(() => {
              const data = new EvaluationData();
              const errors = readColumnarCsv({ file, kind, data, context, chunkSize });
              for (const e of errors) expect(e.message.length).toBeGreaterThan(0);
            });
          },
        ),
        params(300),
      );
      meter.report();
    },
    TEST_TIMEOUT_MS,
  );
});
