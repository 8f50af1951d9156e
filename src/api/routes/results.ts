/**
 * Results of a contract, computed from the store and its signed versions: the evaluate document of
 * interfaces.md for a period, the records behind one metric (drill-down), and a trend of verdicts and values
 * over periods.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { contractDigest } from '../../domain/contract/canonical.js';
import { type PeriodEvaluation, versionInForce } from '../../domain/evaluation/evaluate.js';
import { metricRowJson, statementJson } from '../../domain/evaluation/json.js';
import { isoFromDayNumber, type Period, periodsUpTo } from '../../domain/period.js';
import { formatInstant } from '../../domain/time/instant.js';
import { evaluateContract, type PeriodDocument, periodDocument } from '../../services/closing.service.js';
import { signedVersions } from '../../services/contracts.service.js';
import { asOfOf, periodOf } from '../../services/evaluation.service.js';
import { visibleContract } from '../../services/tenancy.service.js';
import { ANY, DRILL_DOWN } from '../access.js';
import type { AccordApp } from '../app.js';
import { allow } from '../auth.js';
import type { AppDeps } from '../context.js';
import { badRequest, notFound } from '../problem.js';
import {
  EvaluationSchema,
  idParam,
  instantSchema,
  jsonResponse,
  periodSchema,
  problems,
} from '../schemas.js';

const MAX_TREND_PERIODS = 60;

const contractId = idParam('contractId', 'acme-customer-service');
const period = periodSchema.openapi({ param: { name: 'period', in: 'path' } });
const asOfQuery = z.object({
  asOf: instantSchema
    .optional()
    .openapi({ description: 'judge open contacts at this instant (default: now)' }),
});

const RowSchema = z.object({
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
          rows: z.array(RowSchema.extend({ breaches: z.array(z.string()) })),
        }),
        'the records behind each row of the metric',
      ),
      ...problems(400, 401, 403, 404, 409, 422),
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
          periods: z.array(
            z.object({
              period: z.string(),
              version: z.number().int(),
              contractDigest: z.string(),
              verdicts: z.record(z.string(), z.enum(['met', 'missed', 'unjudged'])),
              acceptance: z.record(z.string(), z.unknown()),
              metrics: z.array(RowSchema),
              statement: z.record(z.string(), z.string()).nullable(),
            }),
          ),
        }),
        'one entry per period, oldest first',
      ),
      ...problems(400, 401, 403, 404, 409, 422),
    },
  }),
};

/** A trend entry: the figures of one period, written by the evaluation's own row and statement writers. */
function periodJson(pe: PeriodEvaluation) {
  return {
    period: pe.period.name,
    version: pe.contract.version,
    contractDigest: contractDigest(pe.contract),
    verdicts: { ...pe.verdicts },
    acceptance: { ...pe.acceptance },
    metrics: pe.rows.map((r) => metricRowJson(r)),
    statement: pe.settlement === null ? null : statementJson(pe.settlement),
  };
}

/** A trend entry from the document agreed at a period's close. */
function closedPeriodJson(document: string): ReturnType<typeof periodJson> {
  const doc = JSON.parse(document) as PeriodDocument;
  return {
    period: doc.period,
    version: doc.version,
    contractDigest: doc.contractDigest,
    verdicts: doc.verdicts,
    acceptance: doc.acceptance,
    metrics: doc.metrics.map(({ breaches: _, ...row }) => row),
    statement: doc.statement,
  };
}

/** Runs an evaluation and records its duration in /metrics. */
async function timed<T>(deps: AppDeps, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    deps.metrics.evaluation((performance.now() - started) / 1000);
  }
}

