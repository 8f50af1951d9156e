/**
 * The records of an evaluation in a compact columnar form: a million contacts as a handful of typed arrays
 * (about 75 bytes each) instead of a million objects (about 1 KB each).
 *
 * - Instants are epoch milliseconds, NaN for null, in `InstantColumn`s (whole seconds in 32 bits, the rare
 *   other value kept exactly beside them); reopen counts and handling times in `SmallNumberColumn`s.
 * - Channel, direction, status and survey kind are small integer codes; language, queue, segment, priority,
 *   category, agent, source and attribute values are codes into interned string tables (code 0 = null),
 *   in byte arrays that widen when a table outgrows them.
 * - Contact ids live once, as UTF-8 bytes, in a key table shared by contacts, status events, surveys and
 *   QA evaluations: a record names its contact by an integer key.
 * - The small kinds (QA evaluations, outages, incidents, privacy incidents, forecasts) stay plain records.
 *
 * A `DataSet` of record objects converts into this form (`EvaluationData.fromDataSet`); the file reader
 * (src/ingest/columnar-reader.ts) fills it directly. Fields the evaluation never reads are not kept: a
 * contact's `customer` pseudonym, a status event's `native_status`, a survey's `comment`. Once evaluated,
 * the data is indexed (data-index.ts: keys merged, events packed) and takes no more records.
 */
import {
  CHANNELS,
  type Contact,
  type DataSet,
  DIRECTIONS,
  type Forecast,
  type Incident,
  type Outage,
  type PrivacyIncident,
  type QaEvaluation,
  type RecordKind,
  type RecordKinds,
  STATUSES,
  type StatusEvent,
  SURVEY_KINDS,
  type Survey,
} from '../records.js';

/** Code of a status or survey kind outside the known lists (never matches a metric). */
export const UNKNOWN_CODE = 255;

/** Interned strings; code 0 stands for null. */
export class StringTable {
  readonly values: (string | null)[] = [null];
  private readonly index = new Map<string, number>();

  constructor(initial: readonly string[] = []) {
    for (const v of initial) this.code(v);
  }

