/**
 * Store addresses (interfaces.md): `sqlite:PATH` (default `sqlite:./data/accord.db`) or a `postgres://`
 * URL; the environment variable ACCORD_DB gives the default. A `schema` query parameter on a PostgreSQL URL
 * puts every table in that schema (tests use one schema each).
 */
import { resolve } from 'node:path';

export const DEFAULT_STORE_URL = 'sqlite:./data/accord.db';

export type StoreLocation =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | {
      readonly dialect: 'postgres';
      readonly connectionString: string;
      readonly schema: string | undefined;
    };

/** A store address that cannot be understood; the CLI turns it into a usage error. */
export class StoreUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUrlError';
  }
}

/** `--db` if given, else ACCORD_DB, else the default SQLite file. */
export function resolveStoreUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (option !== undefined && option !== '') return option;
  const fromEnv = env.ACCORD_DB;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_STORE_URL;
}

/** Lower case only: PostgreSQL folds unquoted names, and search_path is set unquoted. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function parseStoreUrl(url: string): StoreLocation {
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    // `sqlite:///abs/file.db` and `sqlite://./rel.db` are read as well as `sqlite:/abs` and `sqlite:./rel`.
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new StoreUrlError(`"${url}" names no file (sqlite:./data/accord.db)`);
    return { dialect: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new StoreUrlError(`"${redactStoreUrl(url)}" is not a valid PostgreSQL URL`);
    }
    const schema = parsed.searchParams.get('schema') ?? undefined;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
      throw new StoreUrlError(`schema "${schema}" is not a plain SQL name (lower-case letters, digits, _)`);
    }
    parsed.searchParams.delete('schema');
    return { dialect: 'postgres', connectionString: parsed.toString(), schema };
  }
  throw new StoreUrlError(
    `"${redactStoreUrl(url)}" is not a store address: use sqlite:PATH or postgres://user@host:port/database`,
  );
}

/** The URL without its password, for messages. */
export function redactStoreUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
