/**
 * The key table of the compact columns (columns.ts): every record that names a contact holds the integer key
 * of its (source, id), the id kept once as UTF-8 bytes.
 */
import { nextCapacity } from './typed-columns.js';

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

  /**
   * The key of (source, id) if the table holds it, else -1, without adding it. Builds the hash index (the
   * lookups after it use it too).
   */
  find(id: string, source: number): number {
    if (this.slots === null) this.buildIndex();
    const len = this.encode(id);
    const slots = this.slots!;
    const mask = slots.length - 1;
    const h = hashBytes(this.scratch, 0, len, source);
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const k = slots[s]! - 1;
      if (k < 0) return -1;
      if (this.hashes[k] === h && this.equals(k, this.scratch, 0, len, source)) return k;
    }
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
