/**
 * Period blocks: per UTC day, a columnar copy of the rows the period reader (period-columns.ts) reads most
 * — the contacts created that day, their status events, the surveys answered that day — kept in the store
 * beside the rows (table `period_blocks`, migration 0013). Decoding a day's block costs a few large values
 * handed over instead of one array and a dozen values per row, which is what made reading a month from
 * the store several times slower than reading it from files (docs/data-and-store.md).
 *
 * A block holds exactly the rows, in exactly the order and with exactly the values, that the period
 * reader's queries give for its day, with every field and every source: it is built from those queries.
 * It stays true because
 * - every write transaction that inserts or changes a row of a day deletes that day's blocks (the writers
 *   in writers.ts: a contact's old and new creation day, the creation day of a status event's contact, a
 *   survey's answer day; a privacy scrub deletes them all), after raising the data watermark, and
 * - a reader saves a block it built only while the data watermark is still the one it read the rows
 *   under (`saveBlocks`): a write that committed in between makes it throw the block away.
 *
 * Body of a block: u32 lengths of the header (JSON), of the digest lines and of the keys (UTF-8), a u32
 * left 0, the header, the lines, the keys, padding to 8 bytes, and the numbers (float64, NaN for null).
 * The digest lines are the period reader's digest lines of the block's rows (`source TAB digest`, one per
 * row, in order). The store holds a body in pieces of PIECES.bytes (migration 0014), one row each.
 */

/** Milliseconds of a UTC day: a block's day is floor(instant / DAY_MS). */
export const DAY_MS = 86_400_000;

export type BlockKind = 'contacts' | 'status_events' | 'surveys';

/** The day of an instant in epoch milliseconds. */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** Version of the body format: a block of another version is built again. */
export const BLOCK_FORMAT = 1;

/**
 * Numbers per contact: code index, six instants, reopen count, handle seconds, first time right (-1
 * unknown, 0, 1), the indexes of its queue, segment, agent and attribute set in their lists (-1 null), and
 * the end of its key in the block's keys (UTF-8 bytes, one after another).
 */
export const CONTACT_NUMBERS = 15;
/** Numbers per survey: source index, kind index, score, scale min, scale max, answered at. */
export const SURVEY_NUMBERS = 6;

/** What a block holds beyond its header: its digest lines, keys and numbers, where they lie in its body. */
export interface Block {
  readonly body: Buffer;
  readonly linesAt: number;
  readonly linesEnd: number;
  readonly keysAt: number;
  readonly numbers: Float64Array;
}

interface ContactHeader {
  readonly n: number;
  /** The status events of these contacts (in the event block of the same part). */
  readonly events: number;
  /** The distinct `codes` texts of the period reader's contact select. */
  readonly codes: readonly string[];
  /** The distinct queues, segments, agents and attribute sets (JSON text) of the block. */
  readonly queues: readonly string[];
  readonly segments: readonly string[];
  readonly agents: readonly string[];
  readonly attributeSets: readonly string[];
}

interface EventHeader {
  /** The contacts of the day's contact block. */
  readonly n: number;
  readonly statuses: readonly string[];
}

interface SurveyHeader {
  readonly n: number;
  readonly sources: readonly string[];
  readonly kinds: readonly string[];
  readonly contacts: readonly string[];
}

/** A block as built from the rows: its header, digest lines, keys (joined) and numbers. */
export interface BuiltBlock<H> {
  readonly header: H;
  readonly lines: string;
  readonly keys: string;
  readonly numbers: Float64Array;
}

/** n × CONTACT_NUMBERS numbers. */
export type ContactBlock = ContactHeader & Block;
/** n event counts (one per contact), then per event its status index and instant. */
export type EventBlock = EventHeader & Block;
/** n × SURVEY_NUMBERS numbers. */
export type SurveyBlock = SurveyHeader & Block;

const HEAD = 16;

