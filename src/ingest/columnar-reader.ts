/**
 * A column-projecting CSV reader for `accord evaluate --data`: contacts, status events and surveys (the bulk
 * of a month) go from the file's bytes straight into the columns of an `EvaluationData`, without a string
 * or an object per value. The same files read through `readRecordFile` + `normalise` give the same records
 * and the same errors: this reader only takes the rows it is certain about, and hands every other row (a
 * quoted value, a byte outside ASCII or a control character, an unusual spelling, any value `FieldReader`
 * would refuse) to `normalise` as text, which decides and names every problem.
 *
 * - `CsvByteScanner` finds records and fields in the bytes (UTF-8 BOM, CRLF, LF or a lone CR, quoted fields
 *   with separators, doubled quotes and line breaks, `;` or tab as separator, empty lines), with the
 *   physical line each record starts on, exactly as `CsvParser` (csv-reader.ts) splits the decoded text.
 * - Instants of the common shape (`2026-10-05T08:14:02+02:00`, `…Z`, with or without a fraction) are read
 *   from the bytes; values of the text and code columns are looked up by their bytes in a per-column memo
 *   that computed each distinct value once with `FieldReader` (so its rules apply unchanged).
 * - Contact fields the contracts do not read (text columns and attributes) are checked but not kept
 *   (`fields` option).
 */
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  type AttributeColumn,
  type EvaluationData,
  statusCode,
  surveyKindCode,
} from '../domain/evaluation/columns.js';
import {
  CATEGORIES,
  CHANNELS,
  DIRECTIONS,
  PRIORITIES,
  type RecordKind,
  STATUSES,
  SURVEY_KINDS,
} from '../domain/records.js';
import { daysInMonth } from '../domain/time/instant.js';
import { type CsvRecord, detectSeparator, parseCsv, unclosedQuote } from './csv-reader.js';
import { FieldReader } from './fields.js';
import { checkHeader } from './header.js';
import { attributeValue, KNOWN_COLUMNS, type NormaliseContext, normalise } from './normalise.js';
import { columnName, type RecordError } from './read-records.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;

/** Byte classes of the scanner. */
const PLAIN = 0;
const SEPARATOR = 1;
const LINE_END = 2;
const UNUSUAL = 3;

/** Record flags: a quoted field; a byte outside ASCII or a NUL (a value the general way must check). */
export const FLAG_QUOTED = 1;
export const FLAG_UNUSUAL = 2;

/** One record found by the scanner; the same object is reused for every record. */
export class ScannedRecord {
  buf: Buffer = Buffer.alloc(0);
  /** Bytes of the record, line end included. */
  start = 0;
  end = 0;
  /** Number of fields and their byte ranges (raw: a quoted field includes its quotes). */
  count = 0;
  fieldStart = new Int32Array(64);
  fieldEnd = new Int32Array(64);
  flags = 0;
  /** Of a record whose quote is never closed: the index of the field that quote opens. */
  brokenField = -1;
  /** 1-based physical line on which the record starts. */
  line = 0;
  /** Offset in the file just after the record, and the file's size. */
  fileEnd = 0;
  fileSize = 0;
}

export interface CsvRecordSink {
  /** The header's values (decoded, as CsvParser gives them); false stops reading the file. */
  header(values: string[], line: number, problem?: string): boolean;
  record(r: ScannedRecord): void;
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** One record's bytes as CsvParser reads them (null for a record it skips). */
export function recordValues(r: ScannedRecord, separator: string): CsvRecord | null {
  let text = decoder.decode(r.buf.subarray(r.start, r.end));
  // CsvParser drops a BOM only at the start of the file (handled by the scanner): keep one here.
  if (text.charCodeAt(0) === 0xfeff) text = `\n${text}`;
  const record = parseCsv(text, separator)[0];
  if (record === undefined) return null;
  // The scanner knows the record's line in the file; a broken record's problem names it.
  return record.problem === undefined ? record : { ...record, problem: unclosedQuote(r.line) };
}

/**
 * Finds the records of a CSV file in its bytes, reading it in chunks; memory holds one chunk (and a record
 * that does not fit, when there is one). `onBytes` sees every byte of the file once, in order.
 */
export class CsvByteScanner {
  private buf: Buffer;
  private len = 0;
  private pos = 0;
  /** Whether the bytes read so far from `pos` are all ASCII without NUL (then no byte needs a second look). */
  private clean = false;
  /** File offset of buf[0]. */
  private base = 0;
  private eof = false;
  private fd = -1;
  /** Separator byte (`,` `;` or tab) and its text. */
  separator = 44;
  private readonly classes = new Uint8Array(256);
  private line = 1;
  private readonly rec = new ScannedRecord();
  /** Fields of the first whole record (the header); 0 until it is read. */
  private width = 0;

  constructor(
    private readonly file: string,
    private readonly onBytes?: (bytes: Uint8Array) => void,
    chunkSize = 1 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(chunkSize);
  }

  /** Reads more bytes behind what is left; false at the end of the file. */
  private fill(): boolean {
    if (this.eof) return false;
    if (this.pos > 0) {
      this.base += this.pos;
      this.buf.copyWithin(0, this.pos, this.len);
      this.len -= this.pos;
      this.pos = 0;
    }
    if (this.len === this.buf.length) {
      const grown = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(grown, 0, 0, this.len);
      this.buf = grown;
    }
    const n = readSync(this.fd, this.buf, this.len, this.buf.length - this.len, null);
    if (n === 0) {
      this.eof = true;
      return false;
    }
    this.onBytes?.(this.buf.subarray(this.len, this.len + n));
    this.len += n;
    // Native checks of the whole buffer, far cheaper than a look at each byte.
    const nul = this.buf.indexOf(0, this.pos);
    this.clean = (nul < 0 || nul >= this.len) && isAscii(this.buf.subarray(this.pos, this.len));
    return true;
  }