  code(value: string | null): number {
    if (value === null) return 0;
    let c = this.index.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(value);
      this.index.set(value, c);
    }
    return c;
  }

  /** The code of a value already in the table, or -1. */
  find(value: string): number {
    return this.index.get(value) ?? -1;
  }

  get size(): number {
    return this.values.length;
  }
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** 32-bit FNV-1a over bytes, seeded with the source code. */
function hashBytes(bytes: Uint8Array, start: number, end: number, seed: number): number {
  let h = (0x811c9dc5 ^ Math.imul(seed, 0x9e3779b1)) | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  // Finish as murmur3 does, so that the low bits (the slot) depend on every byte.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Record keys: (source, id) → a small integer, the id kept once as UTF-8 bytes. The records of every kind
 * that name a contact hold its key, so that a status event finds its contact by an integer.
 *
 * Status events, surveys and QA evaluations mostly come in the order of their contacts, so a lookup first
 * looks a few keys ahead of the last one found. What it does not find there becomes a new key, until such
 * misses are many: then a hash index is built (once; keys are inserted in hash order, so that building it
 * writes memory in order instead of missing the cache once per key). A contact's id is always added as a new key, without a lookup: duplicate ids are rare, and `dedupe`
 * merges the keys that name the same (source, id) once every record is in.
 */
export class KeyTable {
  private bytes = new Uint8Array(1 << 12);
  private used = 0;
  /** Byte offset of key k's id is offsets[k], its end offsets[k + 1]. */
  private offsets = new Int32Array(1 << 10);
  private sources = new Int32Array(1 << 10);
  private count = 0;
  private scratch = new Uint8Array(256);
  /** The key found or added last. */
  private cursor = 0;
  /** Lookups the look-ahead did not answer before the hash index was built. */
  private misses = 0;
  /** Far look-aheads in a row (in this file) that found nothing. */
  private farFailures = 0;
  /** The hash index, built on the first lookup that the look-ahead cannot answer: slot = hash & mask. */
  private slots: Int32Array | null = null;
  private hashes: Int32Array = new Int32Array(0);

  get size(): number {
    return this.count;
  }

  /** Average bytes of an id so far (16 before the first). */
  get averageLength(): number {
    return this.count === 0 ? 16 : this.used / this.count;
  }

  /** Makes room for `keys` more keys of `bytes` more bytes (a hint; adding grows as needed). */
  reserve(keys: number, bytes: number): void {
    if (this.used + bytes > this.bytes.length) this.growBytes(this.used + bytes);
    if (this.count + keys + 1 >= this.offsets.length) this.growKeys(this.count + keys + 1);
  }

  private growBytes(min: number): void {
    const cap = nextCapacity(this.bytes.length, min);
    const b = new Uint8Array(cap);
    b.set(this.bytes.subarray(0, this.used));
    this.bytes = b;
  }

  private growKeys(min: number): void {
    const cap = nextCapacity(this.offsets.length, min);
    const grow = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a.subarray(0, this.count + 1));
      return b;
    };
    this.offsets = grow(this.offsets);
    this.sources = grow(this.sources);
    if (this.slots !== null) {
      this.hashes = grow(this.hashes);
      if (this.slots.length * 3 < cap * 4) this.buildIndex();
    }
  }

  /**
   * The keys' hashes, and the keys in order of the low `bits` bits of their hash: stable radix passes of 11
   * bits (2048 buckets, so that the scattered writes stay in cache).
   */
  private hashOrder(bits: number): { hashes: Int32Array; sorted: Int32Array } {
    const n = this.count;
    const hashes = new Int32Array(Math.max(n, this.offsets.length));
    for (let k = 0; k < n; k++)
      hashes[k] = hashBytes(this.bytes, this.offsets[k]!, this.offsets[k + 1]!, this.sources[k]!);
    let sorted = new Int32Array(n);
    for (let k = 0; k < n; k++) sorted[k] = k;
    let other = new Int32Array(n);
    const counts = new Int32Array(2049);
    for (let shift = 0; shift < bits; shift += 11) {
      counts.fill(0);
      for (let p = 0; p < n; p++) counts[((hashes[sorted[p]!]! >>> shift) & 2047) + 1]!++;
      for (let v = 0; v < 2048; v++) counts[v + 1]! += counts[v]!;
      for (let p = 0; p < n; p++) {
        const k = sorted[p]!;
        other[counts[(hashes[k]! >>> shift) & 2047]!++] = k;
      }
      const t = sorted;
      sorted = other;
      other = t;
    }
    return { hashes, sorted };
  }

  /** (Re)builds the hash index with room for the key capacity, at most 3/4 full. */
  private buildIndex(): void {
    let size = 1 << 10;
    while (size * 3 < this.offsets.length * 4) size *= 2;
    const mask = size - 1;
    const { hashes, sorted } = this.hashOrder(Math.log2(size));
    this.hashes = hashes;
    const slots = new Int32Array(size);
    // In this order the home slots ascend: the writes run through memory in order.
    for (let p = 0; p < sorted.length; p++) {
      const k = sorted[p]!;
      let s = hashes[k]! & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = k + 1;
    }
    this.slots = slots;
  }

  private indexKey(k: number, h: number): void {
    const slots = this.slots!;
    const mask = slots.length - 1;
    this.hashes[k] = h;
    let s = h & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = k + 1;
  }

  /** Frees the hash index (once every record is in). */
  compact(): void {
    this.slots = null;
    this.hashes = new Int32Array(0);
  }

  /** Where the next lookups start (a new file usually starts with the first contact's records). */
  rewind(): void {
    this.cursor = 0;
    this.farFailures = 0;
  }

  /** Whether key k is (source, src[start, end)); compares from the end, where ids differ most. */
  private equals(k: number, src: Uint8Array, start: number, end: number, source: number): boolean {
    const o = this.offsets[k]!;
    const len = end - start;
    if (this.offsets[k + 1]! - o !== len || this.sources[k] !== source) return false;
    const bytes = this.bytes;
    for (let i = len - 1; i >= 0; i--) if (bytes[o + i] !== src[start + i]) return false;
    return true;
  }

  /** A new key for (source, src[start, end)), whether or not one exists (`dedupe` merges them). */
  addBytes(src: Uint8Array, start: number, end: number, source: number): number {
    const len = end - start;
    if (this.used + len > this.bytes.length) this.growBytes(this.used + len);
    const k = this.count;
    if (k + 2 >= this.offsets.length) this.growKeys(k + 2);
    const bytes = this.bytes;
    const at = this.used;
    for (let i = 0; i < len; i++) bytes[at + i] = src[start + i]!;
    this.used += len;
    this.sources[k] = source;
    this.offsets[k + 1] = this.used;
    this.count = k + 1;
    this.cursor = k;
    if (this.slots !== null) this.indexKey(k, hashBytes(bytes, at, at + len, source));
    return k;
  }

  /** The key of (source, src[start, end)) near the last one found, else a new key. */
  internBytes(src: Uint8Array, start: number, end: number, source: number): number {
    const last = Math.min(this.count, this.cursor + 48);
    for (let k = this.cursor; k < last; k++) {
      if (this.equals(k, src, start, end, source)) {
        this.cursor = k;
        return k;
      }
    }
    if (this.slots === null) {
      // A gap of a few thousand contacts without records of this kind is common (surveys answer a
      // fraction of the contacts): look further ahead, while doing so keeps finding them.
      if (this.farFailures < 64) {
        const far = Math.min(this.count, this.cursor + 4096);
        for (let k = last; k < far; k++) {
          if (this.equals(k, src, start, end, source)) {
            this.cursor = k;
            this.farFailures = 0;
            return k;
          }
        }
        this.farFailures++;
      }
      // A few records out of order are cheaper as new keys (merged by `dedupe`) than a hash index; the
      // look-ahead stays where the records in order are.
      if (++this.misses < Math.max(4096, this.count / 16)) {
        const cursor = this.cursor;
        const k = this.addBytes(src, start, end, source);
        this.cursor = cursor;
        return k;
      }
      this.buildIndex();
    }
    // Out of the contacts' order: the hash index finds it (and the look-ahead goes on from there).
    const slots = this.slots!;
    const mask = slots.length - 1;
    const h = hashBytes(src, start, end, source);
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const k = slots[s]! - 1;
      if (k < 0) break;
      if (this.hashes[k] === h && this.equals(k, src, start, end, source)) {
        this.cursor = k;
        return k;
      }
    }
    return this.addBytes(src, start, end, source);
  }

  private encode(id: string): number {
    if (this.scratch.length < id.length * 3) this.scratch = new Uint8Array(id.length * 3);
    return textEncoder.encodeInto(id, this.scratch).written;
  }

  /** As internBytes, for an id as text. */
  intern(id: string, source: number): number {
    return this.internBytes(this.scratch, 0, this.encode(id), source);
  }

  /** As addBytes, for an id as text. */
  add(id: string, source: number): number {
    return this.addBytes(this.scratch, 0, this.encode(id), source);
  }

  /**
   * Merges keys naming the same (source, id): the canonical key of each key (the first of its kind), or
   * null when every key is distinct. Sorts the keys by a hash of their bytes (two radix passes) and
   * compares the bytes of equal hashes.
   */
  dedupe(): Int32Array | null {
    const n = this.count;
    if (n < 2) return null;
    const { hashes, sorted } = this.hashOrder(22);
    // Keys whose hashes agree in the low 22 bits are neighbours, in key order (the passes are stable).
    let canon: Int32Array | null = null;
    let runStart = 0;
    for (let p = 1; p <= n; p++) {
      if (p < n && ((hashes[sorted[p]!]! ^ hashes[sorted[runStart]!]!) & 0x3fffff) === 0) continue;
      for (let q = runStart + 1; q < p; q++) {
        const k = sorted[q]!;
        const o = this.offsets[k]!;
        for (let r = runStart; r < q; r++) {
          const j = sorted[r]!;
          if (hashes[j] !== hashes[k]) continue;
          if (this.equals(j, this.bytes, o, this.offsets[k + 1]!, this.sources[k]!)) {
            if (canon === null) {
              canon = new Int32Array(n);
              for (let i = 0; i < n; i++) canon[i] = i;
            }
            canon[k] = canon[j]!;
            break;
          }
        }
      }
      runStart = p;
    }
    return canon;
  }

  /** The id of a key. */
  id(key: number): string {
    const from = this.offsets[key]!;
    const to = this.offsets[key + 1]!;
    let ascii = true;
    for (let i = from; i < to; i++) {
      if (this.bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii && to - from <= 1024)
      return String.fromCharCode.apply(null, this.bytes.subarray(from, to) as unknown as number[]);
    return textDecoder.decode(this.bytes.subarray(from, to));
  }

  /** The source code of a key. */
  source(key: number): number {
    return this.sources[key]!;
  }

  /** Bytes held (for memory figures). */
  get byteSize(): number {
    return this.bytes.byteLength + this.offsets.byteLength * 2;
  }
}