function encode(b: BuiltBlock<object>): Uint8Array {
  const head = Buffer.from(JSON.stringify({ v: BLOCK_FORMAT, ...b.header }), 'utf8');
  const lines = Buffer.from(b.lines, 'utf8');
  const keys = Buffer.from(b.keys, 'utf8');
  const start = Math.ceil((HEAD + head.length + lines.length + keys.length) / 8) * 8;
  const body = Buffer.alloc(start + b.numbers.byteLength);
  body.writeUInt32LE(head.length, 0);
  body.writeUInt32LE(lines.length, 4);
  body.writeUInt32LE(keys.length, 8);
  head.copy(body, HEAD);
  lines.copy(body, HEAD + head.length);
  keys.copy(body, HEAD + head.length + lines.length);
  body.set(new Uint8Array(b.numbers.buffer, b.numbers.byteOffset, b.numbers.byteLength), start);
  return body;
}

/** A body's header and parts, or null when it is not of this format (it is then built again). */
function decode<H>(body: Uint8Array): (H & Block) | null {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (buf.length < HEAD) return null;
  const headLength = buf.readUInt32LE(0);
  const linesAt = HEAD + headLength;
  const keysAt = linesAt + buf.readUInt32LE(4);
  const start = Math.ceil((keysAt + buf.readUInt32LE(8)) / 8) * 8;
  if (start > buf.length || (buf.length - start) % 8 !== 0) return null;
  const header = JSON.parse(buf.toString('utf8', HEAD, linesAt)) as H & { v?: unknown };
  if (header.v !== BLOCK_FORMAT) return null;
  const count = (buf.length - start) / 8;
  // A view where the driver's buffer lets it be one (a float64 array starts at a multiple of 8), else a copy.
  let numbers: Float64Array;
  if ((buf.byteOffset + start) % 8 === 0)
    numbers = new Float64Array(buf.buffer, buf.byteOffset + start, count);
  else {
    numbers = new Float64Array(count);
    new Uint8Array(numbers.buffer).set(buf.subarray(start));
  }
  return { ...header, body: buf, linesAt, linesEnd: keysAt, keysAt, numbers };
}

export const encodeContacts = (b: BuiltBlock<ContactHeader>) => encode(b);
export const decodeContacts = (body: Uint8Array) => decode<ContactHeader>(body);
export const encodeEvents = (b: BuiltBlock<EventHeader>) => encode(b);
export const decodeEvents = (body: Uint8Array) => decode<EventHeader>(body);
export const encodeSurveys = (b: BuiltBlock<SurveyHeader>) => encode(b);
export const decodeSurveys = (body: Uint8Array) => decode<SurveyHeader>(body);

/** A block's digest lines as text. */
export const blockLines = (b: Block): string => b.body.toString('utf8', b.linesAt, b.linesEnd);

/** The start offsets of the lines of a digest text, and its length last: line i is [at[i], at[i+1]). */
export function lineStarts(lines: string, n: number): Int32Array {
  const at = new Int32Array(n + 1);
  let p = 0;
  for (let i = 0; i < n; i++) {
    at[i] = p;
    p = lines.indexOf('\n', p) + 1;
  }
  at[n] = lines.length;
  return at;
}

/** Index of a value in a growing list of distinct values. */
export class Distinct {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  private last: string | undefined;
  private lastIndex = -1;

  of(value: string): number {
    if (value === this.last) return this.lastIndex;
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    this.last = value;
    this.lastIndex = i;
    return i;
  }
}

/** Numbers of a growing block, one row of `width` at a time. */
export class NumberRows {
  numbers = new Float64Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[this.length++] = v;
  }

  take(): Float64Array {
    return this.numbers.slice(0, this.length);
  }
}

/**
 * Bytes per stored piece of a body (migration 0014): a body goes into the store and comes out in pieces
 * this size, which the reader copies into memory it reuses (`BodyBuffers`). Measured on a month of
 * 1,000,000 contacts (SQLite, the blocks alone): whole bodies of 7 MB took 0.92 s to read and raised the
 * process's peak by 145 MB; pieces of 64 KiB 0.31 s and 58 MB (16 KiB: 0.38 s; 1 MiB: 1.0 s). Tests make
 * it small, to read bodies of many pieces.
 */
