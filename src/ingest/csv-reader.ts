/**
 * A streaming CSV reader for what real exports contain: UTF-8 BOM, CRLF or LF, quoted fields with
 * separators, doubled quotes and newlines, `;` (Dutch/German Excel) or tab instead of `,`, empty lines.
 * Each record carries the physical line on which it starts, so that errors can name it.
 *
 * The parser is fed text chunk by chunk and keeps only the unfinished record between chunks, so memory
 * stays flat however large the file.
 */

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  readonly line: number;
  readonly values: string[];
  /**
   * Why the record is broken, when it is: a quote never closed. Such a record ends at the end of the
   * physical line on which the quote opened (its `line`), and reading goes on with the next line.
   */
  readonly problem?: string;
}

/** The problem of a record whose quoted field is never closed. */
export const unclosedQuote = (line: number) => `a quoted field opened on line ${line} is never closed`;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Picks the separator that occurs most often outside quotes in the header line. */
export function detectSeparator(headerLine: string): string {
  let inQuotes = false;
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  for (const ch of headerLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch in counts) counts[ch] = (counts[ch] ?? 0) + 1;
  }
  let best = ',';
  for (const sep of [';', '\t']) if ((counts[sep] ?? 0) > (counts[best] ?? 0)) best = sep;
  return best;
}

/**
 * Takes a whole line s[start, end) (no quotes, no line break in it) before it is split into values;
 * returns true when it has dealt with the line, which then yields no record.
 */
export type CsvLineHook = (s: string, start: number, end: number, line: number) => boolean;

/** Takes each record as soon as it is complete, instead of returning it from push() or end(). */
export type CsvRecordHook = (record: CsvRecord) => void;

export class CsvParser {
  private rest = '';
  private line = 1;
  private separator: number | undefined;
  private started = false;
  /** The held-back text ends inside a quoted field: a chunk without a quote cannot complete it. */
  private waitingForQuote = false;
  /** Values of the first record (the header); 0 until it is read. */
  private width = 0;
  /**
   * Offered every plain line first (see CsvLineHook). Set it together with recordHook, so that the
   * lines it takes and the records of the others are dealt with in the order of the file.
   */
  lineHook: CsvLineHook | undefined;
  recordHook: CsvRecordHook | undefined;

  constructor(separator?: string) {
    if (separator !== undefined) this.separator = separator.charCodeAt(0);
  }

  /** Feeds a chunk of text; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    // Only a quote can end an open quoted field: until one comes, chunks are only held (a quote that is
    // never closed would otherwise have the held text parsed again with every chunk).
    if (this.waitingForQuote && chunk.indexOf('"') < 0) {
      this.rest += chunk;
      return [];
    }
    this.waitingForQuote = false;
    let text = this.rest + chunk;
    if (!this.started) {
      if (text.length === 0) return [];
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.started = true;
    }
    if (this.separator === undefined) {
      const nl = text.indexOf('\n');
      if (nl < 0) {
        this.rest = text;
        return [];
      }
      this.separator = detectSeparator(text.slice(0, nl)).charCodeAt(0);
    }
    const out: CsvRecord[] = [];
    const consumed = this.parse(text, false, out);
    this.rest = text.slice(consumed);
    return out;
  }

  /** The separator's character code, once known (from the header line). */
  get separatorCode(): number | undefined {
    return this.separator;
  }

  /** Whether text of an unfinished record is held back for the next chunk. */
  holdsText(): boolean {
    return this.rest.length > 0;
  }

  /** Ends the input; returns the last record if the text did not end with a newline. */
  end(): CsvRecord[] {
    const text = this.rest;
    this.rest = '';
    if (text.length === 0) return [];
    if (this.separator === undefined) this.separator = detectSeparator(text).charCodeAt(0);
    const out: CsvRecord[] = [];
    this.parse(text, true, out);
    return out;
  }

