/**
 * What a report of a period reads (docs/reports.md), gathered by the evaluation's own paths: the evaluate
 * document (with the records behind every row) and the trend of the periods before it, then the report
 * model (src/reports/model.ts). From files (`accord report --data`), from the store for an operator's
 * contract files (`accord report --db`, as `operatorPeriodDocument`), or for a stored contract as a
 * principal sees it (the API, the scheduled mails; finance sees no contact ids, services/redaction.ts).
 */
import type { Contract } from '../domain/contract/types.js';
import type { EvaluationData } from '../domain/evaluation/columns.js';
import { type Evaluation, versionInForce } from '../domain/evaluation/evaluate.js';
import { evaluationJson } from '../domain/evaluation/json.js';
import { type Period, periodContainingDay } from '../domain/period.js';
import type { Survey } from '../domain/records.js';
import { isoFromDayNumber } from '../domain/time/zone.js';
import { nodeSha256 } from '../ingest/sha256.js';
import { buildReportModel, type ReportInput, type ReportModel } from '../reports/model.js';
import type { ContractRecord, Store } from '../store/index.js';
import { type JudgedEntry, reportActionPlan } from './action-plans.service.js';
import { contractScope, operatorPeriodDocument, operatorSource, periodDocument } from './closing.service.js';
import { type EvaluationScope, evaluateFromStore, runEvaluation } from './evaluation.service.js';
import { seesContacts, withoutContactIds } from './redaction.js';
import { periodJson, trendOf } from './results.service.js';
import type { Principal } from './roles.js';

/** How many periods a report's trend shows, the reported one included. */
export const REPORT_TREND_PERIODS = 6;

const metricIds = (versions: readonly Contract[]) => [
  ...new Set(versions.flatMap((v) => v.metrics.map((m) => m.id))),
];

/** The name of the period `back` periods before `period`, of the same kind. */
function periodBefore(period: Period, back: number, zone: string): Period {
  let p = period;
  for (let i = 0; i < back; i++) p = periodContainingDay(p.kind, p.firstDay - 1, zone);
  return p;
}

/** The part of a period its survey comments come from: its start to its end or asOf. */
export function commentRange(period: Period, asOf: number): { from: number; to: number } {
  return { from: period.start, to: Math.max(period.start, Math.min(period.end, asOf + 1)) };
}

/** Whether the version judging the document's period keeps survey comments (contract.md, `data:`). */
export function keepsComments(versions: readonly Contract[], version: number): boolean {
  return versions.find((v) => v.version === version)?.data.comments === 'keep';
}

/** The survey answers with a comment in the period, of the scope's sources and without its exclusions. */
async function storedComments(
  store: Store,
  range: { from: number; to: number },
  scope: EvaluationScope,
): Promise<Survey[]> {
  const excluded = new Set((scope.exclusions ?? []).map((e) => `${e.source}\u0000${e.contactId}`));
  const out: Survey[] = [];
  const options = scope.sources === undefined ? {} : { sources: scope.sources };
  for await (const page of store.records.recordPages('surveys', range, options))
    for (const s of page)
      if (s.comment !== null && !excluded.has(`${s.source}\u0000${s.contactId}`)) out.push(s);
  return out;
}

/** Data already loaded into the evaluation's columns (`accord report --data`), with its digest. */
export interface DataInput {
  readonly asOf: number;
  readonly data: EvaluationData;
  readonly dataDigest: string;
}

/**
 * The trend of an evaluation already made: its history when the period is of the contract's kind (one
 * replay judged them all); otherwise (a week of a monthly contract) the periods before it, each judged on
 * the same data.
 */
function trendOfEvaluation(
  evaluation: Evaluation,
  versions: readonly Contract[],
  input: DataInput | undefined,
): ReportInput['trend'] {
  const period = evaluation.result.period;
  if (period.kind === evaluation.result.contract.period || input === undefined)
    return evaluation.history.map(periodJson);
  const zone = versions[versions.length - 1]!.timezone;
  const out: ReportInput['trend'][number][] = [];
  for (let back = REPORT_TREND_PERIODS - 1; back >= 1; back--) {
    const p = periodBefore(period, back, zone);
    if (versionInForce(versions, isoFromDayNumber(p.firstDay)) === undefined) continue;
    const e = runEvaluation({ ...input, versions, period: p.name, sha256: nodeSha256 });
    out.push(periodJson(e.result));
  }
  return out;
}

