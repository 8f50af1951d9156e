/**
 * The validated SLA contract (contract.md) as the evaluation engine uses it. Every value is in an exact unit:
 * durations in integer milliseconds (`…Ms`), percentages in integer parts per million (`…Ppm`, 80% =
 * 800000), money in integer cents (`…Cents`). Every default is filled in and nothing is optional: a value
 * that the contract leaves out is `null` (or an empty list or map), so that the canonical form names it.
 */
import type { CalendarDefinition } from '../calendar/definition.js';

/** A judgement or report period. */
export type PeriodKind = 'week' | 'month' | 'quarter';
export const PERIOD_KINDS: readonly PeriodKind[] = ['week', 'month', 'quarter'];

/** The languages of the product's interface (titles, explanations). */
export type Lang = 'en' | 'nl' | 'de';
export const LANGS: readonly Lang[] = ['en', 'nl', 'de'];

export const METRIC_KINDS = [
  'service_level',
  'response_time',
  'resolution_time',
  'average',
  'abandonment_rate',
  'rate',
  'mean_score',
  'top_box',
  'nps',
  'availability',
  'incident_reaction',
  'compliance',
] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

/** Which way is better: `higher` (value >= target meets it) or `lower` (value <= target meets it). */
export type Direction = 'higher' | 'lower';