export const PIECES = { bytes: 65_536 };

/** A body as the pieces it is stored in (views, not copies): at least one, empty for an empty body. */
export function piecesOf(body: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at === 0 || at < body.length; at += PIECES.bytes)
    out.push(body.subarray(at, at + PIECES.bytes));
  return out;
}

/**
 * Memory for the bodies of stored blocks, reused from one read to the next: a read of a day's blocks of a
 * kind puts its bodies together in the buffers of one lane, and the lanes take turns. With two lanes, the
 * bodies of a day stay valid while the next day's are read ahead (PostgreSQL); they are valid until the
 * read after the next, so a block is decoded and used before its day is done, never kept.
 */
export class BodyBuffers {
  private readonly lanes: Uint8Array[][];
  private turn = 0;

  constructor(lanes: number) {
    this.lanes = Array.from({ length: lanes }, () => []);
  }

  /** A writer for the next read's bodies. */
  writer(): BodyWriter {
    const lane = this.lanes[this.turn]!;
    this.turn = (this.turn + 1) % this.lanes.length;
    return new BodyWriter(lane);
  }
}

/** The bodies of one read, put together from their pieces' bytes in the order stored. */
export class BodyWriter {
  private readonly lengths: number[] = [];

  constructor(private readonly lane: Uint8Array[]) {}

  /** The next body begins (its piece 0). */
  start(): void {
    this.lengths.push(0);
    if (this.lane.length < this.lengths.length) this.lane.push(new Uint8Array(PIECES.bytes));
  }

  /** Bytes of the body begun last: a piece or a part of one. */
  append(bytes: Uint8Array): void {
    const i = this.lengths.length - 1;
    const length = this.lengths[i]!;
    let buffer = this.lane[i]!;
    if (length + bytes.length > buffer.length) {
      const grown = new Uint8Array(Math.max(2 * buffer.length, length + bytes.length));
      grown.set(buffer.subarray(0, length));
      this.lane[i] = buffer = grown;
    }
    buffer.set(bytes, length);
    this.lengths[i] = length + bytes.length;
  }

  /** The bodies written, as views of the lane's buffers. */
  bodies(): Uint8Array[] {
    return this.lengths.map((length, i) => this.lane[i]!.subarray(0, length));
  }
}

/** Whether the store holds any block: a write into a store without any has none to take away. */
const HAS_BLOCKS = 'select 1 from period_blocks limit 1';

/** The days whose contact blocks (contacts and their status events) and survey blocks a write changes. */
export interface TouchedDays {
  readonly contacts: Set<number>;
  readonly surveys: Set<number>;
}

interface MarkedKinds {
  readonly kind: string;
  readonly marks: { readonly days: readonly number[]; readonly contacts: readonly string[] };
}

/** The contacts (`source NUL id`) of the batches' marks, split into sources and ids. */
function markedContacts(kinds: readonly MarkedKinds[]): { sources: string[]; ids: string[] } {
  const sources: string[] = [];
  const ids: string[] = [];
  for (const k of kinds)
    for (const c of k.marks.contacts) {
      const at = c.indexOf('\u0000');
      sources.push(c.slice(0, at));
      ids.push(c.slice(at + 1));
    }
  return { sources, ids };
}

/** The days the rows themselves name (a contact's creation, a survey's answer), added to `into`. */
export function addMarkedDays(into: TouchedDays, kinds: readonly MarkedKinds[]): TouchedDays {
  for (const k of kinds) {
    const set = k.kind === 'contacts' ? into.contacts : k.kind === 'surveys' ? into.surveys : undefined;
    if (set !== undefined) for (const d of k.marks.days) set.add(d);
  }
  return into;
}

