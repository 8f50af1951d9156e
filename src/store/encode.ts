/**
 * Records → the form a writer sends to its database, computed where the records are read (in a worker
 * thread for a large file), so that the thread that writes does as little as possible:
 *
 * - SQLite: the statement parameters of each row, as UTF-8 bytes of the text cells one after another and
 *   a Float64Array with, per cell, the end offset of a text cell (in UTF-16 units of the decoded text) or
 *   a number; -1 and NaN stand for null. Both move between threads without a copy, the writer decodes the
 *   text once per batch, and unpacking a row takes a few slices.
 * - PostgreSQL: the COPY text of the batch as UTF-8 bytes, split into rounds so that no key occurs twice
 *   in a round (PostgreSQL refuses to touch a row twice in one statement): round n holds the n-th
 *   occurrence of each key, and rounds are applied in order.
 *
 * Every row carries its upsert columns: `source`, `key`, the content cells in the order of the table's
 * spec, and last the digest of the content. The digest is contentDigest's (SHA-256 over the JSON of the
 * values), computed from JSON written straight into a byte buffer rather than through JSON.stringify and
 * a string: the bytes are the same, so is the digest (the tests compare them), at a third of the cost
 * and without garbage. Rows are written into growing byte buffers instead of strings for the same reason:
 * an import of a million rows makes almost no garbage that lives beyond its row.
 */
import { hash } from 'node:crypto';
import type { RecordKind, RecordKinds } from '../domain/records.js';
import type { Dialect } from './dialect.js';
import { dayOf } from './period-blocks.js';
import { type CellValue, TABLES, type TableSpec } from './tables.js';

/** One kind's rows of a batch, encoded for SQLite. */
export interface SqliteKindRows {
  readonly kind: RecordKind;
  readonly count: number;
  /** UTF-8 of the text cells, one after another. */
  readonly text: Uint8Array;
  /** Per row, per cell in the order source, key, content columns, digest: see the module comment. */
  readonly cells: Float64Array;
  /** The sources of the rows, each once (the writer raises their data watermarks). */
  readonly sources: readonly string[];
  /** The period blocks the rows touch (period-blocks.ts; the writer deletes them): see BlockMarks. */
  readonly marks: BlockMarks;
}

/** One kind's rows of a batch, as COPY text for PostgreSQL. */
export interface PostgresKindRows {
  readonly kind: RecordKind;
  readonly count: number;
  /** COPY text, UTF-8: one line per row, columns source, key, content columns, digest. */
  readonly text: Uint8Array;
  /** The sources of the rows, each once (the writer raises their data watermarks). */
  readonly sources: readonly string[];
  /** The period blocks the rows touch (period-blocks.ts; the writer deletes them): see BlockMarks. */
  readonly marks: BlockMarks;
}

/**
 * What a batch's rows change of the period blocks (period-blocks.ts): the UTC days of contacts' creation
 * and surveys' answers, and the contacts (`source NUL id`) whose creation day a contact's earlier version
 * or a status event's contact has, which only the store knows.
 */
export interface BlockMarks {
  readonly days: readonly number[];
  readonly contacts: readonly string[];
}

/** A batch of records ready for one transaction: one entry per kind, in order of first appearance. */
export type EncodedBatch =
  | { readonly dialect: 'sqlite'; readonly count: number; readonly kinds: readonly SqliteKindRows[] }
  | { readonly dialect: 'postgres'; readonly count: number; readonly kinds: readonly PostgresKindRows[] };

export function tableSpecOf(kind: RecordKind): TableSpec<RecordKind> {
  return TABLES[kind] as unknown as TableSpec<RecordKind>;
}

/** The column list of every encoded row: upsert columns around the content columns, digest last. */
export function encodedColumns(kind: RecordKind): string[] {
  return ['source', 'key', ...tableSpecOf(kind).columns.map((c) => c.name), 'digest'];
}

