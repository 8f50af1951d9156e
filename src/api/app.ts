/**
 * The HTTP application (docs/api.md): Hono with @hono/zod-openapi, so that the schemas that validate each
 * request also make up the OpenAPI document at /api/v1/openapi.json. `createApp` builds it without
 * listening; `server.ts` puts it on a port, tests call `app.request()`.
 *
 * Every error is `application/problem+json` with a sentence that says what and where; malformed JSON, wrong
 * types, bodies over the limit and unknown routes are 4xx, never 500.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import pino, { type Logger } from 'pino';
import { lazyPseudonymise, loadPseudonymKey } from '../ingest/pseudonym.js';
import { ServiceError } from '../services/errors.js';
import { StoreWriteError } from '../services/ingest.service.js';
import { newId } from '../services/secrets.js';
import type { Store } from '../store/index.js';
import { ConflictError, storeFailure } from '../store/index.js';
import { type AccordApp, type AppDeps, type AppEnv, DEFAULT_LIMITS, type Limits } from './context.js';
import { inThread, type WorkRunner } from './jobs.js';
import { Metrics } from './metrics.js';
import {
  ApiError,
  apiErrorResponse,
  type FieldProblem,
  fromServiceError,
  problemResponse,
} from './problem.js';
import { registerActionPlanRoutes } from './routes/action-plans.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerAlertRoutes } from './routes/alerts.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerClosingRoutes } from './routes/closing.js';
import { registerContractRoutes } from './routes/contracts.js';
import { registerDeliveryRoutes } from './routes/deliveries.js';
import { registerIngestRoutes } from './routes/ingest.js';
import { registerPrivacyRoutes } from './routes/privacy.js';
import { registerRecipientRoutes } from './routes/recipients.js';
import { registerReportRoutes } from './routes/reports.js';
import { registerResultRoutes } from './routes/results.js';
import { registerSessionRoutes } from './routes/session.js';
import { registerStaffingRoutes } from './routes/staffing.js';
import { registerWebhookRoutes } from './routes/webhooks.js';
import { registerWhatIfRoutes } from './routes/what-if.js';
import { registerWebApp } from './web.js';

export interface CreateAppOptions {
  readonly store: Store;
  /** The clock (epoch ms); tests pass a fixed one. */
  readonly now?: () => number;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly limits?: Partial<Limits>;
  readonly pseudonymise?: (value: string) => string;
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  readonly trustProxy?: boolean;
  /** Where evaluations and staffing run (`accord serve`: a worker pool); default: the request's thread. */
  readonly work?: WorkRunner;
  /** Send Strict-Transport-Security (only when clients reach the server over TLS). */
  readonly hsts?: boolean;
  /** The scheduler of this process (docs/action-plans.md), poked when a schedule or action changes. */
  readonly scheduler?: { poke(): void };
  /** The alert delivery worker of this process, woken when a dead delivery is retried (docs/delivery.md). */
  readonly deliveryWorker?: { wake(): void };
  /** Serve the built dashboard from this folder (`accord serve`: dist/web); API tests go without. */
  readonly webDir?: string;
}

export type { AccordApp };

export const API_VERSION = '0.1.0';

/**
 * On every answer (docs/deployment.md, Security headers): the dashboard is a same-origin React app, so
 * scripts, styles, images and API calls come from this origin only; no page may frame it.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** The zod issue path as the caller wrote it: `body.metrics[2].id`. */
