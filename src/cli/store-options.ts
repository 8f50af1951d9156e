/** What the commands that use the store share: `--db`, opening with CLI errors, and who acts. */
import { userInfo } from 'node:os';
import {
  type OpenStoreOptions,
  openStore,
  parseStoreUrl,
  resolveStoreUrl,
  type Store,
  StoreOpenError,
  StoreUrlError,
} from '../store/index.js';
import { InputError } from './errors.js';

export const DB_OPTION_HELP =
  'the store: sqlite:PATH or postgres://… (default: ACCORD_DB, else sqlite:./data/accord.db)';

/**
 * `--force` of the command being run (set by main.ts before each action): open a database that holds
 * tables Accord did not create.
 */
let forceOpen = false;
export function setForceOpen(force: boolean): void {
  forceOpen = force;
}

/** Checks the URL of `--db` (or ACCORD_DB) before any work that it would waste: a bad one is wrong input (1). */
export function checkStoreUrl(db: string | undefined): void {
  try {
    parseStoreUrl(resolveStoreUrl(db));
  } catch (e) {
    if (e instanceof StoreUrlError) throw new InputError(`--db: ${e.message}`);
    throw e;
  }
}

/** Opens the store named by `--db` (or ACCORD_DB, or the default); a bad URL is wrong input (1). */
export async function openCliStore(db: string | undefined, options: OpenStoreOptions = {}): Promise<Store> {
  try {
    return await openStore(resolveStoreUrl(db), { force: forceOpen, ...options });
  } catch (e) {
    if (e instanceof StoreUrlError) throw new InputError(`--db: ${e.message}`);
    if (e instanceof StoreOpenError) throw new InputError(e.message);
    throw e;
  }
}

/** Runs `fn` with an open store and always closes it. */
export async function withStore<T>(db: string | undefined, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openCliStore(db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Who is acting, for the audit log: ACCORD_ACTOR, else `cli:` and the operating-system user. */
export function cliActor(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ACCORD_ACTOR !== undefined && env.ACCORD_ACTOR !== '') return env.ACCORD_ACTOR;
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