/** The buffers an encoded batch holds, to hand to postMessage as its transfer list. */
export function transferables(batch: EncodedBatch): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  if (batch.dialect === 'sqlite') {
    for (const k of batch.kinds) out.push(k.text.buffer as ArrayBuffer, k.cells.buffer as ArrayBuffer);
  } else {
    for (const k of batch.kinds) out.push(k.text.buffer as ArrayBuffer);
  }
  return out;
}

const TEXT = 0;
const NUMBER = 1;
const BOOLEAN = 2;

/** Per kind: the cell type of each content column. */
const CELL_TYPES = new Map<RecordKind, Uint8Array>();

function cellTypes(kind: RecordKind): Uint8Array {
  let types = CELL_TYPES.get(kind);
  if (types === undefined) {
    types = Uint8Array.from(tableSpecOf(kind).columns, (c) =>
      c.type === 'text' ? TEXT : c.type === 'boolean' ? BOOLEAN : NUMBER,
    );
    CELL_TYPES.set(kind, types);
  }
  return types;
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');
const HEX_HIGH = Uint8Array.from({ length: 256 }, (_, i) => HEX[i >> 4]!);
const HEX_LOW = Uint8Array.from({ length: 256 }, (_, i) => HEX[i & 15]!);
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const TAB = 9;
const NEWLINE = 10;

/**
 * A growing buffer of UTF-8 bytes with the three ways a text is written here: plain, as a JSON string
 * (exactly as JSON.stringify writes it) and as a COPY text field. Texts are given as a range of a string,
 * so that a value never has to be cut out of the line it was read from. Each loop copies the common
 * characters (printable ASCII) in a tight loop and leaves the rest to a slower one.
 */
export class ByteWriter {
  bytes: Buffer;
  length = 0;

  constructor(
    capacity = 1 << 16,
    private readonly pool?: BufferPool,
  ) {
    this.bytes = Buffer.from(pool?.get(capacity) ?? new ArrayBuffer(capacity));
  }

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = Buffer.from(this.pool?.get(size) ?? new ArrayBuffer(size));
    this.bytes.copy(grown, 0, 0, this.length);
    this.pool?.put([this.bytes.buffer as ArrayBuffer]);
    this.bytes = grown;
  }

  byte(b: number): void {
    this.reserve(1);
    this.bytes[this.length++] = b;
  }

  /** Text known to be ASCII (fixed words, base64url). */
  ascii(s: string): void {
    const n = s.length;
    this.reserve(n);
    const b = this.bytes;
    let at = this.length;
    for (let i = 0; i < n; i++) b[at++] = s.charCodeAt(i);
    this.length = at;
  }

  /** 32 bytes (8 big-endian words) as 64 lower-case hex digits. */
  hex(words: Int32Array): void {
    this.reserve(64);
    const b = this.bytes;
    let at = this.length;
    for (let i = 0; i < 8; i++) {
      const x = words[i]!;
      for (let shift = 24; shift >= 0; shift -= 8) {
        const byte = (x >>> shift) & 255;
        b[at++] = HEX_HIGH[byte]!;
        b[at++] = HEX_LOW[byte]!;
      }
    }
    this.length = at;
  }

  /** Copies the last n bytes of another writer. */
  tail(from: ByteWriter, n: number): void {
    this.reserve(n);
    const src = from.bytes;
    const b = this.bytes;
    let at = this.length;
    for (let i = from.length - n; i < from.length; i++) b[at++] = src[i]!;
    this.length = at;
  }

  /** A number as JSON.stringify and String write it (finite numbers; others are JSON's null). */
  number(v: number): void {
    if (v >= 0 && v < 1e16 && Number.isInteger(v)) {
      // Whole numbers (instants, counts) digit by digit, without a string: the common case.
      this.reserve(16);
      const high = Math.floor(v / 1e8);
      if (high > 0) {
        this.digits(high);
        this.digits8(v - high * 1e8);
      } else this.digits(v);
      return;
    }
    this.ascii(Number.isFinite(v) ? String(v) : 'null');
  }

  /** The digits of 0 <= n < 1e8. */
  private digits(n: number): void {
    let x = n | 0;
    let count = 1;
    for (let y = x; y >= 10; y = (y / 10) | 0) count++;
    const b = this.bytes;
    let at = this.length + count;
    this.length = at;
    do {
      const q = (x / 10) | 0;
      b[--at] = 48 + x - q * 10;
      x = q;
    } while (x > 0);
  }

  /** The digits of 0 <= n < 1e8, zero-padded to eight. */
  private digits8(n: number): void {
    let x = n | 0;
    const b = this.bytes;
    let at = this.length + 8;
    this.length = at;
    for (let k = 0; k < 8; k++) {
      const q = (x / 10) | 0;
      b[--at] = 48 + x - q * 10;
      x = q;
    }
  }

  /** One UTF-16 unit or pair at s[i] as UTF-8; returns how many units it took. Lone surrogates become U+FFFD. */
  private utf8At(s: string, i: number, end: number, c: number): number {
    const b = this.bytes;
    if (c < 0x800) {
      b[this.length++] = 0xc0 | (c >> 6);
      b[this.length++] = 0x80 | (c & 0x3f);
      return 1;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < end ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        b[this.length++] = 0xf0 | (cp >> 18);
        b[this.length++] = 0x80 | ((cp >> 12) & 0x3f);
        b[this.length++] = 0x80 | ((cp >> 6) & 0x3f);
        b[this.length++] = 0x80 | (cp & 0x3f);
        return 2;
      }
      c = 0xfffd;
    } else if (c >= 0xdc00 && c <= 0xdfff) c = 0xfffd;
    b[this.length++] = 0xe0 | (c >> 12);
    b[this.length++] = 0x80 | ((c >> 6) & 0x3f);
    b[this.length++] = 0x80 | (c & 0x3f);
    return 1;
  }

  /** s[start, end) as UTF-8. */
  utf8(s: string, start: number, end: number): void {
    this.reserve((end - start) * 3);
    const b = this.bytes;
    let at = this.length;
    let i = start;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      b[at++] = c;
    }
    this.length = at;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) b[this.length++] = c;
      else i += this.utf8At(s, i, end, c) - 1;
    }
  }

  /** `"s[start, end)"` with JSON.stringify's escapes (well-formed: lone surrogates as \udxxx). */
  json(s: string, start: number, end: number): void {
    this.reserve((end - start) * 6 + 2);
    const b = this.bytes;
    let at = this.length;
    b[at++] = QUOTE;
    let i = start;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c >= 0x80 || c === QUOTE || c === BACKSLASH) break;
      b[at++] = c;
    }
    this.length = at;
    if (i < end) this.jsonRest(s, i, end);
    this.bytes[this.length++] = QUOTE;
  }

  /** The rest of json() from `from`, after the common characters (the quotes are the caller's). */
  jsonRest(s: string, from: number, end: number): void {
    const b = this.bytes;
    for (let i = from; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x20 && c < 0x80 && c !== QUOTE && c !== BACKSLASH) b[this.length++] = c;
      else if (c === QUOTE || c === BACKSLASH) {
        b[this.length++] = BACKSLASH;
        b[this.length++] = c;
      } else if (c < 0x20) {
        b[this.length++] = BACKSLASH;
        const short = c === 8 ? 98 : c === 9 ? 116 : c === 10 ? 110 : c === 12 ? 102 : c === 13 ? 114 : 0;
        if (short !== 0) b[this.length++] = short;
        else this.escapeUnit(c);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < end ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) i += this.utf8At(s, i, end, c) - 1;
        else {
          b[this.length++] = BACKSLASH;
          this.escapeUnit(c);
        }
      } else i += this.utf8At(s, i, end, c) - 1;
    }
  }

  /** `uXXXX` in lower-case hex (after the backslash). */
  private escapeUnit(c: number): void {
    const b = this.bytes;
    b[this.length++] = 117;
    b[this.length++] = HEX[(c >> 12) & 15]!;
    b[this.length++] = HEX[(c >> 8) & 15]!;
    b[this.length++] = HEX[(c >> 4) & 15]!;
    b[this.length++] = HEX[c & 15]!;
  }

  /** s[start, end) as a COPY text field: a backslash, tab, line feed or carriage return escaped. */
  copy(s: string, start: number, end: number): void {
    this.reserve((end - start) * 3);
    const b = this.bytes;
    let at = this.length;
    let i = start;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c >= 0x80 || c === BACKSLASH) break;
      b[at++] = c;
    }
    this.length = at;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === BACKSLASH || c === 9 || c === 10 || c === 13) {
        b[this.length++] = BACKSLASH;
        b[this.length++] = c === BACKSLASH ? BACKSLASH : c === 9 ? 116 : c === 10 ? 110 : 114;
      } else if (c < 0x80) b[this.length++] = c;
      else i += this.utf8At(s, i, end, c) - 1;
    }
  }

  /**
   * The bytes written so far; the writer starts empty again. With a pool, the writer hands over its own
   * buffer (to come back to the pool once the batch is written) and takes a spare one; without, they are
   * copied into a buffer of their own size.
   */
  take(): Uint8Array {
    let out: Uint8Array;
    if (this.pool === undefined) out = new Uint8Array(this.bytes.subarray(0, this.length));
    else {
      out = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.length);
      this.bytes = Buffer.from(this.pool.get(this.bytes.length));
    }
    this.length = 0;
    return out;
  }
}

