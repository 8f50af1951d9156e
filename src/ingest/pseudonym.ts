/**
 * Pseudonymisation of customer identifiers and personal fields (data.md, "Personal data"): a keyed hash,
 * HMAC-SHA-256, whose key never enters the database. Repeat-contact analysis still works (the same customer
 * gives the same pseudonym), and without the key nobody can test a guessed value against the store.
 *
 * The key comes from ACCORD_PSEUDONYM_KEY, else from a key file (ACCORD_PSEUDONYM_KEY_FILE, default
 * ~/.config/accord/pseudonym.key), created with mode 0600 on first use. The key is the text of the variable
 * or of the file (trimmed), so a file's content can be moved into the variable and back.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { blockWords, compress, initialState } from '../domain/sha256.js';

export interface PseudonymKeyOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Create the key file when it does not exist (ingest: yes; erase: no, a new key matches nothing). */
  readonly create?: boolean;
  /** Where notices go (the CLI: stderr). */
  readonly warn?: (message: string) => void;
}

export interface PseudonymKey {
  readonly key: Buffer;
  /** `ACCORD_PSEUDONYM_KEY` or the path of the key file. */
  readonly origin: string;
}

/** The key cannot be had: a missing file when creating is not allowed, an empty or unreadable file. */
export class PseudonymKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PseudonymKeyError';
  }
}

export function pseudonymKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.ACCORD_PSEUDONYM_KEY_FILE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
  return join(home, '.config', 'accord', 'pseudonym.key');
}

export function loadPseudonymKey(options: PseudonymKeyOptions = {}): PseudonymKey {
  const env = options.env ?? process.env;
  const fromEnv = env.ACCORD_PSEUDONYM_KEY?.trim();
  if (fromEnv !== undefined && fromEnv !== '')
    return { key: Buffer.from(fromEnv, 'utf8'), origin: 'ACCORD_PSEUDONYM_KEY' };
  const file = pseudonymKeyFile(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new PseudonymKeyError(`cannot read the pseudonymisation key ${file}: ${(e as Error).message}`);
    }
    if (!(options.create ?? false)) {
      throw new PseudonymKeyError(
        `no pseudonymisation key: ${file} does not exist and ACCORD_PSEUDONYM_KEY is not set`,
      );
    }
    return createKeyFile(file, options.warn);
  }
  const key = text.trim();
  if (key === '') throw new PseudonymKeyError(`the pseudonymisation key file ${file} is empty`);
  try {
    if ((statSync(file).mode & 0o077) !== 0) {
      options.warn?.(`the pseudonymisation key ${file} can be read by other users: chmod 600 it`);
    }
  } catch {
    // Only a hint; the key itself was read.
  }
  return { key: Buffer.from(key, 'utf8'), origin: file };
}

function createKeyFile(file: string, warn: ((message: string) => void) | undefined): PseudonymKey {
  const key = randomBytes(32).toString('hex');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // `wx`: if another process created it a moment ago, use that one instead of overwriting it.
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      return { key: Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8'), origin: file };
    }
    throw new PseudonymKeyError(`cannot create the pseudonymisation key ${file}: ${(e as Error).message}`);
  }
  chmodSync(file, 0o600);
  warn?.(
    `created a new pseudonymisation key in ${file} (mode 0600). Back it up and keep it out of the database: ` +
      'customers are only recognised across imports hashed with the same key.',
  );
  return { key: Buffer.from(key, 'utf8'), origin: file };
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/** Message bytes of one block (as 16 big-endian words) plus the schedule. */
const W = new Int32Array(64);

/** The state after compressing the key block XOR pad (HMAC's inner or outer prefix). */
function keyState(key: Buffer, pad: number): Int32Array {
  const block = new Uint8Array(64);
  block.set(key);
  for (let i = 0; i < 64; i++) block[i]! ^= pad;
  blockWords(block, W);
  const state = initialState();
  compress(state, W, state);
  return state;
}

/** The longest value that fits one block after the inner key block: 64 − 1 (0x80) − 8 (length). */
const MAX_FAST = 55;

