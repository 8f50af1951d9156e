/**
 * What a KPI kind is (kpis.md): the contract rules of its metrics, how a period's records are tallied for it,
 * how a tally becomes its figures, and the keys of its wording. Each kind is one file of this folder and one
 * line of the registry (index.ts); the contract reader and the evaluation ask the registry, never a switch.
 */
import type {
  AbandonCount,
  Clock,
  Contract,
  Direction,
  Metric,
  MetricKind,
  MetricOf,
  Target,
} from '../contract/types.js';
import type { Parsed } from '../contract/values.js';
import type { EvaluationData } from '../evaluation/columns.js';
import type { ElapsedClock, EventRange } from '../evaluation/contact-clock.js';
import type { DataIndex } from '../evaluation/data-index.js';
import type { SplitTallies, Tally } from '../evaluation/samples.js';
import type { DataWarning } from '../evaluation/types.js';
import type { Issue } from '../issues.js';
import type { Period } from '../period.js';
import { compare, type Rational } from '../rational.js';

/** The keys of a metric that only some kinds have (`id`, `kind`, `title` and `target` are every kind's). */
export type KindKey =
  | 'population'
  | 'measure'
  | 'threshold'
  | 'abandoned'
  | 'clock'
  | 'calendar'
  | 'box'
  | 'split'
  | 'split_targets'
  | 'minimum_sample'
  | 'at_risk_at';

/** The keys of every kind judged on records that carry a contact. */
export const CONTACT_KEYS: readonly KindKey[] = ['population', 'split', 'split_targets', 'minimum_sample'];

/** The records a metric counts, as its explanation names them. */
export type RecordsNoun = 'contacts' | 'answers' | 'evaluations' | 'incidents';

/** What a contract may say about a metric of one kind, and how its target reads. */
export interface KindRules {
  /** Keys it needs besides `id`, `kind` and `target`. */
  readonly needs: readonly KindKey[];
  /** Keys it may have. Any other key is refused as not applying to the kind. */
  readonly may: readonly KindKey[];
  /** `lower` for lower-is-better kinds: the value meets the target when at or below it. */
  readonly direction: Direction;
  /** The unit of its target (`percent`: the target is `NN%`, ramped up during acceptance). */
  readonly targetUnit: Target['unit'];
  /**
   * Whether its value is a share of counted records (numerator of denominator), so that the running period's
   * outlook can say what share of the contacts still expected must succeed (outlook.ts).
   */
  readonly shareOfRecords: boolean;
  /** Reads its target (contract.md, "Targets and units"); `measure` is the metric's, to check a scale. */
  readonly readTarget: (value: unknown, measure: unknown) => Parsed<Target>;
  /** A target to suggest when it is missing. */
  readonly targetExample: string;
  /** A threshold to suggest when it is missing (kinds that need one). */
  readonly thresholdExample?: string;
  /** How `measure` reads, and what to suggest when it is missing (kinds that need one). */
  readonly measure?: { readonly read: (value: unknown) => Parsed<string>; readonly hint: string };
  /** The keys of its clock besides `calendar` (kinds that may have a clock). */
  readonly clock?: { readonly pauses: boolean; readonly resolution: boolean };
  /** Why `abandoned: { count }` does not apply, for kinds whose `abandoned` has no count. */
  readonly abandonedCountRefused?: string;
  /** `minimum_sample` when the contract leaves it out. */
  readonly defaultMinimumSample: number;
  /** Checks the generic reader cannot express (issues have paths relative to the metric). */
  readonly check?: (raw: Readonly<Record<string, unknown>>, issues: Issue[]) => void;
}

/** Whether a value reaches a target in a direction: at or above it (`higher`), at or below it (`lower`). */
export function meetsTarget(value: Rational, target: Rational, direction: Direction): boolean {
  const c = compare(value, target);
  return direction === 'higher' ? c >= 0 : c <= 0;
}

/** The keys of a metric other than the kind-specific ones, read and with their defaults. */
export interface MetricBase {
  readonly id: string;
  readonly direction: Direction;
  readonly title: Metric['title'];
  readonly population: Metric['population'];
  readonly split: Metric['split'];
  /** Split targets in the kind's own target type (read as such). */
  readonly splitTargets: never;
  readonly minimumSample: number;
  readonly atRiskAtPpm?: number;
  readonly actionPlan?: NonNullable<Metric['actionPlan']>;
}

