import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSeparator, formatCsvRow, parseCsv, readCsvRecords } from '../../src/ingest/csv.js';
import { formatRowError, parseForecasts } from '../../src/ingest/forecasts.js';

const rows = (text: string) => readCsvRecords(text).map((r) => [r.line, ...r.fields]);

describe('csv.ts: RFC 4180 reading', () => {
  it('reads plain records with the line each starts on', () => {
    expect(rows('a,b,c\n1,2,3\n4,5,6\n')).toEqual([
      [1, 'a', 'b', 'c'],
      [2, '1', '2', '3'],
      [3, '4', '5', '6'],
    ]);
  });

  it('strips a UTF-8 BOM and reads CRLF, a lone CR and a last line without newline', () => {
    expect(rows('\uFEFFid,x\r\n1,a\r2,b\r\n3,c')).toEqual([
      [1, 'id', 'x'],
      [2, '1', 'a'],
      [3, '2', 'b'],
      [4, '3', 'c'],
    ]);
  });

  it('reads quoted fields with separators, doubled quotes and line breaks, counting physical lines', () => {
    const text = 'id,comment\n1,"Hello, ""world"""\n2,"two\nlines\r\nhere"\n3,x\n4,""\n';
    expect(rows(text)).toEqual([
      [1, 'id', 'comment'],
      [2, '1', 'Hello, "world"'],
      [3, '2', 'two\nlines\r\nhere'],
      [6, '3', 'x'],
      [7, '4', ''],
    ]);
  });

  it('skips empty and blank lines but keeps their count', () => {
    expect(rows('\n\na,b\n\n1,2\n   \r\n3,4\n\n')).toEqual([
      [3, 'a', 'b'],
      [5, '1', '2'],
      [7, '3', '4'],
    ]);
  });

  it('keeps empty fields, also a trailing one', () => {
    expect(rows('a,b,c\n,,\n1,,3\n1,2,')).toEqual([
      [1, 'a', 'b', 'c'],
      [2, '', '', ''],
      [3, '1', '', '3'],
      [4, '1', '2', ''],
    ]);
  });

  it('detects ";" from the header line (Dutch and German Excel), even when data rows hold commas', () => {
    const text = '\uFEFFinterval_start;volume;note\n2026-03-02T08:00:00+01:00;12,5;"a;b"\n';
    expect(detectSeparator(text)).toBe(';');
    expect(detectSeparator('a,b;c,d\n1;2;3;4;5')).toBe(',');
    expect(detectSeparator('"x;y";"z"\n')).toBe(';');
    expect(detectSeparator('\n\nq;r\n')).toBe(';');
    const table = parseCsv(text);
    expect(table.separator).toBe(';');
    expect(table.header).toEqual(['interval_start', 'volume', 'note']);
    expect(table.records[0]?.fields).toEqual(['2026-03-02T08:00:00+01:00', '12,5', 'a;b']);
  });

  it('reports a malformed record with its line and goes on with the next', () => {
    const broken = readCsvRecords('a,b\n1,"x"y\n2,3\n');
    expect(broken.map((r) => [r.line, r.problem])).toEqual([
      [1, null],
      [2, 'unexpected text after a closing quote: "y"'],
      [3, null],
    ]);
    const open = readCsvRecords('a,b\n1,2\n3,"never\nclosed\n');
    expect(open.map((r) => [r.line, r.problem])).toEqual([
      [1, null],
      [2, null],
      [3, 'a quoted field opened on line 3 is never closed'],
    ]);
  });

  it('an empty text has no header and no records', () => {
    expect(parseCsv('')).toMatchObject({ header: [], records: [] });
    expect(parseCsv('\uFEFF\n\n')).toMatchObject({ header: [], records: [] });
  });

  it('formatCsvRow quotes only what needs it, and what it writes reads back the same', () => {
    expect(formatCsvRow(['a', 'b,c', 'say "hi"', 'two\nlines', 12.5, null])).toBe(
      'a,"b,c","say ""hi""","two\nlines",12.5,',
    );
    expect(formatCsvRow(['a;b', 'c,d'], ';')).toBe('"a;b";c,d');
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '"', '\n', '\r', 'é', '1') });
    fc.assert(
      fc.property(
        fc.constantFrom<',' | ';'>(',', ';'),
        fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (sep, records) => {
          const text = records.map((r) => formatCsvRow(r, sep)).join('\r\n');
          const back = readCsvRecords(text, sep);
          return JSON.stringify(back.map((r) => r.fields)) === JSON.stringify(records);
        },
      ),
    );
  });
});

