/**
 * Results of a contract, computed from the store and its signed versions: the evaluate document of
 * interfaces.md for a period, the records behind one metric (drill-down), and a trend of verdicts and values
 * over periods.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { JudgedPeriod } from '../../domain/action-plans.js';
import { openRequiredPlans } from '../../services/action-plans.service.js';
import {
  boundedPeriod,
  checkAsOf,
  checkPeriodName,
  checkTrend,
  MAX_TREND_PERIODS,
} from '../../services/bounds.js';
import { signedVersions } from '../../services/contracts.service.js';
import { asOfOf, periodOf } from '../../services/evaluation.service.js';
import { type KeptAnswer, keptDocument, keptPeriodDocument } from '../../services/kept-results.service.js';
import { redactEvaluation } from '../../services/redaction.js';
import {
  breachesPage,
  contactTimelineOf,
  DRILL_DOWN_PAGE,
  distributionOf,
  intervalsOf,
  MAX_DRILL_DOWN_PAGE,
} from '../../services/results.service.js';
import { visibleContract } from '../../services/tenancy.service.js';
import { ANY, DRILL_DOWN } from '../access.js';
import { allow } from '../auth.js';
import type { AccordApp, AppDeps, AppEnv } from '../context.js';
import {
  EvaluationSchema,
  idParam,
  instantSchema,
  jsonResponse,
  periodSchema,
  problems,
} from '../schemas.js';

/** How the evaluation was answered: kept, computed, or stale while it is refreshed. */
export const RESULT_HEADER = 'accord-result';

const contractId = idParam('contractId', 'acme-customer-service');
const period = periodSchema.openapi({ param: { name: 'period', in: 'path' } });
const asOfQuery = z.object({
  asOf: instantSchema
    .optional()
    .openapi({ description: 'judge open contacts at this instant (default: now)' }),
});

export const RowSchema = z.object({
  id: z.string(),
  split: z.record(z.string(), z.string().nullable()).nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  value: z.number().nullable(),
  target: z.number(),
  met: z.boolean().nullable(),
  judged: z.boolean(),
  reason: z.string().nullable(),
  volume: z
    .object({ forecast: z.number().nullable(), actual: z.number(), withinBand: z.boolean() })
    .nullable(),
  outlook: z
    .object({
      expectedRemaining: z.number(),
      basis: z.enum(['forecast', 'pace']),
      requiredShare: z.number(),
      attainable: z.boolean(),
    })
    .nullable()
    .optional(),
});

/** The figures of one period: a trend's entry, a side of a what-if. */
export const PeriodFiguresSchema = z.object({
  period: z.string(),
  provisional: z.boolean().openapi({ description: 'not ended by asOf: figures so far, money an estimate' }),
  version: z.number().int(),
  contractDigest: z.string(),
  verdicts: z.record(z.string(), z.enum(['met', 'missed', 'unjudged'])),
  acceptance: z.record(z.string(), z.unknown()),
  metrics: z.array(RowSchema),
  statement: z.record(z.string(), z.string()).nullable(),
});