  /** Reads the whole file into the sink. Throws the file system's error when the file cannot be read. */
  run(sink: CsvRecordSink): void {
    this.fd = openSync(this.file, 'r');
    try {
      this.rec.fileSize = fstatSync(this.fd).size;
      this.scan(sink);
    } finally {
      closeSync(this.fd);
    }
  }

  private scan(sink: CsvRecordSink): void {
    this.fill();
    while (!this.eof && this.len < 3) this.fill();
    if (this.len >= 3 && this.buf[0] === 0xef && this.buf[1] === 0xbb && this.buf[2] === 0xbf) this.pos = 3;
    // CsvParser picks the separator from the text before the first LF (the whole text without one).
    const firstLf = () => {
      const k = this.buf.indexOf(LF, this.pos);
      return k >= 0 && k < this.len ? k : -1;
    };
    let lf = firstLf();
    while (lf < 0 && this.fill()) lf = firstLf();
    if (this.pos >= this.len) return;
    const headText = this.buf.toString('latin1', this.pos, lf < 0 ? this.len : lf);
    const sep = detectSeparator(headText);
    this.separator = sep.charCodeAt(0);
    const classes = this.classes;
    // A quote inside a field is a plain character (as CsvParser reads it); other control characters too
    // (the general way's trim and checks apply to them through FieldReader).
    for (let c = 0; c < 256; c++) classes[c] = c === 0 || c >= 128 ? UNUSUAL : PLAIN;
    classes[LF] = LINE_END;
    classes[CR] = LINE_END;
    classes[this.separator] = SEPARATOR;

    for (;;) {
      if (this.pos >= this.len && !this.fill()) break;
      let end = this.parseRecord();
      if (end < 0) {
        if (this.fill()) continue;
        // The end of the file completes what is left.
        end = this.parseRecord();
        if (end < 0) break;
      }
      if (!this.deliver(sink, sep)) return;
      this.pos = end;
    }
  }

  private headerSeen = false;

  /** Hands the parsed record to the sink; false when the sink wants no more. */
  private deliver(sink: CsvRecordSink, sep: string): boolean {
    const rec = this.rec;
    // An empty line is no record (CsvParser skips a record whose only value is empty).
    if (rec.count === 1 && rec.fieldStart[0] === rec.fieldEnd[0]) return true;
    if (!this.headerSeen) {
      const record = recordValues(rec, sep);
      if (record === null) return true;
      this.headerSeen = true;
      return sink.header(record.values, rec.line, record.problem);
    }
    sink.record(rec);
    return true;
  }

  /**
   * Parses the record at `pos` into `rec`; returns the position after it, or -1 when the bytes read so far
   * end inside it (then the caller reads more, or at the end of the file parses it as the last).
   */
  private parseRecord(): number {
    const buf = this.buf;
    const len = this.len;
    const final = this.eof;
    const classes = this.classes;
    const clean = this.clean;
    const sep = this.separator;
    const rec = this.rec;
    let fieldStart = rec.fieldStart;
    let fieldEnd = rec.fieldEnd;
    let i = this.pos;
    let count = 0;
    let flags = 0;
    let lines = 0;
    // The first quoted field that spans a line break: its quote and the lines before it (see CsvParser).
    let spanQuote = -1;
    let spanLines = 0;
    let spanField = 0;
    let spanTail = false;
    for (;;) {
      const from = i;
      if (i < len && buf[i] === QUOTE) {
        flags |= FLAG_QUOTED;
        const linesBefore = lines;
        let j = i + 1;
        for (;;) {
          let q = j;
          while (q < len) {
            const c = buf[q]!;
            if (c === QUOTE) break;
            if (c === LF) lines++;
            else if (c === CR && (q + 1 >= len || buf[q + 1] !== LF)) lines++;
            q++;
          }
          if (q >= len) {
            if (!final) return -1;
            // Never closed: the record ends with the quote's physical line (as CsvParser reads it), or
            // with that of an earlier field's quote when that one spans lines.
            return spanQuote >= 0
              ? this.brokenRecord(spanQuote, spanLines, spanField)
              : this.brokenRecord(i, linesBefore, count);
          }
          if (q + 1 < len && buf[q + 1] === QUOTE) {
            j = q + 2;
            continue;
          }
          if (q + 1 >= len && !final) return -1; // the next chunk may start with a second quote
          j = q + 1;
          break;
        }
        const spans = lines > linesBefore && spanQuote < 0;
        if (spans) {
          spanQuote = i;
          spanLines = linesBefore;
          spanField = count;
        }
        // Anything between the closing quote and the separator is kept, as spreadsheets do.
        i = j;
        while (i < len) {
          const k = classes[buf[i]!]!;
          if (k === SEPARATOR || k === LINE_END) break;
          i++;
        }
        if (spans && i > j) spanTail = true;
      } else if (clean) {
        while (i < len) {
          const c = buf[i]!;
          if (c === sep || c === LF || c === CR) break;
          i++;
        }
      } else {
        while (i < len) {
          const k = classes[buf[i]!]!;
          if (k === PLAIN) i++;
          else if (k === UNUSUAL) {
            flags |= FLAG_UNUSUAL;
            i++;
          } else break;
        }
      }
      if (count === fieldStart.length) {
        const s = new Int32Array(count * 2);
        s.set(fieldStart);
        const e = new Int32Array(count * 2);
        e.set(fieldEnd);
        rec.fieldStart = fieldStart = s;
        rec.fieldEnd = fieldEnd = e;
      }
      fieldStart[count] = from;
      fieldEnd[count] = i;
      count++;
      if (i >= len) {
        if (!final) return -1;
        break;
      }
      const c = buf[i]!;
      if (c === this.separator) {
        i++;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= len && !final) return -1;
        i += i + 1 < len && buf[i + 1] === LF ? 2 : 1;
      } else i++;
      lines++;
      break;
    }
    // A quoted field spans lines only within a record of the header's width; else its quote is a stray one.
    if (spanQuote >= 0 && (spanTail || (this.width > 0 && count !== this.width)))
      return this.brokenRecord(spanQuote, spanLines, spanField);
    // The width is that of the first whole record that is not an empty line (the header), as CsvParser has it.
    if (this.width === 0 && !(count === 1 && fieldStart[0] === fieldEnd[0])) this.width = count;
    rec.buf = buf;
    rec.start = this.pos;
    rec.end = i;
    rec.count = count;
    rec.flags = flags;
    rec.line = this.line;
    rec.fileEnd = this.base + i;
    this.line += lines;
    return i;
  }

