/**
 * What both parties read of a stored contract's results, for the API, the dashboard and the reports: the
 * records behind one metric (drill-down) and the figures of a run of periods (trend). Closed periods keep
 * the figures both parties agreed to.
 */
import { contractDigest } from '../domain/contract/canonical.js';
import type { Metric } from '../domain/contract/types.js';
import { type Evaluation, type PeriodEvaluation, versionInForce } from '../domain/evaluation/evaluate.js';
import { metricRowJson, statementJson } from '../domain/evaluation/json.js';
import { fieldsUsed } from '../domain/evaluation/population.js';
import { type ContactReading, contactReading, isTimed } from '../domain/kpis/contact-reading.js';
import { isSurveyMetric, scoreDistribution } from '../domain/kpis/distribution.js';
import { perIntervalKind, perIntervalOfDay } from '../domain/kpis/intervals.js';
import { isoFromDayNumber, periodsUpTo } from '../domain/period.js';
import { formatInstant } from '../domain/time/instant.js';
import type { ContractRecord, Store } from '../store/index.js';
import {
  adjustedStatement,
  adjustmentsFor,
  contractScope,
  evaluateContract,
  type PeriodDocument,
} from './closing.service.js';
import { signedVersions } from './contracts.service.js';
import { invalid, notFound } from './errors.js';
import { evaluationRange, periodOf, requireMetrics } from './evaluation.service.js';

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
export function periodJson(pe: PeriodEvaluation) {
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
  /** Each period with the evaluation whose history holds it (for the adjustments of closed periods). */
  let periods: readonly { readonly pe: PeriodEvaluation; readonly evaluation: Evaluation }[] = [];
  if (last !== undefined && from.kind === versions[versions.length - 1]!.period) {
    // One evaluation of the last period replays every judgement period before it.
    const [evaluation] = await evaluateContract(store, contract, versions, [last], asOf);
    const names = new Set(inContract.map((p) => p.name));
    periods = evaluation!.history
      .filter((h) => names.has(h.period.name))
      .map((pe) => ({ pe, evaluation: evaluation! }));
  } else if (last !== undefined) {
    periods = (await evaluateContract(store, contract, versions, inContract, asOf)).map((e) => ({
      pe: e.result,
      evaluation: e,
    }));
  }
  const closes = await store.closing.closes(contract.organisationId, contract.id);
  const closed = new Map(
    closes.filter((x) => x.status === 'closed').map((x) => [x.period, closedPeriodJson(x.document)]),
  );
  // An open period's statement as its own document shows it: with what closed periods before it moved.
  const open = (pe: PeriodEvaluation, evaluation: Evaluation) => {
    const entry = periodJson(pe);
    if (entry.statement === null) return entry;
    return {
      ...entry,
      statement: adjustedStatement(entry.statement, adjustmentsFor(evaluation, pe.period, closes)),
    };
  };
  return {
    contract: contract.id,
    from: from.name,
    to: to.name,
    asOf: formatInstant(asOf, zone),
    periods: periods.map(({ pe, evaluation }) => closed.get(pe.period.name) ?? open(pe, evaluation)),
  };
}

/**
 * One contact of the contract's partner with its status history (the drill-down's timeline) and, for a timed
 * metric of the version in force when it was created, why it counts: its clock from start to stop, the
 * pauses, the elapsed time against the threshold (src/domain/kpis/contact-reading.ts).
 */