/**
 * Spare buffers for the next batches: the buffers of a batch come back here once it is written (from the
 * main thread to the worker that encoded it), so that an import allocates no new buffer per batch and
 * leaves no dead ones waiting for the garbage collector, which would let memory swell and shrink.
 */
export class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  /** A buffer of at least `bytes`. */
  get(bytes: number): ArrayBuffer {
    for (let i = this.free.length - 1; i >= 0; i--) {
      const b = this.free[i]!;
      if (b.byteLength >= bytes) {
        this.free.splice(i, 1);
        return b;
      }
    }
    return new ArrayBuffer(bytes);
  }

  put(buffers: readonly ArrayBuffer[]): void {
    for (const b of buffers) if (b.byteLength > 0 && this.free.length < 32) this.free.push(b);
  }
}

/** The JSON of the row being encoded, whose SHA-256 is its digest. */
const json = new ByteWriter(1 << 12);

/** contentDigest(values), from JSON written as bytes (see the module comment). */
export function digestOf(values: readonly CellValue[]): string {
  json.length = 0;
  json.byte(91);
  for (let i = 0; i < values.length; i++) {
    if (i > 0) json.byte(COMMA);
    const v = values[i]!;
    if (v === null) json.ascii('null');
    else if (typeof v === 'string') json.json(v, 0, v.length);
    else if (typeof v === 'number') json.number(v);
    else json.ascii(v ? 'true' : 'false');
  }
  return jsonDigest();
}