  /**
   * The record at `pos` whose quote at `quote` is never closed: it ends with the quote's physical line,
   * starts (for its line number) on that line, and goes the general way, which reports it.
   */
  private brokenRecord(quote: number, linesBefore: number, field: number): number {
    const buf = this.buf;
    const len = this.len;
    let e = quote + 1;
    while (e < len && buf[e] !== LF && buf[e] !== CR) e++;
    if (e < len) e += buf[e] === CR && e + 1 < len && buf[e + 1] === LF ? 2 : 1;
    const rec = this.rec;
    rec.buf = buf;
    // From the quote on: what CsvParser makes of it is one broken record.
    rec.start = quote;
    rec.end = e;
    rec.count = 1;
    rec.fieldStart[0] = quote;
    rec.fieldEnd[0] = e;
    rec.flags = FLAG_QUOTED;
    rec.brokenField = field;
    rec.line = this.line + linesBefore;
    rec.fileEnd = this.base + e;
    this.line = rec.line + 1;
    return e;
  }
}

/** The bytes [s, e) as text; only called on printable ASCII, where Latin-1 and UTF-8 agree. */
function ascii(buf: Buffer, s: number, e: number): string {
  return buf.toString('latin1', s, e);
}

/**
 * Values of one column met so far: the bytes of each distinct value → a result computed once from its text
 * (a code, or -1 when the row must take the general way). An open-addressing table whose slots hold the
 * hash, the value's place in a byte pool and the result, so that a lookup reads one slot.
 */
class ColumnMemo {
  private pool = new Uint8Array(1024);
  private used = 0;
  private hashes = new Int32Array(64);
  private offsets = new Int32Array(64);
  /** Length + 1 of the slot's value; 0 = empty slot. */
  private lengths = new Int32Array(64);
  private results = new Int32Array(64);
  private mask = 63;
  private count = 0;
  /**
   * A direct-mapped cache in front of the table, by length and first and last byte: a column of a few
   * distinct values is answered after one comparison, without hashing.
   */
  private readonly cacheLength = new Int32Array(64).fill(-1);
  private readonly cacheOffset = new Int32Array(64);
  private readonly cacheResult = new Int32Array(64);

  constructor(private readonly compute: (text: string) => number) {}

  /** The result for the (non-empty) value buf[s, e). */
  get(buf: Buffer, s: number, e: number): number {
    const n = e - s;
    const pool = this.pool;
    const c = (n * 7 + buf[s]! * 31 + buf[e - 1]!) & 63;
    if (this.cacheLength[c] === n) {
      const o = this.cacheOffset[c]!;
      let i = n - 1;
      while (i >= 0 && pool[o + i] === buf[s + i]) i--;
      if (i < 0) return this.cacheResult[c]!;
    }
    let h = 0x811c9dc5 | 0;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const len = this.lengths[slot]! - 1;
      if (len < 0) break;
      if (len === n && this.hashes[slot] === h) {
        const o = this.offsets[slot]!;
        let i = n - 1;
        while (i >= 0 && pool[o + i] === buf[s + i]) i--;
        if (i < 0) {
          this.cacheLength[c] = n;
          this.cacheOffset[c] = o;
          return (this.cacheResult[c] = this.results[slot]!);
        }
      }
      slot = (slot + 1) & mask;
    }
    const result = this.compute(ascii(buf, s, e));
    this.add(buf, s, e, h, result);
    return result;
  }

  private add(buf: Buffer, s: number, e: number, h: number, result: number): void {
    const n = e - s;
    if (this.used + n > this.pool.length) {
      const grown = new Uint8Array(Math.max(this.pool.length * 2, this.used + n));
      grown.set(this.pool.subarray(0, this.used));
      this.pool = grown;
    }
    const o = this.used;
    this.pool.set(buf.subarray(s, e), o);
    this.used += n;
    if ((this.count + 1) * 2 > this.lengths.length) this.grow();
    let slot = h & this.mask;
    while (this.lengths[slot] !== 0) slot = (slot + 1) & this.mask;
    this.hashes[slot] = h;
    this.offsets[slot] = o;
    this.lengths[slot] = n + 1;
    this.results[slot] = result;
    this.count++;
  }

  private grow(): void {
    const { hashes, offsets, lengths, results } = this;
    const size = lengths.length * 2;
    this.hashes = new Int32Array(size);
    this.offsets = new Int32Array(size);
    this.lengths = new Int32Array(size);
    this.results = new Int32Array(size);
    this.mask = size - 1;
    for (let k = 0; k < lengths.length; k++) {
      if (lengths[k] === 0) continue;
      let slot = hashes[k]! & this.mask;
      while (this.lengths[slot] !== 0) slot = (slot + 1) & this.mask;
      this.hashes[slot] = hashes[k]!;
      this.offsets[slot] = offsets[k]!;
      this.lengths[slot] = lengths[k]!;
      this.results[slot] = results[k]!;
    }
  }
}

/** A FieldReader over one value: what the general way makes of it. */
const reader = (field: string, text: string) => new FieldReader({ [field]: text });