export function registerResultRoutes(app: AccordApp): void {
  app.openapi(routes.evaluation, async (c) => {
    const deps = c.var.deps;
    const params = c.req.valid('param');
    const asOf = asOfOf(c.req.valid('query').asOf, deps.now(), 'query.asOf');
    const contract = await visibleContract(deps.store, c.var.principal, params.contractId);
    const versions = await signedVersions(deps.store, contract);
    const p = periodOf(versions, params.period, 'path.period');
    // The document of interfaces.md (a closed period's agreed one); its schema describes the members loosely.
    const doc = (await timed(deps, () =>
      periodDocument(deps.store, contract, versions, p, asOf),
    )) as unknown as z.infer<typeof EvaluationSchema>;
    return c.json(doc, 200);
  });

  app.openapi(routes.breaches, async (c) => {
    const deps = c.var.deps;
    const params = c.req.valid('param');
    const asOf = asOfOf(c.req.valid('query').asOf, deps.now(), 'query.asOf');
    const contract = await visibleContract(deps.store, c.var.principal, params.contractId);
    const versions = await signedVersions(deps.store, contract);
    const p = periodOf(versions, params.period, 'path.period');
    const [evaluation] = await timed(deps, () => evaluateContract(deps.store, contract, versions, [p], asOf));
    const judgedBy = evaluation!.result.contract;
    if (!judgedBy.metrics.some((m) => m.id === params.metric))
      throw notFound(
        `metric "${params.metric}" is not in version ${judgedBy.version} of contract "${contract.id}"`,
      );
    return c.json(
      {
        contract: contract.id,
        version: judgedBy.version,
        period: evaluation!.result.period.name,
        asOf: formatInstant(asOf, judgedBy.timezone),
        metric: params.metric,
        rows: evaluation!.result.rows
          .filter((r) => r.id === params.metric)
          .map((r) => ({ ...metricRowJson(r), breaches: [...r.breaches] })),
      },
      200,
    );
  });

  app.openapi(routes.trend, async (c) => {
    const deps = c.var.deps;
    const { contractId: id } = c.req.valid('param');
    const query = c.req.valid('query');
    const asOf = asOfOf(query.asOf, deps.now(), 'query.asOf');
    const contract = await visibleContract(deps.store, c.var.principal, id);
    const versions = await signedVersions(deps.store, contract);
    const from = periodOf(versions, query.from, 'query.from');
    const to = periodOf(versions, query.to, 'query.to');
    if (from.kind !== to.kind)
      throw badRequest(
        `query.to: "${query.to}" is a ${to.kind}, "${query.from}" a ${from.kind}: use one kind`,
        [{ path: 'query.to', message: `is a ${to.kind}; from is a ${from.kind}` }],
      );
    if (from.start > to.start)
      throw badRequest(`query.from: "${query.from}" comes after "${query.to}"`, [
        { path: 'query.from', message: 'comes after to' },
      ]);
    const zone = versions[versions.length - 1]!.timezone;
    const wanted: Period[] = periodsUpTo(from.kind, from.firstDay, to, zone);
    if (wanted.length > MAX_TREND_PERIODS)
      throw badRequest(`query.from: ${wanted.length} periods asked; at most ${MAX_TREND_PERIODS} at a time`, [
        { path: 'query.from', message: `at most ${MAX_TREND_PERIODS} periods at a time` },
      ]);
    const judgementKind = versions[versions.length - 1]!.period;
    let periods: PeriodEvaluation[];
    // Only periods that a signed version judges (none before the first effective_from or after effective_to).
    const inContract = wanted.filter(
      (p) => versionInForce(versions, isoFromDayNumber(p.firstDay)) !== undefined,
    );
    const last = inContract.at(-1);
    if (last === undefined) periods = [];
    else if (from.kind === judgementKind) {
      // One evaluation of the last period replays every judgement period before it.
      const [evaluation] = await timed(deps, () =>
        evaluateContract(deps.store, contract, versions, [last], asOf),
      );
      const names = new Set(inContract.map((p) => p.name));
      periods = evaluation!.history.filter((h) => names.has(h.period.name));
    } else {
      const evaluations = await timed(deps, () =>
        evaluateContract(deps.store, contract, versions, inContract, asOf),
      );
      periods = evaluations.map((e) => e.result);
    }
    // Closed periods keep the figures both parties agreed to.
    const closes = await deps.store.server.closing.closes(contract.organisationId, contract.id);
    const closedPeriods = new Map(
      closes.filter((x) => x.status === 'closed').map((x) => [x.period, closedPeriodJson(x.document)]),
    );
    return c.json(
      {
        contract: contract.id,
        from: from.name,
        to: to.name,
        asOf: formatInstant(asOf, zone),
        periods: periods.map((pe) => closedPeriods.get(pe.period.name) ?? periodJson(pe)),
      },
      200,
    );
  });
}