export async function contactTimelineOf(
  store: Store,
  contract: ContractRecord,
  request: { contact: string; metric?: string | undefined; source?: string | undefined },
  asOf: number,
) {
  const versions = await signedVersions(store, contract);
  const { sources = [] } = await contractScope(store, contract);
  const found = await store.records.contactTimelines(
    request.source === undefined ? sources : sources.filter((s) => s === request.source),
    request.contact,
  );
  if (found.length === 0)
    throw notFound(`contact "${request.contact}" not found in the data of this contract`);
  if (found.length > 1)
    throw invalid(
      `contact "${request.contact}" is held by ${found.map((f) => f.contact.source).join(' and ')}: name the source`,
      [{ path: 'query.source', message: 'is required when several sources hold the contact' }],
    );
  const { contact, events } = found[0]!;
  const latest = versions[versions.length - 1]!;
  const created = formatInstant(contact.createdAt, latest.timezone).slice(0, 10);
  const version = versionInForce(versions, created) ?? latest;
  let reading: ContactReading | null = null;
  if (request.metric !== undefined) {
    const m = version.metrics.find((x) => x.id === request.metric);
    if (m === undefined)
      throw notFound(`metric "${request.metric}" is not in version ${version.version} of ${contract.id}`);
    if (isTimed(m)) reading = contactReading(version, m, contact, events, asOf);
  }
  const at = (ms: number | null) => (ms === null ? null : formatInstant(ms, version.timezone));
  return {
    contract: contract.id,
    version: version.version,
    asOf: formatInstant(asOf, version.timezone),
    contact: {
      source: contact.source,
      id: contact.id,
      channel: contact.channel,
      direction: contact.direction,
      language: contact.language,
      queue: contact.queue,
      segment: contact.segment,
      priority: contact.priority,
      category: contact.category,
      createdAt: at(contact.createdAt),
      answeredAt: at(contact.answeredAt),
      abandonedAt: at(contact.abandonedAt),
      firstResponseAt: at(contact.firstResponseAt),
      resolvedAt: at(contact.resolvedAt),
      reopenCount: contact.reopenCount,
      handleSeconds: contact.handleSeconds,
    },
    events: events.map((e) => ({ status: e.status, nativeStatus: e.nativeStatus, at: at(e.at)! })),
    reading:
      reading === null
        ? null
        : {
            metric: reading.metric,
            kind: reading.kind,
            start: at(reading.start)!,
            stop: at(reading.stop),
            stoppedBy: reading.stoppedBy,
            elapsedMs: reading.elapsedMs,
            thresholdMs: reading.thresholdMs,
            pauses: reading.pauses.map(([from, to]) => ({ from: at(from)!, to: at(to)! })),
            within: reading.within,
          },
  };
}

/**
 * One metric of a period and the period's data as its evaluation reads them (the contract partner's
 * sources, without the agreed exclusions): what the per-interval and per-score views share. `refusal` says
 * why the metric has no such view, or null.
 */
async function metricPeriodData(
  store: Store,
  contract: ContractRecord,
  period: string,
  metricId: string,
  asOf: number,
  refusal: (metric: Metric) => { readonly message: string; readonly detail: string } | null,
) {
  const versions = await signedVersions(store, contract);
  const p = periodOf(versions, period, 'period');
  requireMetrics(versions, p, [metricId]);
  const version = versionInForce(versions, isoFromDayNumber(p.firstDay)) ?? versions[versions.length - 1]!;
  const metric = version.metrics.find((m) => m.id === metricId)!;
  const refused = refusal(metric);
  if (refused !== null)
    throw invalid(`metric: ${refused.message}`, [{ path: 'path.metric', message: refused.detail }]);
  const scope = await contractScope(store, contract);
  const { data } = await store.records.readPeriodColumns(evaluationRange(versions, [p], asOf), {
    sources: scope.sources,
    exclusions: scope.exclusions,
    fields: fieldsUsed(versions),
  });
  const head = {
    contract: contract.id,
    version: version.version,
    period: p.name,
    asOf: formatInstant(asOf, version.timezone),
    metric: metricId,
  };
  return { version, metric, data, p, head };
}

/**
 * A share metric of a period per interval of the day (src/domain/kpis/intervals.ts), over the contract
 * partner's data without the agreed exclusions, as its evaluation reads them.
 */
export async function intervalsOf(
  store: Store,
  contract: ContractRecord,
  period: string,
  metricId: string,
  asOf: number,
  minutes: number,
) {
  const { version, metric, data, p, head } = await metricPeriodData(
    store,
    contract,
    period,
    metricId,
    asOf,
    (m) =>
      perIntervalKind(m)
        ? null
        : {
            message: `"${metricId}" is a ${m.kind}, not a share of contacts: it has no intervals`,
            detail: 'is not a share of contacts',
          },
  );
  return { ...head, minutes, intervals: perIntervalOfDay(version, metric, data, p, asOf, minutes) };
}

/** The answers behind a survey metric of a period by score (src/domain/kpis/distribution.ts). */
export async function distributionOf(
  store: Store,
  contract: ContractRecord,
  period: string,
  metricId: string,
  asOf: number,
) {
  const { version, metric, data, p, head } = await metricPeriodData(
    store,
    contract,
    period,
    metricId,
    asOf,
    (m) =>
      isSurveyMetric(m)
        ? null
        : {
            message: `"${metricId}" is a ${m.kind}, not a survey metric: it has no score distribution`,
            detail: 'is not a survey metric',
          },
  );
  return { ...head, scores: scoreDistribution(version, metric, data, p, asOf) };
}