/** Epoch day of a proleptic Gregorian date (as Date.UTC counts). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Epoch day of the first of each month of 1900–2199 (index (year − 1900) × 12 + month − 1), and its length. */
const MONTH_START = new Float64Array(300 * 12);
const MONTH_DAYS = new Uint8Array(300 * 12);
for (let y = 1900; y < 2200; y++) {
  for (let m = 1; m <= 12; m++) {
    MONTH_START[(y - 1900) * 12 + m - 1] = daysFromCivil(y, m, 1);
    MONTH_DAYS[(y - 1900) * 12 + m - 1] = daysInMonth(y, m);
  }
}

/** The epoch day of a date (NaN when it does not exist). */
function epochDay(year: number, month: number, day: number): number {
  if (year >= 1900 && year < 2200) {
    const k = (year - 1900) * 12 + month - 1;
    return day <= MONTH_DAYS[k]! ? MONTH_START[k]! + day - 1 : Number.NaN;
  }
  return day <= daysInMonth(year, month) ? daysFromCivil(year, month, day) : Number.NaN;
}

/** The decimal digit at i (0–9), or a value above 9. */
const digit = (b: Uint8Array, i: number) => (b[i]! - 48) >>> 0;

/**
 * An instant of the common shapes (`2026-10-05T08:14:02+02:00`, `+0200`, `+02`, `…Z`, any with a fraction of a second)
 * read from bytes [s, e): epoch milliseconds exactly as parseInstant gives them, or NaN for anything else.
 */
export function instantAt(b: Uint8Array, s: number, e: number): number {
  if (e - s < 20) return Number.NaN;
  const y0 = digit(b, s);
  const y1 = digit(b, s + 1);
  const y2 = digit(b, s + 2);
  const y3 = digit(b, s + 3);
  const mo0 = digit(b, s + 5);
  const mo1 = digit(b, s + 6);
  const d0 = digit(b, s + 8);
  const d1 = digit(b, s + 9);
  const h0 = digit(b, s + 11);
  const h1 = digit(b, s + 12);
  const mi0 = digit(b, s + 14);
  const mi1 = digit(b, s + 15);
  const s0 = digit(b, s + 17);
  const s1 = digit(b, s + 18);
  const t = b[s + 10];
  if (
    y0 > 9 ||
    y1 > 9 ||
    y2 > 9 ||
    y3 > 9 ||
    mo0 > 9 ||
    mo1 > 9 ||
    d0 > 9 ||
    d1 > 9 ||
    h0 > 9 ||
    h1 > 9 ||
    mi0 > 9 ||
    mi1 > 9 ||
    s0 > 9 ||
    s1 > 9 ||
    b[s + 4] !== 45 ||
    b[s + 7] !== 45 ||
    (t !== 84 && t !== 116 && t !== 32) ||
    b[s + 13] !== 58 ||
    b[s + 16] !== 58
  ) {
    return Number.NaN;
  }
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  const second = s0 * 10 + s1;
  // Years before 100 would take Date.UTC's 1900 + year reading: leave them to parseInstant.
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return Number.NaN;
  const days = epochDay(year, month, day);
  if (Number.isNaN(days)) return Number.NaN;
  let i = s + 19;
  let millis = 0;
  let c = i < e ? b[i]! : -1;
  if (c === 46 || c === 44) {
    let count = 0;
    for (i++; i < e; i++) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) break;
      if (count < 3) millis += d * (count === 0 ? 100 : count === 1 ? 10 : 1);
      count++;
    }
    if (count === 0 || count > 9) return Number.NaN;
    c = i < e ? b[i]! : -1;
  }
  let offset = 0;
  if (c === 90 || c === 122) {
    if (i + 1 !== e) return Number.NaN;
  } else if (c === 43 || c === 45) {
    const oh0 = digit(b, i + 1);
    const oh1 = digit(b, i + 2);
    let om0: number;
    let om1: number;
    if (b[i + 3] === 58) {
      if (i + 6 !== e) return Number.NaN;
      om0 = digit(b, i + 4);
      om1 = digit(b, i + 5);
    } else if (i + 3 === e) {
      // `+02`, as PostgreSQL writes a whole-hour offset
      om0 = 0;
      om1 = 0;
    } else {
      if (i + 5 !== e) return Number.NaN;
      om0 = digit(b, i + 3);
      om1 = digit(b, i + 4);
    }
    if (oh0 > 9 || oh1 > 9 || om0 > 9 || om1 > 9) return Number.NaN;
    const oh = oh0 * 10 + oh1;
    const om = om0 * 10 + om1;
    if (oh > 23 || om > 59) return Number.NaN;
    offset = (c === 45 ? -1 : 1) * (oh * 60 + om);
  } else {
    return Number.NaN;
  }
  return days * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + millis - offset * 60_000;
}

/** FieldReader.number options of the columns read here. */
const WHOLE_AT_LEAST_0 = { min: 0, integer: true } as const;
const AT_LEAST_0 = { min: 0 } as const;
const ANY_NUMBER = {} as const;

/** Marks a value the fast way cannot take (the row goes the general way). */
const FAIL = Number.NEGATIVE_INFINITY;

/**
 * A number as FieldReader.number reads it, from bytes [s, e) of printable ASCII: NaN when empty, FAIL when
 * refused (or unusual).
 */