const INSTANT_NULL = -0x80000000;
const INSTANT_EXACT = -0x7fffffff;
/** 2020-01-01T00:00:00Z: whole seconds within ±68 years of it fit in 32 bits. */
const INSTANT_BASE = Date.UTC(2020, 0, 1);

/**
 * A column of instants (epoch ms, NaN for null) in half the memory of a Float64Array: whole seconds since
 * 2020 in 32 bits, the few other values (milliseconds, far dates) kept exactly beside them. A column where
 * such values are common turns into a plain Float64Array.
 */
export class InstantColumn {
  private secs: Int32Array;
  private wide: Float64Array | null = null;
  private readonly exact = new Map<number, number>();
  private length = 0;

  constructor(capacity = 0) {
    this.secs = new Int32Array(capacity);
  }

  get byteLength(): number {
    return this.wide !== null ? this.wide.byteLength : this.secs.byteLength + this.exact.size * 32;
  }

  /** The instant at i (NaN for null). */
  get(i: number): number {
    const w = this.wide;
    if (w !== null) return w[i]!;
    const v = this.secs[i]!;
    if (v > INSTANT_EXACT) return INSTANT_BASE + v * 1000;
    return v === INSTANT_NULL ? Number.NaN : this.exact.get(i)!;
  }

  set(i: number, ms: number): void {
    if (i >= this.length) this.length = i + 1;
    const w = this.wide;
    if (w !== null) {
      w[i] = ms;
      return;
    }
    if (Number.isNaN(ms)) {
      this.secs[i] = INSTANT_NULL;
      return;
    }
    const s = (ms - INSTANT_BASE) / 1000;
    if (s === Math.floor(s) && s > INSTANT_EXACT && s <= 0x7fffffff) {
      this.secs[i] = s;
      return;
    }
    this.secs[i] = INSTANT_EXACT;
    this.exact.set(i, ms);
    if (this.exact.size > 4096 && this.exact.size * 16 > this.length) this.widen();
  }