const routes = {
  evaluation: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/evaluations/{period}',
    tags: ['results'],
    summary: 'Judge one period (2026-10, 2026-Q4, 2026-W53): the evaluate JSON of interfaces.md',
    middleware: [allow(ANY, 'read evaluations')] as const,
    request: { params: z.object({ contractId, period }), query: asOfQuery },
    responses: {
      200: jsonResponse(EvaluationSchema, 'the evaluation'),
      ...problems(400, 401, 403, 404, 409, 422),
    },
  }),
  breaches: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/evaluations/{period}/breaches/{metric}',
    tags: ['results'],
    summary: 'The records that count against one metric in a period, per result row',
    middleware: [allow(DRILL_DOWN, 'read the records behind a figure')] as const,
    request: {
      params: z.object({ contractId, period, metric: idParam('metric', 'phone-service-level') }),
      query: asOfQuery.extend({
        offset: z.coerce
          .number({ error: 'is not a number' })
          .int()
          .min(0)
          .optional()
          .openapi({ description: "each row's ids from this one on (paging; default 0)" }),
        limit: z.coerce
          .number({ error: 'is not a number' })
          .int()
          .min(1)
          .max(MAX_DRILL_DOWN_PAGE)
          .optional()
          .openapi({
            description: `at most this many ids per row (default ${DRILL_DOWN_PAGE}, at most ${MAX_DRILL_DOWN_PAGE})`,
          }),
      }),
    },
    responses: {
      200: jsonResponse(
        z.object({
          contract: z.string(),
          version: z.number().int(),
          period: z.string(),
          asOf: z.string(),
          metric: z.string(),
          page: z.object({ offset: z.number().int(), limit: z.number().int() }),
          rows: z.array(
            RowSchema.extend({
              breaches: z.array(z.string()).openapi({ description: 'the ids of this page' }),
              breachCount: z.number().int().openapi({ description: 'how many ids the row has in all' }),
            }),
          ),
        }),
        'the records behind each row of the metric',
      ),
      ...problems(400, 401, 403, 404, 409, 422),
    },
  }),
  intervals: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/evaluations/{period}/intervals/{metric}',
    tags: ['results'],
    summary: 'A share metric (service level, response, resolution) per interval of the day in a period',
    middleware: [allow(ANY, 'read evaluations')] as const,
    request: {
      params: z.object({ contractId, period, metric: idParam('metric', 'phone-service-level') }),
      query: z.object({
        minutes: z
          .enum(['15', '30', '60'])
          .optional()
          .openapi({ description: 'length of an interval in minutes (default 30)' }),
        asOf: instantSchema.optional(),
      }),
    },
    responses: {
      200: jsonResponse(
        z.object({
          contract: z.string(),
          version: z.number().int(),
          period: z.string(),
          asOf: z.string(),
          metric: z.string(),
          minutes: z.number().int(),
          intervals: z.array(
            z.object({ start: z.string(), numerator: z.number().int(), denominator: z.number().int() }),
          ),
        }),
        'per local interval of the day: the contacts that met the metric of those it counted',
      ),
      ...problems(400, 401, 403, 404, 409, 422),
    },
  }),
  distribution: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/evaluations/{period}/distribution/{metric}',
    tags: ['results'],
    summary: 'The answers behind a survey metric (CSAT, CES, top box, NPS) in a period, by score',
    middleware: [allow(ANY, 'read evaluations')] as const,
    request: {
      params: z.object({ contractId, period, metric: idParam('metric', 'csat') }),
      query: asOfQuery,
    },
    responses: {
      200: jsonResponse(
        z.object({
          contract: z.string(),
          version: z.number().int(),
          period: z.string(),
          asOf: z.string(),
          metric: z.string(),
          scores: z.array(
            z.object({
              score: z.number(),
              scaleMin: z.number(),
              scaleMax: z.number(),
              count: z.number().int(),
            }),
          ),
        }),
        'how many of the answers the metric counts gave each score (per scale)',
      ),
      ...problems(400, 401, 403, 404, 409, 422),
    },
  }),
  contact: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/contacts/{contactId}',
    tags: ['results'],
    summary: "A contact's times and status history, and why it counts against a timed metric (drill-down)",
    middleware: [allow(DRILL_DOWN, 'read the records behind a figure')] as const,
    request: {
      params: z.object({ contractId, contactId: idParam('contactId', 'CALL-1020037') }),
      query: z.object({
        metric: z
          .string()
          .regex(/^[A-Za-z0-9._-]{1,64}$/)
          .optional()
          .openapi({ description: "a metric of the contract: adds the contact's reading on its clock" }),
        source: z.string().min(1).max(64).optional().openapi({ description: 'when two sources hold the id' }),
        asOf: instantSchema.optional(),
      }),
    },
    responses: {
      200: jsonResponse(
        z.object({
          contract: z.string(),
          version: z.number().int(),
          asOf: z.string(),
          contact: z.record(z.string(), z.unknown()),
          events: z.array(
            z.object({ status: z.string(), nativeStatus: z.string().nullable(), at: z.string() }),
          ),
          reading: z
            .object({
              metric: z.string(),
              kind: z.string(),
              start: z.string(),
              stop: z.string().nullable(),
              stoppedBy: z.string(),
              elapsedMs: z.number(),
              thresholdMs: z.number(),
              pauses: z.array(z.object({ from: z.string(), to: z.string() })),
              within: z.boolean().nullable(),
            })
            .nullable()
            .openapi({
              description: 'the clock of a timed metric run over this contact, as the evaluation runs it',
            }),
        }),
        'the contact, its timeline and its reading',
      ),
      ...problems(400, 401, 403, 404),
    },
  }),
  trend: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/trend',
    tags: ['results'],
    summary: 'Verdicts, values and statements over a run of periods of one kind',
    middleware: [allow(ANY, 'read evaluations')] as const,
    request: {
      params: z.object({ contractId }),
      query: z.object({
        from: periodSchema,
        to: periodSchema.openapi({ example: '2026-12' }),
        asOf: instantSchema.optional(),
      }),
    },
    responses: {
      200: jsonResponse(
        z.object({
          contract: z.string(),
          from: z.string(),
          to: z.string(),
          asOf: z.string(),
          periods: z.array(PeriodFiguresSchema),
        }),
        'one entry per period, oldest first',
      ),
      ...problems(400, 401, 403, 404, 409, 422),
    },
  }),
};