const CONTACT_KINDS = `kind in ('contacts', 'status_events')`;

/**
 * SQLite: what a write transaction (under the write lock, before its rows are applied) must know to keep
 * the blocks true, or null when the store has none (then none can appear before it commits). The
 * contacts' days are read before the rows change: a contact's creation may move to another day.
 */
export function sqliteBlocksBefore(
  db: import('better-sqlite3').Database,
  kinds: readonly MarkedKinds[],
): TouchedDays | null {
  if (db.prepare(HAS_TABLE_SQLITE).get() === undefined) return null;
  if (db.prepare(HAS_BLOCKS).get() === undefined) return null;
  const touched: TouchedDays = { contacts: new Set(), surveys: new Set() };
  const { sources, ids } = markedContacts(kinds);
  const day = db.prepare(`select created_at / ${DAY_MS} from contacts where source = ? and key = ?`).pluck();
  for (let i = 0; i < ids.length; i++) {
    const d = day.get(sources[i], ids[i]) as number | undefined;
    if (d !== undefined && d !== null) touched.contacts.add(Number(d));
  }
  return touched;
}

/** SQLite: deletes the touched days' blocks (after the watermark was raised, in the same transaction). */
export function sqliteDeleteBlocks(db: import('better-sqlite3').Database, touched: TouchedDays): void {
  const contacts = db.prepare(`delete from period_blocks where ${CONTACT_KINDS} and day = ?`);
  for (const d of touched.contacts) contacts.run(d);
  const surveys = db.prepare(`delete from period_blocks where kind = 'surveys' and day = ?`);
  for (const d of touched.surveys) surveys.run(d);
}

const HAS_TABLE_SQLITE = `select 1 from sqlite_master where type = 'table' and name = 'period_blocks'`;

/**
 * PostgreSQL: as sqliteBlocksBefore, first in the write transaction. The ROW EXCLUSIVE lock on the table
 * makes a reader's save (which takes SHARE ROW EXCLUSIVE, `saveBlocks`) wait for this transaction, and
 * this one wait for a save under way: a block saved before this check is seen by it, and a save after it
 * finds the data watermark raised.
 */
export async function postgresBlocksBefore(
  client: import('pg').PoolClient,
  kinds: readonly MarkedKinds[],
): Promise<TouchedDays | null> {
  const present = await client.query(`select to_regclass('period_blocks') is not null as present`);
  if ((present.rows[0] as { present?: boolean } | undefined)?.present !== true) return null;
  await client.query('lock table period_blocks in row exclusive mode');
  if ((await client.query(HAS_BLOCKS)).rows.length === 0) return null;
  const touched: TouchedDays = { contacts: new Set(), surveys: new Set() };
  const { sources, ids } = markedContacts(kinds);
  if (ids.length > 0) {
    const r = await client.query({
      text:
        `select distinct c.created_at / ${DAY_MS} from unnest($1::text[], $2::text[]) as m(source, id) ` +
        'join contacts c on c.source = m.source collate "C" and c.key = m.id collate "C"',
      values: [sources, ids],
      rowMode: 'array',
    });
    for (const row of r.rows as unknown[][]) touched.contacts.add(Number(row[0]));
  }
  return touched;
}

/** PostgreSQL: deletes the touched days' blocks (after the watermark was raised). */
export async function postgresDeleteBlocks(
  client: import('pg').PoolClient,
  touched: TouchedDays,
): Promise<void> {
  if (touched.contacts.size > 0)
    await client.query(`delete from period_blocks where ${CONTACT_KINDS} and day = any($1::int[])`, [
      [...touched.contacts],
    ]);
  if (touched.surveys.size > 0)
    await client.query(`delete from period_blocks where kind = 'surveys' and day = any($1::int[])`, [
      [...touched.surveys],
    ]);
}

/** Every block goes (a privacy scrub may change any day). */
export const DELETE_ALL_BLOCKS = 'delete from period_blocks';
