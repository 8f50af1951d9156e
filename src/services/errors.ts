/**
 * What a use case reports when it cannot be done. Services throw these, never HTTP or exit-code errors: the
 * API maps them to problem+json (`api/problem.ts`), the CLI to exit codes (`cli/errors.ts`), each in one
 * place. The message is a sentence for the user that says what and where.
 */

/** Where in the input a problem lies: `query.asOf`, `body.email`, `metrics[3].threshold`, `--period`. */
export interface ProblemDetail {
  readonly path: string;
  readonly message: string;
  /** The line of a contract text or data file, when the problem is inside one. */
  readonly line?: number | null;
  /** The file the problem is in, when it came from one. */
  readonly file?: string;
}

export type ServiceErrorKind =
  /** The input is wrong (API 400, CLI exit 1). */
  | 'invalid'
  /** The input is well-formed but cannot be processed as it stands (API 422, CLI exit 1). */
  | 'unprocessable'
  /** No such thing, or the caller may not see it (API 404, CLI exit 1). */
  | 'not_found'
  /** The caller may see it but not do this (API 403, CLI exit 1). */
  | 'forbidden'
  /** The state of things refuses it: a period that has not started, a name taken (API 409, CLI exit 1). */
  | 'conflict'
  /** Who is asking could not be established: a wrong password or set-up token (API 401, CLI exit 1). */
  | 'unauthenticated'
  /** Too many attempts; `extra.retryAfterSeconds` says when to try again (API 429, CLI exit 1). */
  | 'too_many';

export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    readonly details: readonly ProblemDetail[] = [],
    /** Extra members the API adds to its problem document (`current`, `proposed`, …). */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const invalid = (message: string, details: readonly ProblemDetail[] = []) =>
  new ServiceError('invalid', message, details);
export const unprocessable = (
  message: string,
  details: readonly ProblemDetail[] = [],
  extra: Readonly<Record<string, unknown>> = {},
) => new ServiceError('unprocessable', message, details, extra);
export const notFound = (message: string) => new ServiceError('not_found', message);
export const forbidden = (message: string) => new ServiceError('forbidden', message);
export const conflict = (message: string, extra: Readonly<Record<string, unknown>> = {}) =>
  new ServiceError('conflict', message, [], extra);
export const unauthenticated = (message: string) => new ServiceError('unauthenticated', message);
export const tooMany = (message: string, retryAfterSeconds: number) =>
  new ServiceError('too_many', message, [], { retryAfterSeconds });
