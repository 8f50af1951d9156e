/**
 * The building blocks of the compact columns (columns.ts): interned strings, codes in arrays that widen
 * when a table outgrows them, and columns of instants and small numbers in half the memory of a
 * Float64Array. Every column grows the same way: `nextCapacity`, then a copy into a larger array.
 */

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
      this.wide = grow(this.wide, cap, n);
      return;
    }
    this.secs = grow(this.secs, cap, n);
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
      this.wide = grow(this.wide, cap, n);
      return;
    }
    this.small = grow(this.small, cap, n);
  }
}

/** An array of one of the typed kinds the columns use. */
type Typed = Float64Array | Int32Array | Uint16Array | Uint8Array | Int8Array;

/** A copy of `a` with capacity `cap`, the first n values kept. */
export function grow<T extends Typed>(a: T, cap: number, n: number): T {
  const b = new (a.constructor as new (length: number) => T)(cap);
  b.set(a.subarray(0, n) as never);
  return b;
}

/** Room for `min` records: exactly that for a size hint (a large step), else grown geometrically. */
export function nextCapacity(current: number, min: number): number {
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
export function growCodes(codes: Codes, cap: number, n: number, code = 0): Codes {
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