  /** Parses complete records of `text` into `out`; returns how many characters were consumed. */
  private parse(text: string, final: boolean, out: CsvRecord[]): number {
    const sep = this.separator!;
    const sepText = String.fromCharCode(sep);
    const n = text.length;
    let pos = 0;
    // Where the next quote and CR are: a line with neither is split natively, about twice as fast as
    // walking it character by character.
    let quote = -1;
    let cr = -1;
    while (pos < n) {
      const nl = text.indexOf('\n', pos);
      if (nl >= 0) {
        if (quote < pos) quote = indexOrEnd(text, '"', pos);
        if (cr < pos) cr = indexOrEnd(text, '\r', pos);
        if (quote > nl && cr > nl) {
          const startLine = this.line++;
          if (nl > pos && (this.lineHook === undefined || !this.lineHook(text, pos, nl, startLine))) {
            const record = { line: startLine, values: text.slice(pos, nl).split(sepText) };
            if (this.width === 0) this.width = record.values.length;
            if (this.recordHook === undefined) out.push(record);
            else this.recordHook(record);
          }
          pos = nl + 1;
          continue;
        }
      }
      const startLine = this.line;
      const values: string[] = [];
      let i = pos;
      let lines = 0;
      let complete = false;
      let waiting = false;
      let broken: CsvRecord | undefined;
      // The first quoted field that spans a line break: where its quote is, the lines and values before it.
      let spanQuote = -1;
      let spanLines = 0;
      let spanValues = 0;
      let spanTail = false;
      // One record: fields until an unquoted newline or the end of the text.
      for (;;) {
        if (i < n && text.charCodeAt(i) === QUOTE) {
          let value = '';
          let j = i + 1;
          let closed = false;
          let quoteAtEnd = false;
          for (;;) {
            const q = text.indexOf('"', j);
            if (q < 0) break;
            value += text.slice(j, q);
            if (text.charCodeAt(q + 1) === QUOTE) {
              value += '"';
              j = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) {
              quoteAtEnd = true; // the next chunk may start with a second quote
              break;
            }
            j = q + 1;
            closed = true;
            break;
          }
          if (!closed) {
            if (!final) {
              waiting = !quoteAtEnd;
              break;
            }
            // Never closed: the record is broken and ends with the quote's physical line; reading goes
            // on with the next line, so that one stray quote does not swallow the rest of the file. When
            // an earlier field of the record spans lines, its quote is the stray one (see below).
            const quote = spanQuote >= 0 ? spanQuote : i;
            if (spanQuote >= 0) {
              lines = spanLines;
              values.length = spanValues;
            }
            const quoteLine = startLine + lines;
            let e = quote + 1;
            while (e < n && text.charCodeAt(e) !== LF && text.charCodeAt(e) !== CR) e++;
            values.push(text.slice(quote + 1, e));
            broken = { line: quoteLine, values, problem: unclosedQuote(quoteLine) };
            if (e < n) e += text.charCodeAt(e) === CR && text.charCodeAt(e + 1) === LF ? 2 : 1;
            i = e;
            lines++;
            complete = true;
            break;
          }
          const newlines = countNewlines(value);
          if (newlines > 0 && spanQuote < 0) {
            spanQuote = i;
            spanLines = lines;
            spanValues = values.length;
          }
          lines += newlines;
          // Anything between the closing quote and the separator is kept, as spreadsheets do.
          let k = j;
          while (k < n) {
            const c = text.charCodeAt(k);
            if (c === sep || c === LF || c === CR) break;
            k++;
          }
          if (k > j) {
            value += text.slice(j, k);
            if (spanQuote >= 0 && values.length === spanValues) spanTail = true;
          }
          values.push(value);
          i = k;
        } else {
          let k = i;
          while (k < n) {
            const c = text.charCodeAt(k);
            if (c === sep || c === LF || c === CR) break;
            k++;
          }
          values.push(text.slice(i, k));
          i = k;
        }
        if (i >= n) {
          if (!final) return pos;
          complete = true;
          break;
        }
        const c = text.charCodeAt(i);
        if (c === sep) {
          i++;
          continue;
        }
        // End of line: CRLF, LF or a lone CR.
        if (c === CR) {
          if (i + 1 >= n && !final) return pos;
          i += text.charCodeAt(i + 1) === LF ? 2 : 1;
        } else {
          i++;
        }
        lines++;
        complete = true;
        break;
      }
      if (!complete) {
        this.waitingForQuote = waiting;
        return pos;
      }
      // A quoted field spans lines only when its closing quote ends the field and its record has the header's
      // number of values: otherwise its quote is a stray one that met another quote further on (which would
      // swallow the lines between). It is then read as never closed: the record ends with the quote's
      // physical line, and the lines after it are read again as records.
      if (
        broken === undefined &&
        spanQuote >= 0 &&
        (spanTail || (this.width > 0 && values.length !== this.width))
      ) {
        const quoteLine = startLine + spanLines;
        let e = spanQuote + 1;
        while (e < n && text.charCodeAt(e) !== LF && text.charCodeAt(e) !== CR) e++;
        values.length = spanValues;
        values.push(text.slice(spanQuote + 1, e));
        broken = { line: quoteLine, values, problem: unclosedQuote(quoteLine) };
        if (e < n) e += text.charCodeAt(e) === CR && text.charCodeAt(e + 1) === LF ? 2 : 1;
        i = e;
        lines = spanLines + 1;
      }
      this.line = startLine + lines;
      pos = i;
      if (broken !== undefined) {
        if (this.recordHook === undefined) out.push(broken);
        else this.recordHook(broken);
      } else if (!(values.length === 1 && values[0] === '')) {
        if (this.width === 0) this.width = values.length;
        if (this.recordHook === undefined) out.push({ line: startLine, values });
        else this.recordHook({ line: startLine, values });
      }
    }
    return pos;
  }
}

function indexOrEnd(text: string, search: string, from: number): number {
  const i = text.indexOf(search, from);
  return i < 0 ? text.length : i;
}

function countNewlines(s: string): number {
  let count = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) count++;
  // A lone CR is a line end too.
  for (let i = s.indexOf('\r'); i >= 0; i = s.indexOf('\r', i + 1)) if (s.charCodeAt(i + 1) !== LF) count++;
  return count;
}

/** Parses a whole CSV text at once (small files, tests). */
export function parseCsv(text: string, separator?: string): CsvRecord[] {
  const p = new CsvParser(separator);
  return [...p.push(text), ...p.end()];
}

/** Reads CSV records from a stream of bytes, decoding UTF-8 as it goes (invalid bytes become U+FFFD). */
export async function* readCsvRecords(
  bytes: AsyncIterable<Uint8Array | string>,
  separator?: string,
): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvParser(separator);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of bytes) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const records = parser.push(text);
    if (records.length > 0) yield records;
  }
  const tail = parser.push(decoder.decode());
  const last = [...tail, ...parser.end()];
  if (last.length > 0) yield last;
}
