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

/** HMAC-SHA-256 of the value, hex. Repeated values (the same customer again) come from a cache. */
export class Pseudonymiser {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly key: Buffer,
    private readonly cacheSize = 100_000,
  ) {}

  hash(value: string): string {
    let h = this.cache.get(value);
    if (h === undefined) {
      h = createHmac('sha256', this.key).update(value, 'utf8').digest('hex');
      if (this.cache.size >= this.cacheSize) this.cache.clear();
      this.cache.set(value, h);
    }
    return h;
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
