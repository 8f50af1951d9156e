/**
 * A small RFC 4180 CSV reader for whole files held in memory (forecasts and other small inputs): quoted
 * fields with separators, doubled quotes and line breaks; a UTF-8 BOM; CRLF, LF or a lone CR; `;` as the
 * separator when the header line has more `;` than `,` (Dutch and German Excel); empty lines skipped.
 * Every record carries the physical line on which it starts, so that errors can name it. A malformed
 * record (an unterminated quote, text after a closing quote) is kept with a `problem` instead of stopping
 * the file: the caller reports it with its line and goes on with the rest.
 */

export type CsvSeparator = ',' | ';';

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
  /** Why the record is malformed, or null. */
  readonly problem: string | null;
}

export interface CsvTable {
  readonly separator: CsvSeparator;
  /** The header's column names, trimmed; empty for an empty file. */
  readonly header: readonly string[];
  readonly headerLine: number;
  readonly headerProblem: string | null;
  /** The data records after the header. */
  readonly records: readonly CsvRecord[];
}

const BOM = '\uFEFF';

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** `;` when the first non-empty line has more semicolons than commas outside quotes, else `,`. */
export function detectSeparator(text: string): CsvSeparator {
  const body = stripBom(text);
  let commas = 0;
  let semicolons = 0;
  let inQuotes = false;
  let seen = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) {
      if (seen) break;
    } else if (!inQuotes && c === ',') commas++;
    else if (!inQuotes && c === ';') semicolons++;
    if (c !== '\n' && c !== '\r' && c !== ' ' && c !== '\t') seen = true;
  }
  return semicolons > commas ? ';' : ',';
}

/** Every non-empty record of the text, header included. */
export function readCsvRecords(text: string, separator: CsvSeparator = detectSeparator(text)): CsvRecord[] {
  const s = stripBom(text);
  const n = s.length;
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let problem: string | null = null;
    let quoted = false;
    for (;;) {
      let value = '';
      if (s[i] === '"') {
        quoted = true;
        const opened = line;
        let closed = false;
        i++;
        while (i < n) {
          const c = s[i];
          if (c === '"') {
            if (s[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n' || (c === '\r' && s[i + 1] !== '\n')) line++;
          value += c;
          i++;
        }
        if (!closed) problem ??= `a quoted field opened on line ${opened} is never closed`;
        const after = i;
        while (i < n && s[i] !== separator && s[i] !== '\n' && s[i] !== '\r') i++;
        if (i > after) {
          problem ??= `unexpected text after a closing quote: ${JSON.stringify(s.slice(after, i))}`;
          value += s.slice(after, i);
        }
      } else {
        const from = i;
        while (i < n && s[i] !== separator && s[i] !== '\n' && s[i] !== '\r') i++;
        value = s.slice(from, i);
      }
      fields.push(value);
      if (i >= n) break;
      const c = s[i];
      if (c === separator) {
        i++;
        if (i >= n) {
          fields.push('');
          break;
        }
        continue;
      }
      // End of the record: LF, CRLF or a lone CR.
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
      break;
    }
    const empty = !quoted && fields.length === 1 && (fields[0] ?? '').trim() === '';
    if (!empty) records.push({ line: start, fields, problem });
  }
  return records;
}

/** The header (first non-empty record) and the data records of a CSV text. */
export function parseCsv(text: string, options: { separator?: CsvSeparator } = {}): CsvTable {
  const separator = options.separator ?? detectSeparator(text);
  const all = readCsvRecords(text, separator);
  const [head, ...records] = all;
  return {
    separator,
    header: head === undefined ? [] : head.fields.map((f) => f.trim()),
    headerLine: head?.line ?? 1,
    headerProblem: head?.problem ?? null,
    records,
  };
}

/** One CSV line (without line break); fields with the separator, a quote or a line break are quoted. */
export function formatCsvRow(
  values: readonly (string | number | null)[],
  separator: CsvSeparator = ',',
): string {
  return values
    .map((v) => {
      const text = v === null ? '' : String(v);
      return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(separator);
}