/**
 * A text cell s[start, end) into the row's JSON (escaped) and into `out` (UTF-8, or escaped for COPY), the
 * common characters in one loop that writes both.
 */
function textBoth(out: ByteWriter, s: string, start: number, end: number, copy: boolean): void {
  json.reserve((end - start) * 6 + 2);
  out.reserve((end - start) * 3);
  const jb = json.bytes;
  const ob = out.bytes;
  let j = json.length;
  let o = out.length;
  jb[j++] = QUOTE;
  let i = start;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x80 || c === QUOTE || c === BACKSLASH) break;
    jb[j++] = c;
    ob[o++] = c;
  }
  json.length = j;
  out.length = o;
  if (i < end) {
    json.jsonRest(s, i, end);
    if (copy) out.copy(s, i, end);
    else out.utf8(s, i, end);
  }
  json.bytes[json.length++] = QUOTE;
}

/** Closes the row's JSON and hashes it. */
function jsonDigest(): string {
  json.byte(93);
  return hash('sha256', json.bytes.subarray(0, json.length), 'base64url').slice(0, 22);
}

/**
 * The rows of one kind in the batch being built, written cell by cell: `begin`, the upsert cells (source
 * and key), the content cells in the order of the table's spec, `end`. The content cells are written
 * twice, once as the database will get them and once into the row's JSON for the digest. `add` writes a
 * record; a reader that knows its input (direct-contacts.ts) calls the cell methods itself.
 */