  private widen(): void {
    const w = new Float64Array(this.secs.length);
    for (let i = 0; i < this.length; i++) w[i] = this.get(i);
    this.wide = w;
    this.secs = new Int32Array(0);
    this.exact.clear();
  }

  /** Room for `cap` values (the first `n` kept). */
  grow(cap: number, n: number): void {
    if (this.wide !== null) {
      this.wide = growF64(this.wide, cap, n);
      return;
    }
    const b = new Int32Array(cap);
    b.set(this.secs.subarray(0, n));
    this.secs = b;
  }
}

const SMALL_NULL = 0xffff;

/**
 * A column of numbers (NaN for null) that are mostly small whole numbers (a reopen count, a handling time
 * in seconds): 16 bits each while they are, a Float64Array from the first value that is not.
 */
export class SmallNumberColumn {
  private small: Uint16Array;
  private wide: Float64Array | null = null;
  private length = 0;

  constructor(capacity = 0) {
    this.small = new Uint16Array(capacity);
  }

  get byteLength(): number {
    return this.wide !== null ? this.wide.byteLength : this.small.byteLength;
  }

  get(i: number): number {
    const w = this.wide;
    if (w !== null) return w[i]!;
    const v = this.small[i]!;
    return v === SMALL_NULL ? Number.NaN : v;
  }

  set(i: number, value: number): void {
    if (i >= this.length) this.length = i + 1;
    const w = this.wide;
    if (w !== null) w[i] = value;
    else if (Number.isNaN(value)) this.small[i] = SMALL_NULL;
    else if (value >= 0 && value < SMALL_NULL && Math.floor(value) === value && !Object.is(value, -0))
      this.small[i] = value;
    else {
      const wide = new Float64Array(this.small.length);
      for (let k = 0; k < this.length; k++) wide[k] = this.get(k);
      wide[i] = value;
      this.wide = wide;
      this.small = new Uint16Array(0);
    }
  }

