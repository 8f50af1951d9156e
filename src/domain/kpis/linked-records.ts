/**
 * Survey answers and QA evaluations, the records that name a contact: the kinds that judge them (rate and
 * mean score on QA, mean score on surveys, top box, NPS) read them through their contact's population and
 * split, and warn when the contact is needed but missing.
 */
import type { Metric } from '../contract/types.js';
import type { QaEvaluation } from '../records.js';
import type { MetricContext } from './definition.js';

/** A test on a contact index: whether the contact is in the metric's population. */
type InPopulation = (i: number) => boolean;

/** Whether records need their contact: only to test a population on it. */
const needsContact = (m: Metric) => Object.keys(m.population).length > 0;

/** The contact behind a record's key: its index, -1 when none is needed, null to leave the record out. */
function contactOf(ctx: MetricContext, metric: Metric, key: number, needed: boolean): number | null {
  const c = ctx.index.keyContact(key);
  if (c >= 0) return c;
  if (!needed) return -1;
  ctx.warn({
    code: 'record_without_contact',
    contact: ctx.data.keys.id(key),
    message: `${metric.id}: its contact is not in the data; left out`,
  });
  return null;
}

/** The period's latest survey answers of a kind in the population, with their contact (index, or -1). */
export function surveysOf(
  ctx: MetricContext,
  m: Metric,
  kind: number,
  inPopulation: InPopulation,
  each: (s: number, c: number) => void,
): void {
  const sv = ctx.data.surveys;
  const needed = needsContact(m);
  for (const s of ctx.surveys) {
    if (sv.kind[s] !== kind) continue;
    const c = contactOf(ctx, m, sv.key[s]!, needed);
    if (c === null || (c >= 0 && !inPopulation(c))) continue;
    each(s, c);
  }
}

/**
 * The QA evaluations of the period up to asOf in the population, with their contact key and contact (index,
 * or -1). `skip` leaves an evaluation out before its contact is looked for (and missed with a warning).
 */
export function qaEvaluationsOf(
  ctx: MetricContext,
  m: Metric,
  inPopulation: InPopulation,
  skip: (q: QaEvaluation) => boolean,
  each: (q: QaEvaluation, key: number, c: number) => void,
): void {
  const needed = needsContact(m);
  for (const q of ctx.index.qaEvaluated(ctx.period.start, ctx.period.end)) {
    if (q.evaluatedAt > ctx.asOf) break;
    if (skip(q)) continue;
    const key = ctx.index.qaKey(q);
    const c = contactOf(ctx, m, key, needed);
    if (c === null || (c >= 0 && !inPopulation(c))) continue;
    each(q, key, c);
  }
}