export abstract class KindRows {
  protected readonly spec: TableSpec<RecordKind>;
  protected readonly types: Uint8Array;
  count = 0;
  /** Whether the next content cell is the row's first (no comma before it in the JSON). */
  private first = true;

  /** The content cell whose instant is a block's day (contacts, surveys), -1 for none. */
  private readonly dayCell: number;
  /** The content cell that names a contact whose day the store knows (status events), -1 for none. */
  private readonly contactCell: number;
  /** The content cell being written: its index. */
  protected cellNo = -1;
  private readonly days = new Set<number>();
  private lastDay = Number.NaN;
  private readonly contacts = new Set<string>();
  private lastContact = '';

  constructor(readonly kind: RecordKind) {
    this.spec = tableSpecOf(kind);
    this.types = cellTypes(kind);
    const index = (name: string) => this.spec.columns.findIndex((c) => c.name === name);
    this.dayCell = kind === 'contacts' ? index('created_at') : kind === 'surveys' ? index('answered_at') : -1;
    this.contactCell = kind === 'status_events' ? index('contact_id') : -1;
  }

  /** A number cell: its day when it is the block's instant. */
  protected noteNumber(v: number): void {
    if (this.cellNo !== this.dayCell) return;
    const day = dayOf(v);
    if (day === this.lastDay) return;
    this.lastDay = day;
    this.days.add(day);
  }

  /** A text cell: the contact it names, when it names one. */
  protected noteText(s: string, start: number, end: number): void {
    if (this.cellNo === this.contactCell) this.noteContact(s, start, end);
  }

  private noteContact(s: string, start: number, end: number): void {
    const id = `${this.lastSource}\u0000${s.slice(start, end)}`;
    if (id === this.lastContact) return;
    this.lastContact = id;
    this.contacts.add(id);
  }

  /** The marks of the rows so far; the next batch starts without any. */
  protected takeMarks(): BlockMarks {
    const out = { days: [...this.days], contacts: [...this.contacts] };
    this.days.clear();
    this.contacts.clear();
    this.lastDay = Number.NaN;
    this.lastContact = '';
    return out;
  }

  /** The sources of the rows so far; the last one, which the next row most likely has too. */
  private readonly sourceSet = new Set<string>();
  private lastSource: string | undefined;
  /** Upsert cells of the row so far: the first is its source. */
  private upserts = 0;

  begin(): void {
    json.length = 0;
    json.byte(91);
    this.first = true;
    this.upserts = 0;
    this.cellNo = -1;
    this.startRow();
  }

  /** Source or key: s[start, end). */
  upsert(s: string, start: number, end: number): void {
    const n = this.upserts++;
    if (n === 0) this.noteSource(s, start, end);
    else if (n === 1 && this.kind === 'contacts') this.noteContact(s, start, end);
    this.upsertCell(s, start, end);
  }

  /** Compared before it is copied: a batch has one source or a few, and a row makes no string for it. */
  private noteSource(s: string, start: number, end: number): void {
    const last = this.lastSource;
    if (last !== undefined && end - start === last.length && s.startsWith(last, start)) return;
    this.lastSource = s.slice(start, end);
    this.sourceSet.add(this.lastSource);
  }

  /** The sources of the rows so far, each once; the next batch starts without any. */
  protected takeSources(): string[] {
    const out = [...this.sourceSet];
    this.sourceSet.clear();
    this.lastSource = undefined;
    return out;
  }

  /** A content cell begins: the comma of the JSON. */
  protected cell(): void {
    this.cellNo++;
    if (this.first) this.first = false;
    else json.byte(COMMA);
  }

  protected abstract upsertCell(s: string, start: number, end: number): void;
  /** A text content cell: s[start, end). */
  abstract text(s: string, start: number, end: number): void;
  abstract nul(): void;
  abstract num(v: number): void;
  abstract bool(v: boolean): void;
  /** A text content cell of 64 hex digits (a pseudonym). */
  abstract hex(words: Int32Array): void;
  /** Ends the row with its digest. */
  abstract end(): void;
  protected abstract startRow(): void;
  abstract finish(): SqliteKindRows | PostgresKindRows;