/** What the readers need of a pseudonymiser (Pseudonymiser, or a pseudonymise function made into one). */
export interface Pseudonyms {
  /** The pseudonym of a value: HMAC-SHA-256, hex. */
  hash(value: string): string;
  /** The HMAC of s[start, end) into `digest` when it can be computed there; false: `hash` it instead. */
  computeRange(s: string, start: number, end: number): boolean;
  /** The last HMAC of computeRange, as 8 big-endian words. */
  readonly digest: Int32Array;
  /** The key's bytes, for a worker thread to make its own pseudonymiser; undefined when not shared. */
  readonly key: Buffer | undefined;
}

/** A pseudonymise function (the API server's, loading its key lazily) as Pseudonyms. */
export function pseudonymsOf(pseudonymise: (value: string) => string): Pseudonyms {
  return { hash: pseudonymise, computeRange: () => false, digest: new Int32Array(8), key: undefined };
}

/**
 * HMAC-SHA-256 of a value, hex: the one pseudonymiser. Customer identifiers are short ASCII strings met by
 * the hundred thousand, so their HMAC takes two SHA-256 compressions (the domain's `compress`) from the
 * precomputed key states, without the per-call cost of node:crypto (0.6 against 1.4 µs per value); any
 * other value (non-ASCII or long, or a key longer than a block) goes to node:crypto. The result is the same
 * either way; the tests compare them.
 *
 * The short ASCII values are simply hashed again when they come back: that costs less than looking them up
 * in a cache of 100,000. The others come from a cache of two generations (the current and the previous
 * `generation` distinct values).
 */
export class Pseudonymiser implements Pseudonyms {
  private current = new Map<string, string>();
  private previous = new Map<string, string>();
  private readonly inner: Int32Array | undefined;
  private readonly outer: Int32Array | undefined;
  private readonly mid = new Int32Array(8);
  /** The last HMAC of computeRange, as 8 big-endian words. */
  readonly digest = new Int32Array(8);
  private readonly hex = Buffer.alloc(64);

  constructor(
    /** The key's bytes (a worker thread that reads a file gets a copy to make its own pseudonymiser). */
    readonly key: Buffer,
    private readonly generation = 100_000,
  ) {
    // A key longer than a block is hashed first by HMAC; leave that case to node:crypto.
    if (key.length <= 64) {
      this.inner = keyState(key, 0x36);
      this.outer = keyState(key, 0x5c);
    }
  }

  hash(value: string): string {
    const fast = this.compute(value);
    if (fast !== undefined) return fast;
    let h = this.current.get(value);
    if (h !== undefined) return h;
    h = this.previous.get(value) ?? createHmac('sha256', this.key).update(value, 'utf8').digest('hex');
    if (this.current.size >= this.generation) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(value, h);
    return h;
  }

  /** HMAC-SHA-256 of a short ASCII value, hex; undefined for any other value. */
  compute(value: string): string | undefined {
    if (!this.computeRange(value, 0, value.length)) return undefined;
    const hex = this.hex;
    for (let i = 0; i < 8; i++) {
      const x = this.digest[i]!;
      for (let j = 0; j < 8; j++) hex[i * 8 + j] = HEX_DIGITS[(x >>> (28 - 4 * j)) & 15]!;
    }
    return hex.toString('latin1', 0, 64);
  }

  /**
   * HMAC-SHA-256 of s[start, end) into `digest` (8 big-endian words) when it is short ASCII; false for any
   * other value (then `hash` it).
   */
  computeRange(s: string, start: number, end: number): boolean {
    const n = end - start;
    if (this.inner === undefined || this.outer === undefined || n > MAX_FAST || n < 0) return false;
    const w = W;
    w.fill(0, 0, 16);
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(start + i);
      if (c > 0x7f) return false;
      w[i >> 2]! |= c << (24 - 8 * (i & 3));
    }
    w[n >> 2]! |= 0x80 << (24 - 8 * (n & 3));
    w[15] = (64 + n) * 8;
    compress(this.inner, w, this.mid);
    for (let i = 0; i < 8; i++) w[i] = this.mid[i]!;
    w[8] = 0x80000000;
    w.fill(0, 9, 15);
    w[15] = (64 + 32) * 8;
    compress(this.outer, w, this.digest);
    return true;
  }
}

/**
 * A pseudonymise function that loads (or creates) the key on first use only, so that files without
 * personal data never touch the key.
 */
export function lazyPseudonymise(load: () => PseudonymKey): (value: string) => string {
  let p: Pseudonymiser | undefined;
  return (value) => (p ??= new Pseudonymiser(load().key)).hash(value);
}