  grow(cap: number, n: number): void {
    if (this.wide !== null) {
      this.wide = growF64(this.wide, cap, n);
      return;
    }
    const b = new Uint16Array(cap);
    b.set(this.small.subarray(0, n));
    this.small = b;
  }
}

function growF64(a: Float64Array, cap: number, n: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a.subarray(0, n));
  return b;
}
function growI32(a: Int32Array, cap: number, n: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a.subarray(0, n));
  return b;
}
function growU8(a: Uint8Array, cap: number, n: number): Uint8Array {
  const b = new Uint8Array(cap);
  b.set(a.subarray(0, n));
  return b;
}
function growI8(a: Int8Array, cap: number, n: number): Int8Array {
  const b = new Int8Array(cap);
  b.set(a.subarray(0, n));
  return b;
}

/** Room for `min` records: exactly that for a size hint (a large step), else grown geometrically. */
function nextCapacity(current: number, min: number): number {
  if (min - current > Math.max(current / 4, 64)) return min;
  let cap = Math.max(current, 16);
  while (cap < min) cap = Math.ceil(cap * (cap >= 1 << 16 ? 1.25 : 2));
  return cap;
}

/** Codes of a string table, one per record: bytes while the table is small, wider when it grows. */
export type Codes = Uint8Array | Uint16Array | Int32Array;

/** The largest code an array of codes can hold. */
export const maxCode = (codes: Codes) =>
  codes instanceof Uint8Array ? 0xff : codes instanceof Uint16Array ? 0xffff : 0x7fffffff;

/** A copy of `codes` with capacity `cap` (the first n kept), wide enough for `code` as well. */
function growCodes(codes: Codes, cap: number, n: number, code = 0): Codes {
  const need = Math.max(maxCode(codes), code <= 0xff ? 0xff : code <= 0xffff ? 0xffff : 0x7fffffff);
  const b: Codes =
    need === 0xff ? new Uint8Array(cap) : need === 0xffff ? new Uint16Array(cap) : new Int32Array(cap);
  b.set(codes.subarray(0, n));
  return b;
}

/** An attribute column of contacts: codes into its own table (0 = the contact has no such attribute). */
export class AttributeColumn {
  readonly values = new StringTable();
  constructor(public codes: Codes) {}
}

/**
 * Contacts, one array per field. Writers call `reserve` and then fill index `length` of every array before
 * incrementing `length` (the arrays are replaced when they grow: read them after `reserve`).
 */
export class ContactColumns {
  length = 0;
  capacity = 0;
  key: Int32Array = new Int32Array(0);
  channel: Uint8Array = new Uint8Array(0);
  direction: Uint8Array = new Uint8Array(0);
  language: Codes = new Uint8Array(0);
  queue: Codes = new Uint8Array(0);
  segment: Codes = new Uint8Array(0);
  priority: Codes = new Uint8Array(0);
  category: Codes = new Uint8Array(0);
  agent: Codes = new Uint8Array(0);
  readonly createdAt = new InstantColumn();
  readonly answeredAt = new InstantColumn();
  readonly abandonedAt = new InstantColumn();
  readonly firstResponseAt = new InstantColumn();
  readonly resolvedAt = new InstantColumn();
  readonly firstResolvedAt = new InstantColumn();
  /** NaN = unknown. */
  readonly reopenCount = new SmallNumberColumn();
  /** NaN = unknown. */
  readonly handleSeconds = new SmallNumberColumn();
  /** -1 unknown, 0 false, 1 true. */
  firstTimeRight: Int8Array = new Int8Array(0);
  readonly attributes = new Map<string, AttributeColumn>();