  add(record: RecordKinds[RecordKind]): void {
    const values = this.spec.values(record);
    const key = this.spec.key(record);
    this.begin();
    this.upsert(record.source, 0, record.source.length);
    this.upsert(key, 0, key.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v === null) this.nul();
      else if (typeof v === 'string') this.text(v, 0, v.length);
      else if (typeof v === 'number') this.num(v);
      else this.bool(v);
    }
    this.end();
  }
}

class SqliteRows extends KindRows {
  private readonly width: number;
  private readonly out: ByteWriter;
  /** UTF-16 units of the text so far: the offsets the writer slices its decoded text at. */
  private units = 0;
  private cells: Float64Array;
  private at = 0;
  private rowStart = 0;

  constructor(
    kind: RecordKind,
    capacity: number,
    private readonly pool: BufferPool | undefined,
  ) {
    super(kind);
    // Per row: source, key, the content cells, the digest, and the byte offset where the row's text ends.
    this.width = this.types.length + 4;
    this.out = new ByteWriter(1 << 20, pool);
    this.cells = this.newCells(Math.max(capacity, 16) * this.width);
  }

  private newCells(length: number): Float64Array {
    const buffer = this.pool?.get(length * 8) ?? new ArrayBuffer(length * 8);
    return new Float64Array(buffer, 0, Math.floor(buffer.byteLength / 8));
  }

  protected startRow(): void {
    this.rowStart = this.count * this.width;
    if (this.rowStart + this.width > this.cells.length) {
      const grown = this.newCells(this.cells.length * 2);
      grown.set(this.cells);
      this.pool?.put([this.cells.buffer as ArrayBuffer]);
      this.cells = grown;
    }
    this.at = this.rowStart;
  }

  protected upsertCell(s: string, start: number, end: number): void {
    this.out.utf8(s, start, end);
    this.units += end - start;
    this.cells[this.at++] = this.units;
  }

  text(s: string, start: number, end: number): void {
    this.cell();
    this.noteText(s, start, end);
    textBoth(this.out, s, start, end, false);
    this.units += end - start;
    this.cells[this.at++] = this.units;
  }

  nul(): void {
    this.cell();
    json.ascii('null');
    this.cells[this.at] = this.types[this.at - this.rowStart - 2] === TEXT ? -1 : Number.NaN;
    this.at++;
  }

  num(v: number): void {
    this.cell();
    this.noteNumber(v);
    json.number(v);
    this.cells[this.at++] = v;
  }

  bool(v: boolean): void {
    this.cell();
    json.ascii(v ? 'true' : 'false');
    this.cells[this.at++] = v ? 1 : 0;
  }

  hex(words: Int32Array): void {
    this.cell();
    json.byte(QUOTE);
    json.hex(words);
    this.out.tail(json, 64);
    json.byte(QUOTE);
    this.units += 64;
    this.cells[this.at++] = this.units;
  }

  end(): void {
    const digest = jsonDigest();
    this.out.ascii(digest);
    this.units += digest.length;
    this.cells[this.at++] = this.units;
    this.cells[this.at++] = this.out.length;
    this.count++;
  }

  finish(): SqliteKindRows {
    let cells: Float64Array;
    if (this.pool === undefined) cells = this.cells.slice(0, this.count * this.width);
    else {
      cells = new Float64Array(this.cells.buffer, 0, this.count * this.width);
      this.cells = this.newCells(this.cells.length);
    }
    const out = {
      kind: this.kind,
      count: this.count,
      text: this.out.take(),
      cells,
      sources: this.takeSources(),
      marks: this.takeMarks(),
    };
    this.units = 0;
    this.count = 0;
    return out;
  }
}

class PostgresRows extends KindRows {
  private readonly out: ByteWriter;

  constructor(kind: RecordKind, pool: BufferPool | undefined) {
    super(kind);
    this.out = new ByteWriter(1 << 20, pool);
  }

  /** Whether the next upsert cell is the row's first (no tab before it). */
  private lineStart = true;