/** The report of an evaluation already made (`accord report --data`); `input` judges the trend's periods. */
export function reportOfEvaluation(
  evaluation: Evaluation,
  versions: readonly Contract[],
  asOf: number,
  document: ReportInput['document'] = evaluationJson(evaluation, { asOf, breaches: metricIds(versions) }),
  comments?: readonly Survey[],
  input?: DataInput,
): ReportModel {
  return buildReportModel({
    document,
    trend: trendOfEvaluation(evaluation, versions, input),
    versions,
    trendLength: REPORT_TREND_PERIODS,
    ...(comments === undefined ? {} : { comments }),
  });
}

async function storedTrend(
  store: Store,
  contract: ContractRecord,
  versions: readonly Contract[],
  period: Period,
  asOf: number,
) {
  const zone = versions[versions.length - 1]!.timezone;
  const from = periodBefore(period, REPORT_TREND_PERIODS - 1, zone);
  const trend = await trendOf(
    store,
    contract,
    { from: from.name, to: period.name, max: REPORT_TREND_PERIODS },
    asOf,
  );
  return trend.periods;
}

/** The report of a stored contract's period as `principal` may read it (finance: no contact ids). */
export function storedReport(
  store: Store,
  contract: ContractRecord,
  versions: readonly Contract[],
  period: Period,
  asOf: number,
  principal: Principal,
): Promise<ReportModel> {
  return contractReport(store, contract, versions, period, asOf, { contactIds: seesContacts(principal) });
}

/**
 * The report of a stored contract's period for a reader outside a request (a scheduled mail): with the
 * contact ids behind the figures, or without them (a recipient in finance, services/redaction.ts).
 */
export async function contractReport(
  store: Store,
  contract: ContractRecord,
  versions: readonly Contract[],
  period: Period,
  asOf: number,
  options: { readonly contactIds: boolean },
): Promise<ReportModel> {
  const shown = options.contactIds;
  const doc = await periodDocument(store, contract, versions, period, asOf, shown ? metricIds(versions) : []);
  const trend = await storedTrend(store, contract, versions, period, asOf);
  const comments = keepsComments(versions, doc.version)
    ? await storedComments(store, commentRange(period, asOf), await contractScope(store, contract))
    : undefined;
  const model = buildReportModel({
    document: shown ? doc : withoutContactIds(doc),
    trend,
    versions,
    trendLength: REPORT_TREND_PERIODS,
    hideRecords: !shown,
    ...(comments === undefined ? {} : { comments }),
  });
  return withActionPlan(store, contract, versions, period, asOf, model, trend, doc);
}

/** A stored contract's report gets its action plan (the trend's and the period's judgements open the plans due). */
async function withActionPlan(
  store: Store,
  contract: ContractRecord,
  versions: readonly Contract[],
  period: Period,
  asOf: number,
  model: ReportModel,
  trend: readonly JudgedEntry[],
  doc: JudgedEntry,
): Promise<ReportModel> {
  const latest = versions[versions.length - 1]!;
  const judged = [...trend.filter((t) => t.period !== doc.period), doc];
  return { ...model, actionPlan: await reportActionPlan(store, contract, latest, period, judged, asOf) };
}

/** `accord report --db`: the report of the document `accord evaluate --db` prints, with its trend. */
export async function operatorReport(
  store: Store,
  versions: readonly Contract[],
  period: Period,
  asOf: number,
): Promise<ReportModel> {
  const doc = await operatorPeriodDocument(store, versions, period, asOf, metricIds(versions));
  const source = await operatorSource(store, versions);
  let scope: EvaluationScope;
  let stored: { contract: ContractRecord; trend: JudgedEntry[] } | undefined;
  let trend: ReportInput['trend'];
  if ('stored' in source) {
    const judged = await storedTrend(store, source.stored, versions, period, asOf);
    stored = { contract: source.stored, trend: judged };
    trend = judged;
    scope = await contractScope(store, source.stored);
  } else {
    const [e] = await evaluateFromStore(store, versions, [period], asOf, source.scope);
    trend = e!.history.map(periodJson);
    scope = source.scope;
  }
  const comments = keepsComments(versions, doc.version)
    ? await storedComments(store, commentRange(period, asOf), scope)
    : undefined;
  const model = buildReportModel({
    document: doc,
    trend,
    versions,
    trendLength: REPORT_TREND_PERIODS,
    ...(comments === undefined ? {} : { comments }),
  });
  return stored === undefined
    ? model
    : withActionPlan(store, stored.contract, versions, period, asOf, model, stored.trend, doc);
}