  reserve(extra: number): void {
    const min = this.length + extra;
    if (min <= this.capacity) return;
    const cap = nextCapacity(this.capacity, min);
    const n = this.length;
    this.key = growI32(this.key, cap, n);
    this.channel = growU8(this.channel, cap, n);
    this.direction = growU8(this.direction, cap, n);
    this.language = growCodes(this.language, cap, n);
    this.queue = growCodes(this.queue, cap, n);
    this.segment = growCodes(this.segment, cap, n);
    this.priority = growCodes(this.priority, cap, n);
    this.category = growCodes(this.category, cap, n);
    this.agent = growCodes(this.agent, cap, n);
    this.createdAt.grow(cap, n);
    this.answeredAt.grow(cap, n);
    this.abandonedAt.grow(cap, n);
    this.firstResponseAt.grow(cap, n);
    this.resolvedAt.grow(cap, n);
    this.firstResolvedAt.grow(cap, n);
    this.reopenCount.grow(cap, n);
    this.handleSeconds.grow(cap, n);
    this.firstTimeRight = growI8(this.firstTimeRight, cap, n);
    for (const a of this.attributes.values()) a.codes = growCodes(a.codes, cap, n);
    this.capacity = cap;
  }

  /** The largest code each coded column holds now: language, queue, segment, priority, category, agent. */
  readonly codeLimits = new Int32Array(6).fill(0xff);

  /** Whether every code fits its column (else call `fitCodes`). */
  codesFit(
    language: number,
    queue: number,
    segment: number,
    priority: number,
    category: number,
    agent: number,
  ): boolean {
    const l = this.codeLimits;
    return (
      language <= l[0]! &&
      queue <= l[1]! &&
      segment <= l[2]! &&
      priority <= l[3]! &&
      category <= l[4]! &&
      agent <= l[5]!
    );
  }

  /** Widens the coded columns that cannot hold these codes. */
  fitCodes(
    language: number,
    queue: number,
    segment: number,
    priority: number,
    category: number,
    agent: number,
  ): void {
    const n = this.length;
    const cap = this.capacity;
    if (language > maxCode(this.language)) this.language = growCodes(this.language, cap, n, language);
    if (queue > maxCode(this.queue)) this.queue = growCodes(this.queue, cap, n, queue);
    if (segment > maxCode(this.segment)) this.segment = growCodes(this.segment, cap, n, segment);
    if (priority > maxCode(this.priority)) this.priority = growCodes(this.priority, cap, n, priority);
    if (category > maxCode(this.category)) this.category = growCodes(this.category, cap, n, category);
    if (agent > maxCode(this.agent)) this.agent = growCodes(this.agent, cap, n, agent);
    const limits = this.codeLimits;
    limits[0] = maxCode(this.language);
    limits[1] = maxCode(this.queue);
    limits[2] = maxCode(this.segment);
    limits[3] = maxCode(this.priority);
    limits[4] = maxCode(this.category);
    limits[5] = maxCode(this.agent);
  }

  /** Widens an attribute column that cannot hold this code. */
  fitAttribute(a: AttributeColumn, code: number): void {
    if (code > maxCode(a.codes)) a.codes = growCodes(a.codes, this.capacity, this.length, code);
  }

  /** The column of an attribute, created (all null so far) when new. */
  attribute(name: string): AttributeColumn {
    let a = this.attributes.get(name);
    if (!a) {
      a = new AttributeColumn(new Uint8Array(this.capacity));
      this.attributes.set(name, a);
    }
    return a;
  }

  get byteSize(): number {
    const columns: { byteLength: number }[] = [
      this.key,
      this.channel,
      this.direction,
      this.language,
      this.queue,
      this.segment,
      this.priority,
      this.category,
      this.agent,
      this.createdAt,
      this.answeredAt,
      this.abandonedAt,
      this.firstResponseAt,
      this.resolvedAt,
      this.firstResolvedAt,
      this.reopenCount,
      this.handleSeconds,
      this.firstTimeRight,
      ...[...this.attributes.values()].map((a) => a.codes),
    ];
    return columns.reduce((sum, c) => sum + c.byteLength, 0);
  }
}

/** Status events: the contact's key, the status (index in STATUSES) and the instant. */
export class EventColumns {
  length = 0;
  capacity = 0;
  key: Int32Array = new Int32Array(0);
  status: Uint8Array = new Uint8Array(0);
  readonly at = new InstantColumn();

  reserve(extra: number): void {
    const min = this.length + extra;
    if (min <= this.capacity) return;
    const cap = nextCapacity(this.capacity, min);
    const n = this.length;
    this.key = growI32(this.key, cap, n);
    this.status = growU8(this.status, cap, n);
    this.at.grow(cap, n);
    this.capacity = cap;
  }