  protected startRow(): void {
    this.lineStart = true;
  }

  protected upsertCell(s: string, start: number, end: number): void {
    if (this.lineStart) this.lineStart = false;
    else this.out.byte(TAB);
    this.out.copy(s, start, end);
  }

  text(s: string, start: number, end: number): void {
    this.cell();
    this.noteText(s, start, end);
    this.out.byte(TAB);
    textBoth(this.out, s, start, end, true);
  }

  nul(): void {
    this.cell();
    json.ascii('null');
    this.out.byte(TAB);
    this.out.ascii('\\N');
  }

  num(v: number): void {
    this.cell();
    this.noteNumber(v);
    json.number(v);
    this.out.byte(TAB);
    this.out.number(v);
  }

  bool(v: boolean): void {
    this.cell();
    json.ascii(v ? 'true' : 'false');
    this.out.byte(TAB);
    this.out.byte(v ? 116 : 102);
  }

  hex(words: Int32Array): void {
    this.cell();
    json.byte(QUOTE);
    json.hex(words);
    this.out.byte(TAB);
    this.out.tail(json, 64);
    json.byte(QUOTE);
  }

  end(): void {
    const digest = jsonDigest();
    this.out.byte(TAB);
    this.out.ascii(digest);
    this.out.byte(NEWLINE);
    this.count++;
  }

  finish(): PostgresKindRows {
    const out = {
      kind: this.kind,
      count: this.count,
      text: this.out.take(),
      sources: this.takeSources(),
      marks: this.takeMarks(),
    };
    this.count = 0;
    return out;
  }
}

/**
 * COPY text split into rounds so that no key occurs twice in a round (PostgreSQL refuses to touch a row
 * twice in one statement): round n holds the n-th occurrence of each key, in order. A key is the text of
 * the first two columns (source and key) as escaped in the COPY text, which tells keys apart exactly as
 * their values would.
 */
export function copyRounds(rows: PostgresKindRows): { text: Buffer; count: number }[] {
  const all = Buffer.from(rows.text.buffer, rows.text.byteOffset, rows.text.byteLength).toString('latin1');
  const occurrences = new Map<string, number>();
  const rounds: string[][] = [];
  let pos = 0;
  while (pos < all.length) {
    const end = all.indexOf('\n', pos);
    const line = all.slice(pos, end + 1);
    const id = line.slice(0, line.indexOf('\t', line.indexOf('\t') + 1));
    const n = occurrences.get(id) ?? 0;
    occurrences.set(id, n + 1);
    (rounds[n] ??= []).push(line);
    pos = end + 1;
  }
  return rounds.map((lines) => ({ text: Buffer.from(lines.join(''), 'latin1'), count: lines.length }));
}

/** Collects records (of any kinds, in order) into one EncodedBatch. */
export class BatchEncoder {
  private readonly encoders = new Map<RecordKind, KindRows>();

  constructor(
    readonly dialect: Dialect,
    private readonly capacity = 5000,
    /** Where buffers come from and, once a batch is written, go back to (see BufferPool). */
    private readonly pool?: BufferPool,
  ) {}

  /** Rows in the batch so far. */
  get size(): number {
    let n = 0;
    for (const e of this.encoders.values()) n += e.count;
    return n;
  }

  /** The rows of a kind, to add records or cells to. */
  rows(kind: RecordKind): KindRows {
    let e = this.encoders.get(kind);
    if (e === undefined) {
      e =
        this.dialect === 'sqlite'
          ? new SqliteRows(kind, this.capacity, this.pool)
          : new PostgresRows(kind, this.pool);
      this.encoders.set(kind, e);
    }
    return e;
  }

  add(kind: RecordKind, record: RecordKinds[RecordKind]): void {
    this.rows(kind).add(record);
  }

  /** The batch so far; the encoder starts empty again. */
  take(): EncodedBatch {
    const count = this.size;
    const kinds = [...this.encoders.values()].filter((e) => e.count > 0).map((e) => e.finish());
    return this.dialect === 'sqlite'
      ? { dialect: 'sqlite', count, kinds: kinds as SqliteKindRows[] }
      : { dialect: 'postgres', count, kinds: kinds as PostgresKindRows[] };
  }
}