function numberAt(b: Buffer, s: number, e: number, options: { integer?: boolean; min?: number }): number {
  if (s === e) return Number.NaN;
  let n = 0;
  let i = s;
  for (; i < e; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  if (i === e && e - s <= 15) {
    if (options.min !== undefined && n < options.min) return FAIL;
    return n;
  }
  const text = ascii(b, s, e);
  const r = reader('n', text);
  const v = r.number('n', options);
  return r.problems.length > 0 || v === null ? FAIL : v;
}

/** ASCII white space as String.prototype.trim removes it: tab, LF, VT, FF, CR and space. */
const isSpace = (c: number) => c === SPACE || (c >= 9 && c <= 13);

/** The bytes of a required text value without surrounding white space, or false when blank. */
function trimmed(b: Uint8Array, r: { s: number; e: number }): boolean {
  let s = r.s;
  let e = r.e;
  while (s < e && isSpace(b[s]!)) s++;
  while (e > s && isSpace(b[e - 1]!)) e--;
  r.s = s;
  r.e = e;
  return s < e;
}

export type ColumnarKind = 'contacts' | 'status_events' | 'surveys';
export const COLUMNAR_KINDS: ReadonlySet<RecordKind> = new Set(['contacts', 'status_events', 'surveys']);

export interface ColumnarReadOptions {
  readonly file: string;
  readonly kind: ColumnarKind;
  readonly data: EvaluationData;
  readonly context: NormaliseContext;
  /**
   * The contact fields the contracts read (`fieldsUsed` in src/domain/evaluation/population.ts): queue,
   * segment, agent and attribute columns outside it are not kept. Undefined keeps them all.
   */
  readonly fields?: ReadonlySet<string> | undefined;
  /** Sees every byte of the file once, in order (for the input digest). */
  readonly onBytes?: ((bytes: Uint8Array) => void) | undefined;
  /** Bytes read at a time (tests use small chunks to cross chunk boundaries everywhere). */
  readonly chunkSize?: number;
}

/** The general way for one record, and the bookkeeping every kind shares. */
abstract class KindSink implements CsvRecordSink {
  columns: string[] = [];
  readonly errors: RecordError[] = [];
  protected readonly range = { s: 0, e: 0 };

  constructor(
    protected readonly opts: ColumnarReadOptions,
    protected readonly separator: () => string,
  ) {}

  header(values: string[], line: number, broken?: string): boolean {
    this.opts.data.keys.rewind();
    this.columns = values.map(columnName);
    const check = checkHeader(this.opts.kind, this.columns);
    // A missing required column is the file's one error, as for accord ingest (whose rows it only counts).
    const problem = broken === undefined ? (check.problem ?? check.missing) : `header: ${broken}`;
    if (problem) {
      // A header with a quote never closed cannot say which column is which: no field to name.
      const field = broken === undefined ? check.field : null;
      this.errors.push({ file: this.opts.file, line, field, message: problem });
      return false;
    }
    this.prepare();
    return true;
  }

  protected column(name: string): number {
    return this.columns.indexOf(name);
  }

  protected abstract prepare(): void;
  /** Stores a record of printable ASCII with as many fields as the header; false to take the general way. */
  protected abstract fast(r: ScannedRecord): boolean;

  private seen = 0;

  /** Makes room for about `rows` more records (estimated from the file's size and line lengths). */
  protected abstract presize(rows: number): void;

  /** Bytes per line of the file, sampled at a few places by the caller, for the first estimate. */
  bytesPerLine = 0;

  record(r: ScannedRecord): void {
    if (++this.seen === 1 && this.bytesPerLine > 0) {
      const rest = Math.ceil(((r.fileSize - r.fileEnd) / this.bytesPerLine) * 1.01) + 1;
      if (Number.isFinite(rest)) this.presize(rest);
    }
    if (r.flags === 0 && r.count === this.columns.length && this.fast(r)) return;
    this.general(r);
  }

  private general(r: ScannedRecord): void {
    const record = recordValues(r, this.separator());
    if (record === null) return;
    const { file, kind, context, data } = this.opts;
    if (record.problem !== undefined) {
      const field = this.columns[r.brokenField] ?? null;
      this.errors.push({ file, line: r.line, field, message: record.problem });
      return;
    }
    const values = record.values;
    if (values.length !== this.columns.length) {
      this.errors.push({
        file,
        line: r.line,
        field: null,
        message: `has ${values.length} values, the header has ${this.columns.length}`,
      });
      return;
    }
    const row: Record<string, string> = {};
    for (let i = 0; i < this.columns.length; i++) row[this.columns[i]!] = values[i]!;
    const n = normalise(kind, row, context);
    if (n.ok) {
      data.add(kind, n.record, this.opts.fields);
    } else {
      for (const p of n.problems)
        this.errors.push({ file, line: r.line, field: p.field, message: p.message });
    }
  }

  /** A memo of FieldReader.text for a column: the code of the trimmed text in `code`, 0 for blank. */
  protected textMemo(field: string, code: (value: string | null) => number): ColumnMemo {
    return new ColumnMemo((v) => {
      const r = reader(field, v);
      const t = r.text(field);
      return r.problems.length > 0 ? -1 : code(t);
    });
  }

  /** A memo of FieldReader.oneOf: the code of the value, 0 for blank, -1 when refused. */
  protected oneOfMemo(
    field: string,
    allowed: readonly string[],
    required: boolean,
    code: (value: string | null) => number,
  ): ColumnMemo {
    return new ColumnMemo((v) => {
      const r = reader(field, v);
      const t = r.oneOf(field, allowed, { required, what: field });
      return r.problems.length > 0 ? -1 : code(t);
    });
  }

  /** The source code of a row: the `source` value, or the context's default for an empty one; -1 refused. */
  protected sourceOf(memo: ColumnMemo | null, b: Buffer, s: number, e: number): number {
    if (memo === null || s === e) return this.defaultSource;
    return memo.get(b, s, e);
  }

  protected get defaultSource(): number {
    return this.opts.data.sources.code(this.opts.context.source);
  }
}

const KNOWN_CONTACT_COLUMNS: ReadonlySet<string> = new Set(KNOWN_COLUMNS.contacts);

class ContactSink extends KindSink {
  private iId = -1;
  private iSource = -1;
  private iChannel = -1;
  private iDirection = -1;
  private iLanguage = -1;
  private iQueue = -1;
  private iSegment = -1;
  private iPriority = -1;
  private iCategory = -1;
  private iAgent = -1;
  private iReopen = -1;
  private iHandle = -1;
  private iFtr = -1;
  private instantColumns = new Int32Array(6);
  private source: ColumnMemo | null = null;
  private channel!: ColumnMemo;
  private direction!: ColumnMemo;
  private language!: ColumnMemo;
  private queue!: ColumnMemo;
  private segment!: ColumnMemo;
  private priority!: ColumnMemo;
  private category!: ColumnMemo;
  private agent!: ColumnMemo;
  private ftr!: ColumnMemo;
  private inbound = 0;
  private defaultSourceCode = 0;
  /** Kept attribute columns: index in the row, the memo of their values, the column of the data. */
  private attributeColumns: { index: number; memo: ColumnMemo; column: AttributeColumn }[] = [];
  private readonly instants = new Float64Array(6);

  protected prepare(): void {
    const d = this.opts.data;
    const col = (n: string) => this.column(n);
    this.iId = col('id');
    this.iSource = col('source');
    this.iChannel = col('channel');
    this.iDirection = col('direction');
    this.iLanguage = col('language');
    // Text columns never refuse a value of printable ASCII: one the contracts do not read is not looked at.
    const kept = (n: string) => (this.opts.fields === undefined || this.opts.fields.has(n) ? col(n) : -1);
    this.iQueue = kept('queue');
    this.iSegment = kept('segment');
    this.iPriority = col('priority');
    this.iCategory = col('category');
    this.iAgent = kept('agent');
    this.iReopen = col('reopen_count');
    this.iHandle = col('handle_seconds');
    this.iFtr = col('first_time_right');
    this.instantColumns = Int32Array.from(
      ['created_at', 'answered_at', 'abandoned_at', 'first_response_at', 'resolved_at', 'first_resolved_at'],
      col,
    );
    this.defaultSourceCode = this.defaultSource;
    this.source =
      this.iSource < 0 ? null : this.textMemo('source', (t) => d.sources.code(t ?? this.opts.context.source));
    this.channel = this.oneOfMemo('channel', CHANNELS, true, (t) => d.channels.code(t));
    this.direction = this.oneOfMemo('direction', DIRECTIONS, false, (t) => d.directions.code(t ?? 'inbound'));
    this.inbound = d.directions.code('inbound');
    this.language = new ColumnMemo((v) => {
      const r = reader('language', v);
      const t = r.language('language');
      return r.problems.length > 0 ? -1 : d.languages.code(t);
    });
    this.queue = this.textMemo('queue', (t) => d.queues.code(t));
    this.segment = this.textMemo('segment', (t) => d.segments.code(t));
    this.priority = this.oneOfMemo('priority', PRIORITIES, false, (t) => d.priorities.code(t));
    this.category = this.oneOfMemo('category', CATEGORIES, false, (t) => d.categories.code(t));
    this.agent = this.textMemo('agent', (t) => d.agents.code(t));
    this.ftr = new ColumnMemo((v) => {
      const r = reader('first_time_right', v);
      const t = r.boolean('first_time_right');
      return r.problems.length > 0 ? -2 : t === null ? -1 : t ? 1 : 0;
    });
    const keep = this.opts.fields;
    this.attributeColumns = [];
    this.columns.forEach((name, index) => {
      // As attributesOf: known columns and `type` are no attributes; a `__proto__` column never reaches the row.
      if (KNOWN_CONTACT_COLUMNS.has(name) || name === 'type' || name === '__proto__') return;
      if (keep !== undefined && !keep.has(name)) return;
      const column = d.contacts.attribute(name);
      // As attributesOf: a personal column's value pseudonymised, personal values in any other one too.
      const memo = new ColumnMemo((v) => column.values.code(attributeValue(this.opts.context, name, v)));
      this.attributeColumns.push({ index, memo, column });
    });
  }

  private expected = 0;

  protected presize(rows: number): void {
    this.expected = rows;
    this.opts.data.contacts.reserve(rows);
    // A little more than one key per contact: records of other kinds may name contacts not in the file.
    this.opts.data.keys.reserve(Math.ceil(rows * 1.03) + 1024, 0);
  }

  protected fast(r: ScannedRecord): boolean {
    const b = r.buf;
    const fs = r.fieldStart;
    const fe = r.fieldEnd;
    const d = this.opts.data;
    const cols = d.contacts;
    // Required: id, channel, created_at.
    if (this.iId < 0 || this.iChannel < 0 || this.instantColumns[0]! < 0) return false;
    const range = this.range;
    range.s = fs[this.iId]!;
    range.e = fe[this.iId]!;
    if (!trimmed(b, range)) return false;
    const source =
      this.iSource < 0
        ? this.defaultSourceCode
        : this.sourceOf(this.source, b, fs[this.iSource]!, fe[this.iSource]!);
    if (source < 0) return false;
    const cs = fs[this.iChannel]!;
    const ce = fe[this.iChannel]!;
    if (cs === ce) return false;
    const channel = this.channel.get(b, cs, ce);
    if (channel <= 0) return false;
    const direction = this.coded(this.direction, this.iDirection, b, fs, fe, this.inbound);
    const language = this.coded(this.language, this.iLanguage, b, fs, fe, 0);
    const queue = this.coded(this.queue, this.iQueue, b, fs, fe, 0);
    const segment = this.coded(this.segment, this.iSegment, b, fs, fe, 0);
    const priority = this.coded(this.priority, this.iPriority, b, fs, fe, 0);
    const category = this.coded(this.category, this.iCategory, b, fs, fe, 0);
    const agent = this.coded(this.agent, this.iAgent, b, fs, fe, 0);
    if ((direction | language | queue | segment | priority | category | agent) < 0) return false;
    // Instants: created_at required; every later one not before it; resolved not before first resolved.
    const ic = this.instantColumns;
    const t = this.instants;
    for (let k = 0; k < 6; k++) {
      const c = ic[k]!;
      if (c < 0 || fs[c] === fe[c]) {
        if (k === 0) return false;
        t[k] = Number.NaN;
        continue;
      }
      const ms = instantAt(b, fs[c]!, fe[c]!);
      if (Number.isNaN(ms)) return false;
      t[k] = ms;
    }
    const created = t[0]!;
    for (let k = 1; k < 6; k++) if (t[k]! < created) return false;
    if (t[4]! < t[5]!) return false; // resolved_at before first_resolved_at
    if (!Number.isNaN(t[1]!) && !Number.isNaN(t[2]!)) return false; // answered and abandoned
    const reopen =
      this.iReopen < 0 ? Number.NaN : numberAt(b, fs[this.iReopen]!, fe[this.iReopen]!, WHOLE_AT_LEAST_0);
    if (reopen === FAIL) return false;
    const handle =
      this.iHandle < 0 ? Number.NaN : numberAt(b, fs[this.iHandle]!, fe[this.iHandle]!, AT_LEAST_0);
    if (handle === FAIL) return false;
    let ftr = -1;
    if (this.iFtr >= 0 && fs[this.iFtr] !== fe[this.iFtr]) {
      ftr = this.ftr.get(b, fs[this.iFtr]!, fe[this.iFtr]!);
      if (ftr === -2) return false;
    }

    if (cols.length === cols.capacity) cols.reserve(1);
    const i = cols.length;
    cols.key[i] = d.keys.addBytes(b, range.s, range.e, source);
    cols.channel[i] = channel;
    cols.direction[i] = direction;
    cols.setCodes(i, language, queue, segment, priority, category, agent);
    cols.createdAt.set(i, created);
    cols.answeredAt.set(i, t[1]!);
    cols.abandonedAt.set(i, t[2]!);
    cols.firstResponseAt.set(i, t[3]!);
    cols.resolvedAt.set(i, t[4]!);
    cols.firstResolvedAt.set(i, t[5]!);
    cols.reopenCount.set(i, reopen);
    cols.handleSeconds.set(i, handle);
    cols.firstTimeRight[i] = ftr;
    for (const a of this.attributeColumns) {
      const s = fs[a.index]!;
      const e = fe[a.index]!;
      const code = s === e ? 0 : a.memo.get(b, s, e);
      if (code > 0xff) cols.fitAttribute(a.column, code);
      a.column.codes[i] = code;
    }
    cols.length = i + 1;
    // The ids' bytes, once their length is known from the first thousand.
    if (i === 999 && this.expected > 1000)
      d.keys.reserve(0, Math.ceil((this.expected - 1000) * d.keys.averageLength * 1.05));
    return true;
  }

  /** The code of an optional coded column: `empty` for an empty or missing value, -1 when refused. */
  private coded(
    memo: ColumnMemo,
    index: number,
    b: Buffer,
    fs: Int32Array,
    fe: Int32Array,
    empty: number,
  ): number {
    if (index < 0) return empty;
    const s = fs[index]!;
    const e = fe[index]!;
    return s === e ? empty : memo.get(b, s, e);
  }
}

class StatusEventSink extends KindSink {
  private iContact = -1;
  private iSource = -1;
  private iStatus = -1;
  private iAt = -1;
  private source: ColumnMemo | null = null;
  private status!: ColumnMemo;
  private defaultSourceCode = 0;

  protected prepare(): void {
    const d = this.opts.data;
    this.iContact = this.column('contact_id');
    this.iSource = this.column('source');
    this.iStatus = this.column('status');
    this.iAt = this.column('at');
    this.defaultSourceCode = this.defaultSource;
    this.source =
      this.iSource < 0 ? null : this.textMemo('source', (t) => d.sources.code(t ?? this.opts.context.source));
    this.status = this.oneOfMemo('status', STATUSES, true, (t) => (t === null ? -1 : statusCode(t)));
  }

  protected presize(rows: number): void {
    this.opts.data.events.reserve(rows);
  }

  protected fast(r: ScannedRecord): boolean {
    if (this.iContact < 0 || this.iStatus < 0 || this.iAt < 0) return false;
    const b = r.buf;
    const fs = r.fieldStart;
    const fe = r.fieldEnd;
    const range = this.range;
    range.s = fs[this.iContact]!;
    range.e = fe[this.iContact]!;
    if (!trimmed(b, range)) return false;
    const source =
      this.iSource < 0
        ? this.defaultSourceCode
        : this.sourceOf(this.source, b, fs[this.iSource]!, fe[this.iSource]!);
    if (source < 0) return false;
    const ss = fs[this.iStatus]!;
    const se = fe[this.iStatus]!;
    if (ss === se) return false;
    const status = this.status.get(b, ss, se);
    if (status < 0) return false;
    const as = fs[this.iAt]!;
    const ae = fe[this.iAt]!;
    if (as === ae) return false;
    const at = instantAt(b, as, ae);
    if (Number.isNaN(at)) return false;
    const d = this.opts.data;
    const ev = d.events;
    if (ev.length === ev.capacity) ev.reserve(1);
    const i = ev.length;
    ev.key[i] = d.keys.internBytes(b, range.s, range.e, source);
    ev.status[i] = status;
    ev.at.set(i, at);
    ev.length = i + 1;
    return true;
  }
}

class SurveySink extends KindSink {
  private iContact = -1;
  private iSource = -1;
  private iKind = -1;
  private iScore = -1;
  private iMin = -1;
  private iMax = -1;
  private iAt = -1;
  private source: ColumnMemo | null = null;
  private kind!: ColumnMemo;
  private nps = 0;
  private defaultSourceCode = 0;

  protected prepare(): void {
    const d = this.opts.data;
    this.iContact = this.column('contact_id');
    this.iSource = this.column('source');
    this.iKind = this.column('kind');
    this.iScore = this.column('score');
    this.iMin = this.column('scale_min');
    this.iMax = this.column('scale_max');
    this.iAt = this.column('answered_at');
    this.defaultSourceCode = this.defaultSource;
    this.source =
      this.iSource < 0 ? null : this.textMemo('source', (t) => d.sources.code(t ?? this.opts.context.source));
    this.kind = this.oneOfMemo('kind', SURVEY_KINDS, true, (t) => (t === null ? -1 : surveyKindCode(t)));
    this.nps = surveyKindCode('nps');
  }

  protected presize(rows: number): void {
    this.opts.data.surveys.reserve(rows);
  }

  protected fast(r: ScannedRecord): boolean {
    if (this.iContact < 0 || this.iKind < 0 || this.iScore < 0 || this.iAt < 0) return false;
    const b = r.buf;
    const fs = r.fieldStart;
    const fe = r.fieldEnd;
    const range = this.range;
    range.s = fs[this.iContact]!;
    range.e = fe[this.iContact]!;
    if (!trimmed(b, range)) return false;
    const source =
      this.iSource < 0
        ? this.defaultSourceCode
        : this.sourceOf(this.source, b, fs[this.iSource]!, fe[this.iSource]!);
    if (source < 0) return false;
    const ks = fs[this.iKind]!;
    const ke = fe[this.iKind]!;
    if (ks === ke) return false;
    const kind = this.kind.get(b, ks, ke);
    if (kind < 0) return false;
    const nps = kind === this.nps;
    // NPS has a fixed 0..10 scale; CSAT and CES scales must be given.
    let min = this.iMin < 0 ? Number.NaN : numberAt(b, fs[this.iMin]!, fe[this.iMin]!, ANY_NUMBER);
    let max = this.iMax < 0 ? Number.NaN : numberAt(b, fs[this.iMax]!, fe[this.iMax]!, ANY_NUMBER);
    if (min === FAIL || max === FAIL) return false;
    if (Number.isNaN(min)) {
      if (!nps) return false;
      min = 0;
    }
    if (Number.isNaN(max)) {
      if (!nps) return false;
      max = 10;
    }
    const score = numberAt(b, fs[this.iScore]!, fe[this.iScore]!, ANY_NUMBER);
    if (score === FAIL || Number.isNaN(score)) return false;
    if (max <= min || score < min || score > max) return false;
    const as = fs[this.iAt]!;
    const ae = fe[this.iAt]!;
    if (as === ae) return false;
    const at = instantAt(b, as, ae);
    if (Number.isNaN(at)) return false;
    const d = this.opts.data;
    const sv = d.surveys;
    if (sv.length === sv.capacity) sv.reserve(1);
    const i = sv.length;
    sv.key[i] = d.keys.internBytes(b, range.s, range.e, source);
    sv.kind[i] = kind;
    sv.score[i] = score;
    sv.scaleMin[i] = min;
    sv.scaleMax[i] = max;
    sv.answeredAt[i] = at;
    sv.length = i + 1;
    return true;
  }
}

/**
 * Reads one CSV file of contacts, status events or surveys into the data; returns the rows it could not
 * read as errors (file, line, field, reason), as readRecordFile would name them.
 */
export function readColumnarCsv(opts: ColumnarReadOptions): RecordError[] {
  const scanner = new CsvByteScanner(opts.file, opts.onBytes, opts.chunkSize);
  const separator = () => String.fromCharCode(scanner.separator);
  const sink =
    opts.kind === 'contacts'
      ? new ContactSink(opts, separator)
      : opts.kind === 'status_events'
        ? new StatusEventSink(opts, separator)
        : new SurveySink(opts, separator);
  sink.bytesPerLine = sampleLineLength(opts.file);
  let headerSeen = false;
  const counting: CsvRecordSink = {
    header: (values, line, problem) => {
      headerSeen = true;
      return sink.header(values, line, problem);
    },
    record: (r) => sink.record(r),
  };
  try {
    scanner.run(counting);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw e;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    return [...sink.errors, { file: opts.file, line: 0, field: null, message: `cannot be read (${why})` }];
  }
  if (!headerSeen) return [{ file: opts.file, line: 0, field: null, message: 'is empty: no header line' }];
  return sink.errors;
}

/**
 * Average bytes per line of a file, from 64 KiB read at eight places spread over it (0 when it cannot
 * tell): enough to size the columns once, within a few per cent, instead of growing them by copying.
 */
export function sampleLineLength(file: string): number {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return 0;
  }
  try {
    const size = fstatSync(fd).size;
    const sample = Buffer.allocUnsafe(1 << 16);
    let bytes = 0;
    let lines = 0;
    const places = size <= sample.length * 8 ? 1 : 8;
    for (let k = 0; k < places; k++) {
      const at = places === 1 ? 0 : Math.floor(((size - sample.length) * k) / (places - 1));
      const n = readSync(fd, sample, 0, sample.length, at);
      // Count whole lines only: from the first line end to the last.
      const first = sample.indexOf(LF);
      const last = sample.lastIndexOf(LF, n - 1);
      if (first < 0 || last <= first) continue;
      for (let i = sample.indexOf(LF, first + 1); i >= 0 && i <= last; i = sample.indexOf(LF, i + 1)) lines++;
      bytes += last - first;
    }
    return lines > 0 ? bytes / lines : 0;
  } finally {
    closeSync(fd);
  }
}

/** The parse floor of B2: the same scanner over the same file, every record found and nothing else done. */
export function scanCsvOnly(file: string): number {
  let records = 0;
  new CsvByteScanner(file).run({
    header: () => true,
    record: () => {
      records++;
    },
  });
  return records;
}