/** Runs an evaluation (in a worker thread when the app has a pool) and records its duration in /metrics. */
async function timed<T>(deps: AppDeps, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    deps.metrics.evaluation((performance.now() - started) / 1000);
  }
}

/** The contract the caller may see, with `asOf` and the period checked against the bounds before any work. */
async function checkedRequest(c: Context<AppEnv>, contractId: string, period: string, asOfText?: string) {
  const deps = c.var.deps;
  const now = deps.now();
  const asOf = asOfOf(asOfText, now, 'query.asOf');
  const contract = await visibleContract(deps.store, c.var.principal, contractId);
  const versions = await signedVersions(deps.store, contract);
  const bounded = boundedPeriod(versions, period, now, 'path.period');
  checkAsOf(asOf, now, 'query.asOf', bounded.end);
  return { deps, contract, asOf, versions, period: bounded };
}

/** Logs a background refresh of a kept result that failed (the next request tries again). */
function refreshFailed(deps: AppDeps, contract: string, period: string) {
  return (e: unknown) =>
    deps.logger.error(
      { event: 'evaluation_refresh', contract, period, err: e instanceof Error ? e.message : String(e) },
      'a background refresh of a kept evaluation failed',
    );
}

/** The kept answer's document, its state in the `accord-result` header (docs/evaluation.md, Kept results). */
function answered<T>(c: Context<AppEnv>, answer: KeptAnswer<T>): T {
  c.header(RESULT_HEADER, answer.state);
  return answer.document;
}