/** Encodes records in one go (the store's `write` of record objects). */
export function encodeRecords(
  dialect: Dialect,
  records: readonly { readonly kind: RecordKind; readonly record: RecordKinds[RecordKind] }[],
): EncodedBatch {
  const encoder = new BatchEncoder(dialect, records.length);
  for (const r of records) encoder.add(r.kind, r.record);
  return encoder.take();
}

/** Bytes of text decoded at a time: small enough for a string that dies young (not a large object). */
const DECODE_BYTES = 1 << 16;

/**
 * Unpacks SQLite rows: calls `row(params)` for each row with the cells in the order source, key, content
 * columns, digest (booleans as 0/1). The array is reused from row to row. The text is decoded a group of
 * rows at a time (about 64 KB), so that its strings stay small and die young: one string for a whole
 * batch would be a large object, and those pile up until a full garbage collection.
 */
export function forEachSqliteRow(rows: SqliteKindRows, row: (params: CellValue[]) => void): void {
  const types = cellTypes(rows.kind);
  const width = types.length + 4;
  const params: CellValue[] = new Array(width - 1);
  const { cells } = rows;
  const bytes = Buffer.from(rows.text.buffer, rows.text.byteOffset, rows.text.byteLength);
  let text = '';
  /** UTF-16 offset (in the whole batch) where `text` starts, and the row where the next group starts. */
  let base = 0;
  let groupEnd = 0;
  let pos = 0;
  let at = 0;
  for (let r = 0; r < rows.count; r++) {
    if (r === groupEnd) {
      // The next group: rows whose text ends within DECODE_BYTES of this row's start.
      const byteStart = r === 0 ? 0 : cells[r * width - 1]!;
      let last = r;
      while (last + 1 < rows.count && cells[(last + 2) * width - 1]! - byteStart <= DECODE_BYTES) last++;
      text = bytes.toString('utf8', byteStart, cells[(last + 1) * width - 1]!);
      base = pos;
      groupEnd = last + 1;
    }
    let end = cells[at++]!;
    params[0] = text.slice(pos - base, end - base);
    pos = end;
    end = cells[at++]!;
    params[1] = text.slice(pos - base, end - base);
    pos = end;
    for (let i = 0; i < types.length; i++) {
      const c = cells[at++]!;
      if (types[i] === TEXT) {
        if (c < 0) params[i + 2] = null;
        else {
          params[i + 2] = text.slice(pos - base, c - base);
          pos = c;
        }
      } else params[i + 2] = Number.isNaN(c) ? null : c;
    }
    end = cells[at++]!;
    params[width - 2] = text.slice(pos - base, end - base);
    pos = end;
    at++; // the row's byte offset
    row(params);
  }
}

/** A COPY text field back to its text: `\t`, `\n`, `\r`, `\\` unescaped (the only escapes the encoder writes). */
function unescapeCopy(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c,
  );
}

/**
 * The contacts a batch touches (source and contact id), from contact rows and status event rows: what the
 * live monitor reads again once the batch has committed. Other kinds touch no running clock.
 */
export function touchedContacts(batch: EncodedBatch): { source: string; id: string }[] {
  const out: { source: string; id: string }[] = [];
  for (const rows of batch.kinds) {
    if (rows.kind !== 'contacts' && rows.kind !== 'status_events') continue;
    // Contacts are keyed by their id (column 1); a status event names its contact first (column 2).
    const column = rows.kind === 'contacts' ? 1 : 2;
    if (batch.dialect === 'sqlite') {
      forEachSqliteRow(rows as SqliteKindRows, (params) =>
        out.push({ source: String(params[0]), id: String(params[column]) }),
      );
      continue;
    }
    const text = Buffer.from(rows.text.buffer, rows.text.byteOffset, rows.text.byteLength).toString('utf8');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const fields = line.split('\t', column + 1);
      out.push({ source: unescapeCopy(fields[0]!), id: unescapeCopy(fields[column]!) });
    }
  }
  return out;
}