/** The kind-specific keys of a metric, read, with their defaults (a kind takes what it has). */
export interface MetricFields {
  readonly measure: string;
  readonly thresholdMs: number;
  readonly abandoned: { readonly shortMs: number; readonly count: AbandonCount };
  readonly clock: Clock;
  readonly calendar: string;
  readonly box: number;
}

/** Everything the metrics of one period are judged with. */
export interface MetricContext {
  readonly contract: Contract;
  readonly period: Period;
  readonly asOf: number;
  readonly index: DataIndex;
  readonly data: EvaluationData;
  /** Contacts of the period: positions [lo, hi) of `index.order`, created in it and at or before asOf. */
  readonly contacts: { readonly lo: number; readonly hi: number };
  /** Whether a creation instant lies in an exclusion window (such contacts leave every population). */
  readonly excludedAt: (t: number) => boolean;
  /** Latest survey answer per contact and kind within the period (survey indices). */
  readonly surveys: readonly number[];
  /** Exclusion windows as flat [from, to, …] pauses. */
  readonly exclusionPauses: readonly number[];
  readonly clockFor: (calendar: string | null) => ElapsedClock;
  /** The target of a row: split targets and acceptance ramp-up applied; and the full target. */
  readonly targetFor: (
    metric: Metric,
    split: Readonly<Record<string, string | null>> | null,
  ) => { target: Rational; full: Rational };
  readonly warn: (w: DataWarning) => void;
}

/** A warning about a contact, kept until the contact pass is over. */
export interface PendingWarning {
  readonly code: string;
  readonly message: string;
}

/** One metric's work in a period. */
export interface MetricRun {
  readonly metric: Metric;
  readonly tallies: SplitTallies;
  /** Visits each contact of the period (kinds judged on contacts); null for the other kinds. */
  readonly visit: ((i: number) => void) | null;
  /** Channels the population can match (bit mask over channel codes): contacts of others are skipped. */
  readonly channels: number;
  /** Reads the metric's own records (surveys, QA, incidents, …); runs after the contact pass. */
  readonly run: (() => void) | null;
  /** Warnings of the contact pass, as (index in `warnings`, contact key) pairs in contact order. */
  readonly pending: number[];
  readonly warnings: readonly PendingWarning[];
  /** Distinct values of a mean, by the ids given to `Tally.addValue`. */
  readonly values: Rational[];
}

/** A tally as a result shows it: the exact value in the kind's unit (null without data), and the figures. */
export interface Figures {
  readonly value: Rational | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
}

/** The figures of a tally without records. */
export const NO_DATA: Figures = { value: null, numerator: 0, denominator: 0 };

/** The wording keys of a kind's explanation (`contract explain`); the words live in src/locales. */
export interface KindWording<K extends MetricKind = MetricKind> {
  /** The sentence that says what the metric measures. */
  readonly explain: `kpi.${K}.explain`;
}

/**
 * How the live monitor reads a running contact clock, for the kinds that time each contact against a
 * threshold (service level, response and resolution time): the same stop rules as their tally.
 */
export interface LiveRules<K extends MetricKind> {
  /**
   * Where contact i's clock stopped as seen at asOf: an instant, null while it still runs, undefined when
   * the metric does not time contact i (an outbound call for a service level, a contact abandoned in queue).
   */
  stop(
    data: EvaluationData,
    metric: MetricOf<K>,
    asOf: number,
  ): (i: number, ev: EventRange) => number | null | undefined;
  /** Whether the time from a resolution to its reopening pauses the clock. */
  reopenGaps(metric: MetricOf<K>): boolean;
}

/** One KPI kind. */
export interface KpiKind<K extends MetricKind> {
  readonly kind: K;
  readonly rules: KindRules;
  /** The metric of this kind from its read keys; `target` has been read in the kind's unit. */
  build(base: MetricBase, target: never, fields: MetricFields): MetricOf<K>;
  /** The tallies of one metric in a period: a contact visitor, a pass over its own records, or both. */
  tally(ctx: MetricContext, metric: MetricOf<K>): MetricRun;
  figures(t: Tally): Figures;
  /** Whether a metric is judged on the period's contacts: the forecast volume band applies to it. */
  onContacts(metric: MetricOf<K>): boolean;
  /** The records it counts, as the explanation names them. */
  records(metric: MetricOf<K>): RecordsNoun;
  readonly wording: KindWording<K>;
  /** Kinds whose contacts have a running clock the live monitor watches. */
  readonly live?: LiveRules<K>;
}