function issuePath(target: string, path: readonly PropertyKey[]): string {
  const where = target === 'json' ? 'body' : target === 'param' ? 'path' : target;
  let out = where;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

function socketAddress(raw: unknown): string | undefined {
  const env = raw as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

export function createApp(options: CreateAppOptions): AccordApp {
  const logger = options.logger ?? pino({ level: 'silent' });
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const deps: AppDeps = {
    store: options.store,
    now: options.now ?? Date.now,
    logger,
    metrics: options.metrics ?? new Metrics(),
    pseudonymise:
      options.pseudonymise ??
      lazyPseudonymise(() =>
        loadPseudonymKey({
          create: true,
          warn: (message) => logger.warn({ event: 'pseudonym_key' }, message),
        }),
      ),
    limits,
    work: options.work ?? inThread(options.store),
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
    ...(options.deliveryWorker === undefined ? {} : { deliveryWorker: options.deliveryWorker }),
    clientAddress: (raw, headers) => {
      if (options.trustProxy === true) {
        const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
        if (forwarded) return forwarded;
      }
      return socketAddress(raw) ?? 'unknown';
    },
  };

  const securityHeaders = Object.entries({
    ...SECURITY_HEADERS,
    ...(options.hsts === true ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  });

  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const errors: FieldProblem[] = result.error.issues.map((i) => ({
        path: issuePath(result.target, i.path),
        message: i.message,
      }));
      const first = errors[0];
      return problemResponse(
        c,
        400,
        'validation',
        first === undefined
          ? 'the request is not valid'
          : `${first.path}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
        { errors },
      );
    },
  });

  // Request id, logging and metrics around everything.
  app.use('*', async (c, next) => {
    const started = performance.now();
    const requestId = newId('req');
    c.set('deps', deps);
    c.set('requestId', requestId);
    await next();
    c.header('x-request-id', requestId);
    for (const [name, value] of securityHeaders) c.header(name, value);
    if (!c.res.headers.has('cache-control')) c.header('cache-control', 'no-store');
    // The route that answered (not the last that matched: the dashboard's catch-all matches every GET).
    const matched = routePath(c);
    const route =
      matched !== '/*' && matched !== '*' && matched !== ''
        ? matched
        : c.res.status < 400 && !c.req.path.startsWith('/api/')
          ? 'dashboard'
          : 'unmatched';
    const seconds = (performance.now() - started) / 1000;
    deps.metrics.request(c.req.method, route, c.res.status, seconds);
    // No query strings, bodies, addresses or credentials: ids in paths are not personal data.
    logger.info(
      {
        requestId,
        method: c.req.method,
        route,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(seconds * 1000),
        actor: c.get('principal')?.actor,
      },
      'request',
    );
  });

  // Body limits: ingest takes large batches, everything else small JSON documents.
  const tooLarge = (max: number) => (c: Context) =>
    problemResponse(c, 413, 'payload_too_large', `the request body is larger than ${max} bytes`);
  app.use(
    '/api/v1/ingest',
    bodyLimit({ maxSize: limits.ingestBytes, onError: tooLarge(limits.ingestBytes) }),
  );
  // Webhooks take what the systems push: a Firehose delivery holds up to its buffer size of records.
  app.use(
    '/api/v1/webhooks/*',
    bodyLimit({ maxSize: limits.ingestBytes, onError: tooLarge(limits.ingestBytes) }),
  );
  app.use('*', async (c, next) => {
    if (c.req.path === '/api/v1/ingest' || c.req.path.startsWith('/api/v1/webhooks/')) return next();
    return bodyLimit({ maxSize: limits.jsonBytes, onError: tooLarge(limits.jsonBytes) })(c, next);
  });

  app.get('/healthz', async (c) => {
    try {
      await deps.store.ping();
    } catch (e) {
      logger.error({ event: 'healthz', err: (e as Error).message }, 'store unreachable');
      return problemResponse(
        c,
        503,
        'store_unreachable',
        `the store ${deps.store.description} cannot be reached`,
      );
    }
    return c.json({ status: 'ok', store: deps.store.dialect });
  });

  app.get('/metrics', (c) =>
    c.body(deps.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }),
  );

  registerSessionRoutes(app);
  registerAdminRoutes(app);
  registerContractRoutes(app);
  registerIngestRoutes(app);
  registerPrivacyRoutes(app);
  registerResultRoutes(app);
  registerReportRoutes(app);
  registerClosingRoutes(app);
  registerAuditRoutes(app);
  registerStaffingRoutes(app);
  registerAlertRoutes(app);
  registerActionPlanRoutes(app);
  registerRecipientRoutes(app);
  registerDeliveryRoutes(app);
  registerWhatIfRoutes(app);
  registerWebhookRoutes(app);
  // Last: the dashboard's fallback answers every other GET address.
  if (options.webDir !== undefined) registerWebApp(app, options.webDir);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token from `npx accord token create` or POST /api/v1/tokens',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: '__Host-accord_session',
    description: 'The session cookie of POST /api/v1/session; writes also need the X-CSRF-Token header',
  });
  app.doc('/api/v1/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'Accord API',
      version: API_VERSION,
      description:
        'The SLA platform shared by a client and its customer-service partner. Errors are application/problem+json (RFC 9457).',
    },
    security: [{ bearer: [] }, { session: [] }],
  });

  app.notFound((c) =>
    problemResponse(
      c,
      404,
      'no_route',
      `there is no route ${c.req.method} ${c.req.path} (see /api/v1/openapi.json)`,
    ),
  );

  app.onError((err, c) => {
    if (err instanceof ApiError) return apiErrorResponse(c, err);
    if (err instanceof ConflictError) return problemResponse(c, 409, 'conflict', err.message);
    const failure = storeFailure(err instanceof StoreWriteError ? err.reason : err);
    if (failure !== undefined) return storeFailureResponse(c, logger, failure, err);
    if (err instanceof ServiceError) return apiErrorResponse(c, fromServiceError(err));
    if (err instanceof HTTPException) {
      const status = err.status;
      if (status === 400 && /Malformed JSON/i.test(err.message))
        return problemResponse(c, 400, 'malformed_json', 'the request body is not valid JSON');
      if (status === 415) {
        const takes =
          c.req.path === '/api/v1/ingest'
            ? 'application/json (an array), application/x-ndjson or text/csv'
            : 'application/json';
        return problemResponse(
          c,
          415,
          'unsupported_media_type',
          `this route takes ${takes}, not ${c.req.header('content-type') || 'a body without Content-Type'}`,
        );
      }
      if (status === 413)
        return problemResponse(c, 413, 'payload_too_large', 'the request body is too large');
      return problemResponse(c, status, 'http', err.message || 'the request cannot be served');
    }
    logger.error(
      {
        requestId: c.get('requestId'),
        err: { name: (err as Error).name, message: (err as Error).message, stack: (err as Error).stack },
      },
      'unhandled error',
    );
    return problemResponse(
      c,
      500,
      'internal',
      `an internal error occurred (request ${c.get('requestId') ?? '?'})`,
    );
  });

  return app;
}

/**
 * A store that is full (507) or unavailable for a moment (503, Retry-After): the request did not complete,
 * the server stays up. An ingest keeps the batches it committed before the failure (`errors` says so). The
 * driver's message (with the store's location) goes to the log, not to the client.
 */
function storeFailureResponse(
  c: Context,
  logger: Logger,
  failure: 'full' | 'unavailable',
  err: Error,
): Response {
  const requestId = c.get('requestId') ?? '?';
  const cause = err instanceof StoreWriteError ? err.reason : err;
  logger.warn(
    { requestId, event: `store_${failure}`, err: { name: err.name, message: (cause as Error).message } },
    failure === 'full' ? 'store full' : 'store unavailable',
  );
  const details = err instanceof StoreWriteError ? { errors: err.details } : {};
  if (failure === 'full')
    return problemResponse(
      c,
      507,
      'store_full',
      `the store is full (disk full or the database's size limit); request ${requestId} was not completed`,
      details,
    );
  return problemResponse(
    c,
    503,
    'store_unavailable',
    `the store is busy or its connection was lost; request ${requestId} was not completed: send it again shortly`,
    details,
    { 'retry-after': '1' },
  );
}
