/**
 * What both parties read of a stored contract's results, for the API, the dashboard and the reports: the
 * records behind one metric (drill-down) and the figures of a run of periods (trend). Closed periods keep
 * the figures both parties agreed to.
 */
import { contractDigest } from '../domain/contract/canonical.js';
import { type PeriodEvaluation, versionInForce } from '../domain/evaluation/evaluate.js';
import { metricRowJson, statementJson } from '../domain/evaluation/json.js';
import { isoFromDayNumber, periodsUpTo } from '../domain/period.js';
import { formatInstant } from '../domain/time/instant.js';
import type { ContractRecord, Store } from '../store/index.js';
import { evaluateContract, type PeriodDocument } from './closing.service.js';
import { signedVersions } from './contracts.service.js';
import { invalid } from './errors.js';
import { periodOf, requireMetrics } from './evaluation.service.js';

/** The rows of one metric in a period, each with the records that count against it. */
export async function breachesOf(
  store: Store,
  contract: ContractRecord,
  period: string,
  metric: string,
  asOf: number,
) {
  const versions = await signedVersions(store, contract);
  const p = periodOf(versions, period, 'period');
  requireMetrics(versions, p, [metric]);
  const [evaluation] = await evaluateContract(store, contract, versions, [p], asOf);
  const judgedBy = evaluation!.result.contract;
  return {
    contract: contract.id,
    version: judgedBy.version,
    period: evaluation!.result.period.name,
    asOf: formatInstant(asOf, judgedBy.timezone),
    metric,
    rows: evaluation!.result.rows
      .filter((r) => r.id === metric)
      .map((r) => ({ ...metricRowJson(r), breaches: [...r.breaches] })),
  };
}

/** The ids a drill-down page lists per row when the request names no `limit`, and the most it may. */
export const DRILL_DOWN_PAGE = 1000;
export const MAX_DRILL_DOWN_PAGE = 10_000;

export type Breaches = Awaited<ReturnType<typeof breachesOf>>;

/**
 * A page of a drill-down: every row's ids from `offset`, at most `limit`, with how many it has in all
 * (`breachCount`), so that a client pages until offset + limit reaches the largest count.
 */
export function breachesPage(doc: Breaches, offset: number, limit: number) {
  return {
    ...doc,
    page: { offset, limit },
    rows: doc.rows.map((r) => ({
      ...r,
      breachCount: r.breaches.length,
      breaches: r.breaches.slice(offset, offset + limit),
    })),
  };
}

/** A trend entry: the figures of one period, written by the evaluation's own row and statement writers. */
function periodJson(pe: PeriodEvaluation) {
  return {
    period: pe.period.name,
    provisional: pe.provisional,
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
    provisional: false,
    version: doc.version,
    contractDigest: doc.contractDigest,
    verdicts: doc.verdicts,
    acceptance: doc.acceptance,
    metrics: doc.metrics.map(({ breaches: _, ...row }) => row),
    statement: doc.statement,
  };
}

export interface TrendRequest {
  readonly from: string;
  readonly to: string;
  /** The most periods one request may ask for. */
  readonly max: number;
}

/** Verdicts, values and statements over a run of periods of one kind, oldest first. */
export async function trendOf(store: Store, contract: ContractRecord, request: TrendRequest, asOf: number) {
  const versions = await signedVersions(store, contract);
  const from = periodOf(versions, request.from, 'from');
  const to = periodOf(versions, request.to, 'to');
  if (from.kind !== to.kind)
    throw invalid(`to: "${request.to}" is a ${to.kind}, "${request.from}" a ${from.kind}: use one kind`, [
      { path: 'to', message: `is a ${to.kind}; from is a ${from.kind}` },
    ]);
  if (from.start > to.start)
    throw invalid(`from: "${request.from}" comes after "${request.to}"`, [
      { path: 'from', message: 'comes after to' },
    ]);
  const zone = versions[versions.length - 1]!.timezone;
  const wanted = periodsUpTo(from.kind, from.firstDay, to, zone);
  if (wanted.length > request.max)
    throw invalid(`from: ${wanted.length} periods asked; at most ${request.max} at a time`, [
      { path: 'from', message: `at most ${request.max} periods at a time` },
    ]);
  // Only periods that a signed version judges (none before the first effective_from or after effective_to).
  const inContract = wanted.filter(
    (p) => versionInForce(versions, isoFromDayNumber(p.firstDay)) !== undefined,
  );
  const last = inContract.at(-1);
  let periods: readonly PeriodEvaluation[] = [];
  if (last !== undefined && from.kind === versions[versions.length - 1]!.period) {
    // One evaluation of the last period replays every judgement period before it.
    const [evaluation] = await evaluateContract(store, contract, versions, [last], asOf);
    const names = new Set(inContract.map((p) => p.name));
    periods = evaluation!.history.filter((h) => names.has(h.period.name));
  } else if (last !== undefined) {
    periods = (await evaluateContract(store, contract, versions, inContract, asOf)).map((e) => e.result);
  }
  const closes = await store.closing.closes(contract.organisationId, contract.id);
  const closed = new Map(
    closes.filter((x) => x.status === 'closed').map((x) => [x.period, closedPeriodJson(x.document)]),
  );
  return {
    contract: contract.id,
    from: from.name,
    to: to.name,
    asOf: formatInstant(asOf, zone),
    periods: periods.map((pe) => closed.get(pe.period.name) ?? periodJson(pe)),
  };
}
