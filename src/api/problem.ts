/**
 * Errors as RFC 9457 problem details (`application/problem+json`): `type`, `title`, `status`, `detail` (what
 * went wrong and where), `instance` (the request path; for a refusal, the route's template), and extension
 * members such as `errors` (one entry per problem, each with the path of the bad value).
 */
import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { ServiceError, ServiceErrorKind } from '../services/errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface FieldProblem {
  /** `body.email`, `query.asOf`, `param.contractId`, or a contract path `metrics[3].threshold`. */
  readonly path: string;
  readonly message: string;
  /** The line of a contract text, when the problem is inside one. */
  readonly line?: number | null;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
  507: 'Insufficient storage',
};

/** A request that cannot be served, with the status and the sentence that says why. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** Short machine-readable code: `validation`, `not_found`, `forbidden`, … (the `type` ends with it). */
    readonly code: string,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, errors?: readonly FieldProblem[]) =>
  new ApiError(400, 'bad_request', message, errors === undefined ? {} : { errors });
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const conflict = (message: string, extra: Readonly<Record<string, unknown>> = {}) =>
  new ApiError(409, 'conflict', message, extra);
export const unprocessable = (message: string, extra: Readonly<Record<string, unknown>> = {}) =>
  new ApiError(422, 'unprocessable', message, extra);

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly [extension: string]: unknown;
}

export function problemBody(
  status: number,
  code: string,
  detail: string,
  instance: string,
  extra: Readonly<Record<string, unknown>> = {},
): ProblemBody {
  return {
    type: `urn:accord:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance,
    ...extra,
  };
}

/** Refusals: the caller may not know what the ids of the path name, so the problem does not repeat them. */
const REFUSALS: ReadonlySet<number> = new Set([401, 403, 404]);

/**
 * The route a request matched as the OpenAPI document writes it (`/api/v1/contracts/{contractId}/contacts/
 * {contactId}`): the first matched route of a method (middleware is registered for ALL) that is not a
 * catch-all; undefined when no route matched.
 */
export function routeTemplate(c: Context): string | undefined {
  const route = matchedRoutes(c).find((r) => r.method !== 'ALL' && r.path !== '*' && r.path !== '/*');
  return route?.path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
}

/**
 * The problem's `instance`: the request path, except for a refusal (401, 403, 404) of a route, which names
 * the route's template: a caller refused a contact must not find the contact's id in the answer (the
 * authorisation matrix's leak check). A path that matched no route is the caller's own words.
 */
function instanceOf(c: Context, status: number): string {
  return (REFUSALS.has(status) ? routeTemplate(c) : undefined) ?? c.req.path;
}

export function problemResponse(
  c: Context,
  status: number,
  code: string,
  detail: string,
  extra: Readonly<Record<string, unknown>> = {},
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response(JSON.stringify(problemBody(status, code, detail, instanceOf(c, status), extra)), {
    status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
  });
}

export function apiErrorResponse(c: Context, e: ApiError): Response {
  return problemResponse(c, e.status, e.code, e.message, e.extra, e.headers);
}

const STATUS_OF: Readonly<Record<ServiceErrorKind, [number, string]>> = {
  invalid: [400, 'bad_request'],
  unprocessable: [422, 'unprocessable'],
  not_found: [404, 'not_found'],
  forbidden: [403, 'forbidden'],
  conflict: [409, 'conflict'],
  unauthenticated: [401, 'unauthorized'],
  too_many: [429, 'too_many_requests'],
};

/** A service's domain error as the problem the API answers with (the one place that maps them). */
export function fromServiceError(e: ServiceError): ApiError {
  const [status, code] = STATUS_OF[e.kind];
  const { retryAfterSeconds, ...rest } = e.extra;
  const extra = e.details.length === 0 ? rest : { ...rest, errors: e.details };
  const headers: Record<string, string> =
    e.kind === 'unauthenticated'
      ? { 'www-authenticate': 'Bearer realm="accord"' }
      : typeof retryAfterSeconds === 'number'
        ? { 'retry-after': String(retryAfterSeconds) }
        : {};
  return new ApiError(status, code, e.message, extra, headers);
}