  get byteSize(): number {
    return this.capacity * 5 + this.at.byteLength;
  }
}

/** Survey answers: key, kind (index in SURVEY_KINDS), score and scale, the instant. */
export class SurveyColumns {
  length = 0;
  capacity = 0;
  key: Int32Array = new Int32Array(0);
  kind: Uint8Array = new Uint8Array(0);
  score: Float64Array = new Float64Array(0);
  scaleMin: Float64Array = new Float64Array(0);
  scaleMax: Float64Array = new Float64Array(0);
  answeredAt: Float64Array = new Float64Array(0);

  reserve(extra: number): void {
    const min = this.length + extra;
    if (min <= this.capacity) return;
    const cap = nextCapacity(this.capacity, min);
    const n = this.length;
    this.key = growI32(this.key, cap, n);
    this.kind = growU8(this.kind, cap, n);
    this.score = growF64(this.score, cap, n);
    this.scaleMin = growF64(this.scaleMin, cap, n);
    this.scaleMax = growF64(this.scaleMax, cap, n);
    this.answeredAt = growF64(this.answeredAt, cap, n);
    this.capacity = cap;
  }

  get byteSize(): number {
    return this.capacity * 37;
  }
}

const nullable = (v: number | null) => (v === null ? Number.NaN : v);
const STATUS_CODES = new Map<string, number>(STATUSES.map((s, i) => [s, i]));
const SURVEY_CODES = new Map<string, number>(SURVEY_KINDS.map((s, i) => [s, i]));

/** The status code of a status name (UNKNOWN_CODE outside STATUSES). */
export const statusCode = (s: string) => STATUS_CODES.get(s) ?? UNKNOWN_CODE;
/** The survey kind code of a kind name (UNKNOWN_CODE outside SURVEY_KINDS). */
export const surveyKindCode = (s: string) => SURVEY_CODES.get(s) ?? UNKNOWN_CODE;

/** Everything an evaluation reads, in columns. Fill it, then hand it to `evaluate`. */
export class EvaluationData {
  readonly keys = new KeyTable();
  readonly sources = new StringTable();
  /** Channel and direction codes are fixed: 1 + the index in CHANNELS / DIRECTIONS. */
  readonly channels = new StringTable(CHANNELS);
  readonly directions = new StringTable(DIRECTIONS);
  readonly languages = new StringTable();
  readonly queues = new StringTable();
  readonly segments = new StringTable();
  readonly priorities = new StringTable();
  readonly categories = new StringTable();
  readonly agents = new StringTable();
  readonly contacts = new ContactColumns();
  readonly events = new EventColumns();
  readonly surveys = new SurveyColumns();
  readonly qa: QaEvaluation[] = [];
  /** The key of each QA evaluation's contact, in the order of `qa`. */
  readonly qaKeys: number[] = [];
  readonly outages: Outage[] = [];
  readonly incidents: Incident[] = [];
  readonly privacy: PrivacyIncident[] = [];
  readonly forecasts: Forecast[] = [];
  /** Set by the index once built (it is built once per data set). */
  index: unknown = null;

  static fromDataSet(data: DataSet): EvaluationData {
    const d = new EvaluationData();
    d.contacts.reserve(data.contacts.length);
    for (const c of data.contacts) d.addContact(c);
    d.events.reserve(data.status_events.length);
    for (const e of data.status_events) d.addStatusEvent(e);
    d.surveys.reserve(data.surveys.length);
    for (const s of data.surveys) d.addSurvey(s);
    for (const q of data.qa_evaluations) d.addQaEvaluation(q);
    d.outages.push(...data.outages);
    d.incidents.push(...data.incidents);
    d.privacy.push(...data.privacy_incidents);
    d.forecasts.push(...data.forecasts);
    return d;
  }

