/**
 * The registry of KPI kinds: kind → its definition. Adding a kind is adding its file and a line here (and
 * its name to METRIC_KINDS and its metric type to `Metric` in contract/types.ts).
 */
import type { Metric, MetricKind } from '../contract/types.js';
import { abandonmentRate } from './abandonment-rate.js';
import { availability } from './availability.js';
import { average } from './average.js';
import { compliance } from './compliance.js';
import type { KpiKind } from './definition.js';
import { incidentReaction } from './incident-reaction.js';
import { meanScore } from './mean-score.js';
import { nps } from './nps.js';
import { rate } from './rate.js';
import { resolutionTime } from './resolution-time.js';
import { responseTime } from './response-time.js';
import { serviceLevel } from './service-level.js';
import { topBox } from './top-box.js';

export {
  type KindKey,
  type KindRules,
  type KpiKind,
  type MetricContext,
  type MetricRun,
  meetsTarget,
} from './definition.js';

export const KPI_KINDS: { readonly [K in MetricKind]: KpiKind<K> } = {
  service_level: serviceLevel,
  response_time: responseTime,
  resolution_time: resolutionTime,
  average,
  abandonment_rate: abandonmentRate,
  rate,
  mean_score: meanScore,
  top_box: topBox,
  nps,
  availability,
  incident_reaction: incidentReaction,
  compliance,
};

/**
 * The definition of a metric's kind, typed for that metric. (TypeScript cannot tie `KPI_KINDS[m.kind]` to
 * `m` by itself: the one cast lives here.)
 */
export function kpiOf<M extends Metric>(metric: M): KpiKind<M['kind']> {
  return KPI_KINDS[metric.kind] as unknown as KpiKind<M['kind']>;
}

/** The rules of a kind. */
export const rulesOf = (kind: MetricKind) => KPI_KINDS[kind].rules;

/** Whether a kind's target is a percentage (`NN%`): ramped up during acceptance, raised by a bonus. */
export const isPercentageKind = (kind: MetricKind) => rulesOf(kind).targetUnit === 'percent';
