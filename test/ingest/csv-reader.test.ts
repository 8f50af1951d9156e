import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, parseCsv, readCsvRecords } from '../../src/ingest/csv-reader.js';
import { formatCsvRow } from '../../src/ingest/csv-writer.js';

const rows = (text: string, sep?: string) => parseCsv(text, sep).map((r) => [r.line, ...r.values]);

describe('CSV reader', () => {
  it('reads plain rows with their line numbers', () => {
    expect(rows('a,b,c\n1,2,3\n4,5,6\n')).toEqual([
      [1, 'a', 'b', 'c'],
      [2, '1', '2', '3'],
      [3, '4', '5', '6'],
    ]);
  });

  it('strips a UTF-8 BOM and handles CRLF, a lone CR and no final newline', () => {
    expect(rows('\uFEFFid,x\r\n1,a\r2,b')).toEqual([
      [1, 'id', 'x'],
      [2, '1', 'a'],
      [3, '2', 'b'],
    ]);
  });

  it('reads quoted fields with separators, doubled quotes and newlines, and counts physical lines', () => {
    expect(rows('id,comment\n1,"Hello, ""world"""\n2,"two\nlines\r\nhere"\n3,x\n')).toEqual([
      [1, 'id', 'comment'],
      [2, '1', 'Hello, "world"'],
      [3, '2', 'two\nlines\r\nhere'],
      [6, '3', 'x'],
    ]);
  });

  it('detects ; and tab separators from the header', () => {
    expect(rows('id;amount\n1;"3,50"\n')).toEqual([
      [1, 'id', 'amount'],
      [2, '1', '3,50'],
    ]);
    expect(rows('id\tx\n1\ty\n')).toEqual([
      [1, 'id', 'x'],
      [2, '1', 'y'],
    ]);
  });

  it('skips empty lines but keeps counting them', () => {
    expect(rows('a,b\n\n1,2\n\r\n\n3,4\n')).toEqual([
      [1, 'a', 'b'],
      [3, '1', '2'],
      [6, '3', '4'],
    ]);
  });

  it('keeps empty fields; a quote never closed is a broken record of its own line', () => {
    expect(rows('a,b,c\n,,\n1,"open\n')).toEqual([
      [1, 'a', 'b', 'c'],
      [2, '', '', ''],
      [3, '1', 'open'],
    ]);
    expect(parseCsv('a,b\n1,"open\n2,3\n')[1]).toEqual({
      line: 2,
      values: ['1', 'open'],
      problem: 'a quoted field opened on line 2 is never closed',
    });
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
        // Every record of a file has the header's number of values (a quoted field may span lines only then).
        fc
          .integer({ min: 2, max: 5 })
          .chain((w) =>
            fc.array(fc.array(field, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 5 }),
          ),
        (sep, records) => {
          const text = records.map((r) => formatCsvRow(r, sep)).join('\r\n');
          const back = parseCsv(text, sep).map((r) => r.values);
          expect(back).toEqual(records);
        },
      ),
    );
  });

  it('gives the same records however the text is cut into chunks', () => {
    const text = 'id;comment;n\r\n1;"a ""quoted""; value";1\r\n2;"multi\r\nline";2\n\n3;plain;3\r\n4;"";4';
    const whole = parseCsv(text);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 8 }), (cuts) => {
        const p = new CsvParser();
        const out = [];
        let last = 0;
        for (const c of [...cuts].sort((a, b) => a - b)) {
          out.push(...p.push(text.slice(last, c)));
          last = c;
        }
        out.push(...p.push(text.slice(last)), ...p.end());
        expect(out).toEqual(whole);
      }),
    );
  });

  it('decodes bytes split inside a UTF-8 sequence, and marks invalid bytes with U+FFFD', async () => {
    const bytes = new TextEncoder().encode('name\nJosé\nMüller\n');
    const chunks = [bytes.slice(0, 9), bytes.slice(9)]; // cuts "é" in two
    const got = [];
    for await (const batch of readCsvRecords(
      (async function* () {
        yield* chunks;
      })(),
    ))
      got.push(...batch);
    expect(got.map((r) => r.values[0])).toEqual(['name', 'José', 'Müller']);
    const bad = new Uint8Array([...new TextEncoder().encode('name\n'), 0x4d, 0xfc, 0x6c, 0x0a]); // Latin-1 "Mül"
    const got2 = [];
    for await (const batch of readCsvRecords(
      (async function* () {
        yield bad;
      })(),
    ))
      got2.push(...batch);
    expect(got2[1]?.values[0]).toBe('M\uFFFDl');
  });
});