export function registerResultRoutes(app: AccordApp): void {
  app.openapi(routes.intervals, async (c) => {
    const params = c.req.valid('param');
    const q = c.req.valid('query');
    const { deps, contract, asOf } = await checkedRequest(c, params.contractId, params.period, q.asOf);
    const body = await timed(deps, () =>
      intervalsOf(deps.store, contract, params.period, params.metric, asOf, Number(q.minutes ?? '30')),
    );
    return c.json(body, 200);
  });

  app.openapi(routes.distribution, async (c) => {
    const params = c.req.valid('param');
    const { deps, contract, asOf } = await checkedRequest(
      c,
      params.contractId,
      params.period,
      c.req.valid('query').asOf,
    );
    const body = await timed(deps, () =>
      distributionOf(deps.store, contract, params.period, params.metric, asOf),
    );
    return c.json(body, 200);
  });

  app.openapi(routes.contact, async (c) => {
    const deps = c.var.deps;
    const { contractId, contactId } = c.req.valid('param');
    const q = c.req.valid('query');
    const now = deps.now();
    const asOf = asOfOf(q.asOf, now, 'query.asOf');
    checkAsOf(asOf, now, 'query.asOf');
    const contract = await visibleContract(deps.store, c.var.principal, contractId);
    const body = await contactTimelineOf(
      deps.store,
      contract,
      { contact: contactId, metric: q.metric, source: q.source },
      asOf,
    );
    return c.json(body, 200);
  });

  app.openapi(routes.evaluation, async (c) => {
    const params = c.req.valid('param');
    const asked = c.req.valid('query').asOf;
    const { deps, contract, asOf, versions, period } = await checkedRequest(
      c,
      params.contractId,
      params.period,
      asked,
    );
    // The document of interfaces.md (a closed period's agreed one), kept while its inputs hold; computed
    // in the worker pool otherwise, once for the requests that wait for it (so no one client's signal).
    const answer = await timed(deps, () =>
      keptPeriodDocument(
        deps.store,
        { contract, versions, period, asOf: asked === undefined ? undefined : asOf },
        deps.now,
        (at) => deps.work('evaluation', { contract, period: params.period, asOf: at }),
        refreshFailed(deps, contract.id, params.period),
      ),
    );
    // kept | computed | stale (served while one refresh runs): docs/evaluation.md, Kept results.
    c.header(RESULT_HEADER, answer.state);
    const doc = answer.document as unknown as z.infer<typeof EvaluationSchema>;
    // An ended period judged as of now opens the action plans its contract requires (once).
    if (asked === undefined)
      await openRequiredPlans(
        deps.store,
        contract,
        versions[versions.length - 1]!,
        period,
        answer.document as unknown as JudgedPeriod,
        deps.now(),
      ).catch((e: unknown) =>
        deps.logger.error(
          {
            event: 'action_plan_open',
            contract: contract.id,
            err: e instanceof Error ? e.message : String(e),
          },
          'opening a required action plan failed',
        ),
      );
    return c.json(redactEvaluation(c.var.principal, doc), 200);
  });

  app.openapi(routes.breaches, async (c) => {
    const params = c.req.valid('param');
    const query = c.req.valid('query');
    const asked = query.asOf;
    const { deps, contract, asOf, versions, period } = await checkedRequest(
      c,
      params.contractId,
      params.period,
      asked,
    );
    // Kept per metric like the evaluation (a closed period's drill-down is read from the current data).
    const answer = await timed(deps, () =>
      keptDocument(
        deps.store,
        {
          contract,
          versions,
          period,
          asOf: asked === undefined ? undefined : asOf,
          view: { kind: 'breaches', metric: params.metric },
        },
        deps.now,
        (at) => deps.work('breaches', { contract, period: params.period, metric: params.metric, asOf: at }),
        refreshFailed(deps, contract.id, params.period),
      ),
    );
    return c.json(breachesPage(answered(c, answer), query.offset ?? 0, query.limit ?? DRILL_DOWN_PAGE), 200);
  });

  app.openapi(routes.trend, async (c) => {
    const deps = c.var.deps;
    const query = c.req.valid('query');
    const now = deps.now();
    const asOf = asOfOf(query.asOf, now, 'query.asOf');
    const contract = await visibleContract(deps.store, c.var.principal, c.req.valid('param').contractId);
    const versions = await signedVersions(deps.store, contract);
    const zone = versions[versions.length - 1]!.timezone;
    checkPeriodName(versions, query.to, now, 'query.to');
    checkPeriodName(versions, query.from, now, 'query.from');
    const to = periodOf(versions, query.to, 'query.to');
    const from = periodOf(versions, query.from, 'query.from');
    checkTrend(from, to, zone, now);
    checkAsOf(asOf, now, 'query.asOf', to.end);
    const answer = await timed(deps, () =>
      keptDocument(
        deps.store,
        {
          contract,
          versions,
          period: to,
          asOf: query.asOf === undefined ? undefined : asOf,
          view: { kind: 'trend', from: from.name },
        },
        deps.now,
        (at) =>
          deps.work('trend', {
            contract,
            request: { from: query.from, to: query.to, max: MAX_TREND_PERIODS },
            asOf: at,
          }),
        refreshFailed(deps, contract.id, `${from.name}..${to.name}`),
      ),
    );
    return c.json(answered(c, answer), 200);
  });
}
