/** What the server's repositories report besides driver errors. */

/** A uniqueness rule refused the write (an e-mail address, a source name or a version already taken). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** A unique or primary-key violation of either database. */
export function isUniqueViolation(e: unknown): boolean {
  if (e === null || typeof e !== 'object') return false;
  const code = (e as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * What a driver error says about the store itself, for the edges to answer clearly (API 507/503, CLI exit 1)
 * instead of a 500: `full` — the disk or the database's size limit is reached (SQLITE_FULL, PostgreSQL
 * 53100); `unavailable` — the database is busy, restarting, or the connection was dropped (a terminated
 * session, a refused connection): the same request again shortly can succeed. Anything else: undefined.
 */
export function storeFailure(e: unknown): 'full' | 'unavailable' | undefined {
  if (e === null || typeof e !== 'object') return undefined;
  const code = (e as { code?: unknown }).code;
  if (code === 'SQLITE_FULL' || code === '53100') return 'full';
  if (
    code === 'SQLITE_BUSY' ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    // admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now, too_many_connections
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    code === '53300' ||
    (typeof code === 'string' && code.startsWith('08'))
  )
    return 'unavailable';
  // node-postgres reports a connection lost between queries without a code.
  const message = (e as { message?: unknown }).message;
  if (
    typeof message === 'string' &&
    /^Connection terminated|^Client has encountered a connection error|^Client was closed/.test(message)
  )
    return 'unavailable';
  return undefined;
}