describe('forecasts.ts: typed forecast records', () => {
  const header = 'interval_start,interval_minutes,channel,queue,volume,aht_seconds';

  it('reads the rows of data.md, keeping unknown columns as attributes', () => {
    const f = parseForecasts(
      `${header},language\n2026-03-02T08:00:00+01:00,30,phone,general,42,240,nl\n2026-03-02T08:30:00Z,30,chat,,12.5,310.5,de\n`,
      'forecasts.csv',
    );
    expect(f.errors).toEqual([]);
    expect(f.read).toBe(2);
    expect(f.records[0]).toEqual({
      line: 2,
      intervalStart: '2026-03-02T08:00:00+01:00',
      intervalStartMs: Date.parse('2026-03-02T07:00:00Z'),
      intervalMinutes: 30,
      channel: 'phone',
      queue: 'general',
      volume: 42,
      ahtSeconds: 240,
      attributes: { language: 'nl' },
    });
    expect(f.records[1]).toMatchObject({ queue: '', volume: 12.5, ahtSeconds: 310.5 });
  });

  it('names file, line, field and reason for every bad row and keeps the good ones', () => {
    const text = [
      header,
      '2026-03-02T08:00:00+01:00,30,phone,general,42,240',
      '',
      '2026-03-02T08:30:00+01:00,30,phone,general,"multi',
      'line",240',
      '2026-03-02T09:00:00+01:00,30,phone,general,abc,240',
      '2026-03-02T09:30:00,30,phone,general,40,240',
      '2026-03-02T10:00:00+01:00,0,fax,general,-3,0',
      '2026-03-02T10:30:00+01:00,30,phone,general,40',
      '2026-03-02T08:00:00+01:00,30,phone,general,50,240',
      '2026-03-02T11:00:00+01:00,30,phone,general,40,240',
    ].join('\n');
    const f = parseForecasts(text, 'forecasts.csv');
    expect(f.errors.map(formatRowError)).toEqual([
      'forecasts.csv:4 volume: "multi\\nline" is not a number',
      'forecasts.csv:6 volume: "abc" is not a number',
      'forecasts.csv:7 interval_start: "2026-03-02T09:30:00" has no offset',
      'forecasts.csv:8 interval_minutes: "0" must be more than 0',
      'forecasts.csv:8 channel: "fax" is not one of phone, email, chat, messaging, social, web, other',
      'forecasts.csv:8 volume: "-3" is negative',
      'forecasts.csv:8 aht_seconds: "0" must be more than 0',
      'forecasts.csv:9: has 5 fields, the header has 6',
      'forecasts.csv:10 interval_start: the same interval, channel and queue as line 2',
    ]);
    expect(f.errors[1]).toEqual({
      file: 'forecasts.csv',
      line: 6,
      field: 'volume',
      message: '"abc" is not a number',
    });
    expect(f.records.map((r) => r.line)).toEqual([2, 11]);
  });

  it('refuses a header without the required columns', () => {
    const f = parseForecasts('interval_start;channel;volume\n2026-03-02T08:00:00+01:00;phone;4\n', 'f.csv');
    expect(f.errors.map(formatRowError)).toEqual([
      'f.csv:1 interval_minutes: missing column',
      'f.csv:1 aht_seconds: missing column',
    ]);
    expect(f.records).toEqual([]);
  });

  it('reads the example file of one day of 30-minute intervals', () => {
    const path = resolve(import.meta.dirname, '../../examples/forecasts.csv');
    const f = parseForecasts(readFileSync(path, 'utf8'), 'examples/forecasts.csv');
    expect(f.errors).toEqual([]);
    expect(f.records.length).toBeGreaterThanOrEqual(20);
    expect(new Set(f.records.map((r) => r.intervalMinutes))).toEqual(new Set([30]));
  });
});
