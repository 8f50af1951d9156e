/**
 * What a report of a period reads (docs/reports.md), gathered by the evaluation's own paths: the evaluate
 * document (with the records behind every row) and the trend of the periods before it, then the report
 * model (src/reports/model.ts). From files (`accord report --data`), from the store for an operator's
 * contract files (`accord report --db`, as `operatorPeriodDocument`), or for a stored contract as a
 * principal sees it (the API, the scheduled mails; finance sees no contact ids, services/redaction.ts).
 */
import type { Contract } from '../domain/contract/types.js';
import type { Evaluation } from '../domain/evaluation/evaluate.js';
import { evaluationJson } from '../domain/evaluation/json.js';
import { type Period, periodContainingDay } from '../domain/period.js';
import { buildReportModel, type ReportInput, type ReportModel } from '../reports/model.js';
import type { ContractRecord, Store } from '../store/index.js';
import { type JudgedEntry, reportActionPlan } from './action-plans.service.js';
import { operatorPeriodDocument, operatorSource, periodDocument } from './closing.service.js';
import { evaluateFromStore } from './evaluation.service.js';
import { redactEvaluation, seesContacts } from './redaction.js';
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

/** The report of an evaluation already made (`accord report --data`): its history is the trend. */
export function reportOfEvaluation(
  evaluation: Evaluation,
  versions: readonly Contract[],
  asOf: number,
  document: ReportInput['document'] = evaluationJson(evaluation, { asOf, breaches: metricIds(versions) }),
): ReportModel {
  return buildReportModel({
    document,
    trend: evaluation.history.map(periodJson),
    versions,
    trendLength: REPORT_TREND_PERIODS,
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

/** The report of a stored contract's period as `principal` may read it. */
export async function storedReport(
  store: Store,
  contract: ContractRecord,
  versions: readonly Contract[],
  period: Period,
  asOf: number,
  principal: Principal,
): Promise<ReportModel> {
  const shown = seesContacts(principal);
  const doc = await periodDocument(store, contract, versions, period, asOf, shown ? metricIds(versions) : []);
  const trend = await storedTrend(store, contract, versions, period, asOf);
  const model = buildReportModel({
    document: redactEvaluation(principal, doc),
    trend,
    versions,
    trendLength: REPORT_TREND_PERIODS,
    hideRecords: !shown,
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
  if ('stored' in source) {
    const trend = await storedTrend(store, source.stored, versions, period, asOf);
    const model = buildReportModel({ document: doc, trend, versions, trendLength: REPORT_TREND_PERIODS });
    return withActionPlan(store, source.stored, versions, period, asOf, model, trend, doc);
  }
  const [e] = await evaluateFromStore(store, versions, [period], asOf, source.scope);
  const trend = e!.history.map(periodJson);
  return buildReportModel({ document: doc, trend, versions, trendLength: REPORT_TREND_PERIODS });
}