/** The normalised status vocabulary of data.md, in its natural order. */
export const STATUSES = ['new', 'open', 'pending_customer', 'on_hold', 'solved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const SPLIT_DIMENSIONS = ['language', 'channel', 'queue', 'segment'] as const;
export type SplitDimension = (typeof SPLIT_DIMENSIONS)[number];

/** How a service level counts abandoned contacts (kpis.md, "Service level variants"). */
export const ABANDON_COUNTS = [
  'as_failure',
  'ignore',
  'within_threshold_success',
  'exclude_within_threshold',
] as const;
export type AbandonCount = (typeof ABANDON_COUNTS)[number];

/** Targets, tagged with their unit. */
export interface PercentTarget {
  readonly unit: 'percent';
  readonly ppm: number;
}
export interface DurationTarget {
  readonly unit: 'duration';
  readonly ms: number;
}
/** A plain number: a mean score (`8.0`, `90`) or an NPS (`30`, may be negative). At most 4 decimals. */
export interface NumberTarget {
  readonly unit: 'number';
  readonly value: number;
}
/** A count of incidents (`0 incidents`). */
export interface CountTarget {
  readonly unit: 'count';
  readonly count: number;
}
export type Target = PercentTarget | DurationTarget | NumberTarget | CountTarget;

/**
 * `action_plan:` of a metric: the contract requires an action plan when an ended period's evaluation shows
 * the metric `missed`, or judged `below_minimum` (under `minimum`, else under `credits.minimum`), due
 * `dueWithinMs` after the period's end (docs/action-plans.md).
 */
export interface ActionPlanRule {
  readonly when: 'missed' | 'below_minimum';
  readonly dueWithinMs: number;
  /** The level `below_minimum` is judged against, in the metric's target unit; null = credits.minimum's. */
  readonly minimum: Target | null;
}
export const ACTION_PLAN_WHEN = ['missed', 'below_minimum'] as const;

/** A title per language; a title written as one string stands in every language. */
export interface Title {
  readonly en: string | null;
  readonly nl: string | null;
  readonly de: string | null;
}

/**
 * Field (column or attribute) → accepted values, as text, sorted. A record is in the population when, for
 * every field, its value is one of the listed ones. `{}` covers every record of the metric's kind.
 */
export type Population = Readonly<Record<string, readonly string[]>>;

/** Per split dimension, per value: another target (`split_targets: { language: { fr: 70% } }`). */
export type SplitTargets<T extends Target> = Readonly<
  Partial<Record<SplitDimension, Readonly<Record<string, T>>>>
>;

/** The SLA clock of a metric (calendar-and-clock.md). */
export interface Clock {
  /** Name of a calendar in `Contract.calendars`; null = real time, 24/7. */
  readonly calendar: string | null;
  /** Statuses during which the clock pauses, in the order of `STATUSES`. */
  readonly pauseWhen: readonly Status[];
  /** Where a resolution clock stops for a reopened contact: the last resolution or the first. */
  readonly resolution: 'final' | 'first';
}

interface MetricBase<K extends MetricKind, T extends Target> {
  readonly id: string;
  readonly kind: K;
  readonly direction: Direction;
  readonly title: Title;
  readonly population: Population;
  readonly target: T;
  /** One result per value of these dimensions, in this order; empty = one result. */
  readonly split: readonly SplitDimension[];
  /**
   * Targets for single split values. When a result's values hit several entries, the dimension that comes
   * first in `split` wins.
   */
  readonly splitTargets: SplitTargets<T>;
  /** Fewer records (answers, for means) than this: reported, not judged. 0 for `compliance`: always judged. */
  readonly minimumSample: number;
  /**
   * `at_risk_at`: the share of the threshold after which a running contact clock is at risk (the live
   * monitor's at-risk point; default 80%). Only kinds that time contacts take it. Absent when the contract
   * does not write it, so that the canonical form of contracts without it stays as it was.
   */
  readonly atRiskAtPpm?: number;
  /** Absent when the metric has none, so that the canonical form of older contracts stays as it was. */
  readonly actionPlan?: ActionPlanRule;
}

export interface ServiceLevelMetric extends MetricBase<'service_level', PercentTarget> {
  readonly thresholdMs: number;
  readonly abandoned: { readonly shortMs: number; readonly count: AbandonCount };
  readonly clock: Clock;
}
export interface ResponseTimeMetric extends MetricBase<'response_time', PercentTarget> {
  readonly thresholdMs: number;
  readonly clock: Clock;
}
export interface ResolutionTimeMetric extends MetricBase<'resolution_time', PercentTarget> {
  readonly thresholdMs: number;
  readonly clock: Clock;
}
export const AVERAGE_MEASURES = ['speed_of_answer', 'handle_time', 'wait'] as const;
export type AverageMeasure = (typeof AVERAGE_MEASURES)[number];
export interface AverageMetric extends MetricBase<'average', DurationTarget> {
  readonly measure: AverageMeasure;
}
export interface AbandonmentRateMetric extends MetricBase<'abandonment_rate', PercentTarget> {
  readonly abandoned: { readonly shortMs: number };
}
export interface RateMetric extends MetricBase<'rate', PercentTarget> {
  /** A boolean field of the data: `first_time_right`, `qa_script_compliant`, `tone_of_voice_ok`, custom. */
  readonly measure: string;
}
export interface MeanScoreMetric extends MetricBase<'mean_score', NumberTarget> {
  /** A numeric field: `csat` (normalised to 1..10), `qa_score` (0..100), `ces`, custom. */
  readonly measure: string;
}
export const SURVEY_KINDS = ['csat', 'ces', 'nps'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export interface TopBoxMetric extends MetricBase<'top_box', PercentTarget> {
  readonly measure: SurveyKind;
  /** How many of the highest answers of each scale count (2: 4–5 of 5, 9–10 of 10). */
  readonly box: number;
}
export interface NpsMetric extends MetricBase<'nps', NumberTarget> {}
export interface AvailabilityMetric extends MetricBase<'availability', PercentTarget> {
  /** Name of the calendar whose open time is scheduled. */
  readonly calendar: string;
}
export interface IncidentReactionMetric extends MetricBase<'incident_reaction', PercentTarget> {
  readonly thresholdMs: number;
  readonly clock: Clock;
}
export interface ComplianceMetric extends MetricBase<'compliance', CountTarget> {}

export type Metric =
  | ServiceLevelMetric
  | ResponseTimeMetric
  | ResolutionTimeMetric
  | AverageMetric
  | AbandonmentRateMetric
  | RateMetric
  | MeanScoreMetric
  | TopBoxMetric
  | NpsMetric
  | AvailabilityMetric
  | IncidentReactionMetric
  | ComplianceMetric;

/** The metric of one kind: `MetricOf<'service_level'>`. */
export type MetricOf<K extends MetricKind> = Extract<Metric, { kind: K }>;

export interface Credits {
  /** At most this share of the period fee is credited. */
  readonly atRiskPpm: number;
  /** The allocations may add up to at most this (may exceed 100%). Default 100%. */
  readonly poolPpm: number;
  /** Metric id → its share of the at-risk amount. */
  readonly allocationPpm: Readonly<Record<string, number>>;
  /** Percentage metric id → its critical level (a miss beyond it doubles the credit). */
  readonly minimumPpm: Readonly<Record<string, number>>;
  /** A charged credit is returned after this many met periods in a row; null = no earn-back. */
  readonly earnBack: { readonly periods: number } | null;
  /** Credits of a contract year are capped at this share of its charged fees; null = no annual cap. */
  readonly annualCapPpm: number | null;
}

export interface Bonus {
  /** Percentage points above (below, for lower-is-better) the target, in ppm: `exceed_by: 5` → 50000. */
  readonly exceedByPpm: number;
  /** Periods in a row. */
  readonly periods: number;
  /** Share of the period fee paid as bonus. */
  readonly amountPpm: number;
}

export interface Acceptance {
  /** Factor on percentage targets in the 1st, 2nd … period of the phase; the last repeats. Default [100%]. */
  readonly rampUpPpm: readonly number[];
  /** Share of the period fee paid during the phase. Default 100%. */
  readonly feePpm: number;
  /** The phase ends after this many consecutive periods with all targets met; null = only `longStop`. */
  readonly endsWhen: { readonly allTargetsMet: number } | null;
  /** The phase ends after at most this many periods; null = only `endsWhen`. */
  readonly longStop: number | null;
}

export interface Volume {
  /** A population's targets bind only while actual ×100 <= forecast × (100 + tolerance). */
  readonly forecastTolerancePpm: number;
}

export interface Exclusion {
  /** Local date-times `YYYY-MM-DDTHH:MM` in the contract's time zone; `from` < `to`. */
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

export type EscalationTrigger =
  | { readonly event: 'at_risk' }
  | { readonly event: 'breached' }
  | { readonly event: 'missed_periods'; readonly periods: number };

export interface EscalationLevel {
  readonly level: number;
  readonly who: readonly string[];
  readonly when: EscalationTrigger;
  readonly acknowledgeWithinMs: number;
}

export const RETENTION_UNITS = ['day', 'week', 'month', 'year'] as const;
export type RetentionUnit = (typeof RETENTION_UNITS)[number];

/** `data:` — what Accord keeps of personal data (AVG/GDPR). */
export interface DataPolicy {
  /** Survey free text: kept, or dropped on ingest (the default). */
  readonly comments: 'keep' | 'drop';
  /** Records older than this are purged; null (the default) keeps them. */
  readonly retention: { readonly count: number; readonly unit: RetentionUnit } | null;
  /**
   * Attribute columns declared personal beyond the name patterns (pseudonymised on ingest, removed on
   * erasure), sorted. Absent when the contract declares none, so its canonical form stays as it was.
   */
  readonly personal?: readonly string[];
}

export interface Contract {
  /** `contract:` — the stable id. */
  readonly id: string;
  readonly version: number;
  /** `YYYY-MM-DD`, the first day of a judgement period. */
  readonly effectiveFrom: string;
  /** `YYYY-MM-DD`, the last day of a judgement period (inclusive); null = open-ended. */
  readonly effectiveTo: string | null;
  readonly client: string;
  readonly partner: string;
  /** IANA zone of periods, exclusions and reports. */
  readonly timezone: string;
  /** ISO 4217 code. */
  readonly currency: string;
  readonly monthlyFeeCents: number;
  readonly period: PeriodKind;
  /** Report periods, in the order week, month, quarter. Default: `[period]`. */
  readonly report: readonly PeriodKind[];
  readonly calendars: Readonly<Record<string, CalendarDefinition>>;
  /** Named populations; `segment: NAME` in a population refers to one. */
  readonly segments: Readonly<Record<string, Population>>;
  /** In the order of the file (credits break ties by it). */
  readonly metrics: readonly Metric[];
  readonly credits: Credits | null;
  readonly bonus: Bonus | null;
  readonly acceptance: Acceptance | null;
  readonly volume: Volume | null;
  /** Sorted by `from`, then `to`, then `reason`. */
  readonly exclusions: readonly Exclusion[];
  /** Sorted by level. */
  readonly escalation: readonly EscalationLevel[];
  readonly data: DataPolicy;
}
