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