  /** Adds a record of any kind (`fields` as for addContact). */
  add<K extends RecordKind>(kind: K, record: RecordKinds[K], fields?: ReadonlySet<string> | undefined): void {
    switch (kind) {
      case 'contacts':
        this.addContact(record as Contact, fields);
        return;
      case 'status_events':
        this.addStatusEvent(record as StatusEvent);
        return;
      case 'surveys':
        this.addSurvey(record as Survey);
        return;
      case 'qa_evaluations':
        this.addQaEvaluation(record as QaEvaluation);
        return;
      case 'outages':
        this.outages.push(record as Outage);
        return;
      case 'incidents':
        this.incidents.push(record as Incident);
        return;
      case 'privacy_incidents':
        this.privacy.push(record as PrivacyIncident);
        return;
      case 'forecasts':
        this.forecasts.push(record as Forecast);
        return;
    }
  }

  /**
   * Adds a contact record. `fields` limits the text columns (queue, segment, agent) and attributes kept
   * (those the contracts read); undefined keeps all.
   */
  addContact(c: Contact, fields?: ReadonlySet<string> | undefined): void {
    const cols = this.contacts;
    cols.reserve(1);
    const i = cols.length;
    cols.key[i] = this.keys.add(c.id, this.sources.code(c.source));
    const channel = this.channels.code(c.channel);
    const direction = this.directions.code(c.direction);
    if (channel > 255 || direction > 255) throw new RangeError('too many distinct channels or directions');
    cols.channel[i] = channel;
    cols.direction[i] = direction;
    const language = this.languages.code(c.language);
    const kept = (field: string, value: string | null) =>
      fields === undefined || fields.has(field) ? value : null;
    const queue = this.queues.code(kept('queue', c.queue));
    const segment = this.segments.code(kept('segment', c.segment));
    const priority = this.priorities.code(c.priority);
    const category = this.categories.code(c.category);
    const agent = this.agents.code(kept('agent', c.agent));
    if (!cols.codesFit(language, queue, segment, priority, category, agent))
      cols.fitCodes(language, queue, segment, priority, category, agent);
    cols.language[i] = language;
    cols.queue[i] = queue;
    cols.segment[i] = segment;
    cols.priority[i] = priority;
    cols.category[i] = category;
    cols.agent[i] = agent;
    cols.createdAt.set(i, c.createdAt);
    cols.answeredAt.set(i, nullable(c.answeredAt));
    cols.abandonedAt.set(i, nullable(c.abandonedAt));
    cols.firstResponseAt.set(i, nullable(c.firstResponseAt));
    cols.resolvedAt.set(i, nullable(c.resolvedAt));
    cols.firstResolvedAt.set(i, nullable(c.firstResolvedAt));
    cols.reopenCount.set(i, nullable(c.reopenCount));
    cols.handleSeconds.set(i, nullable(c.handleSeconds));
    cols.firstTimeRight[i] = c.firstTimeRight === null ? -1 : c.firstTimeRight ? 1 : 0;
    for (const a of cols.attributes.values()) a.codes[i] = 0;
    for (const name of Object.keys(c.attributes)) {
      if (fields !== undefined && !fields.has(name)) continue;
      const a = cols.attribute(name);
      const code = a.values.code(c.attributes[name]!);
      cols.fitAttribute(a, code);
      a.codes[i] = code;
    }
    cols.length = i + 1;
  }

  addStatusEvent(e: StatusEvent): void {
    const ev = this.events;
    ev.reserve(1);
    const i = ev.length;
    ev.key[i] = this.keys.intern(e.contactId, this.sources.code(e.source));
    ev.status[i] = statusCode(e.status);
    ev.at.set(i, e.at);
    ev.length = i + 1;
  }

  addSurvey(s: Survey): void {
    const sv = this.surveys;
    sv.reserve(1);
    const i = sv.length;
    sv.key[i] = this.keys.intern(s.contactId, this.sources.code(s.source));
    sv.kind[i] = surveyKindCode(s.kind);
    sv.score[i] = s.score;
    sv.scaleMin[i] = s.scaleMin;
    sv.scaleMax[i] = s.scaleMax;
    sv.answeredAt[i] = s.answeredAt;
    sv.length = i + 1;
  }

  addQaEvaluation(q: QaEvaluation): void {
    this.qa.push(q);
    this.qaKeys.push(this.keys.intern(q.contactId, this.sources.code(q.source)));
  }

  /** Bytes held by the columns (typed arrays; the string tables and small kinds not counted). */
  get byteSize(): number {
    return this.keys.byteSize + this.contacts.byteSize + this.events.byteSize + this.surveys.byteSize;
  }
}
