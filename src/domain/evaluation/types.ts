/** The results of an evaluation (interfaces.md, `evaluate` JSON), before they are printed. */
import type { Rational } from '../rational.js';

export type NotJudgedReason = 'minimum_sample' | 'no_data' | 'volume_band' | 'pooled';

export interface VolumeFigure {
  readonly forecast: number | null;
  readonly actual: number;
  readonly withinBand: boolean;
}

export interface MetricRow {
  readonly id: string;
  /** Split dimension → value for a split row; null for an unsplit metric and for a split metric's pooled row. */
  readonly split: Readonly<Record<string, string | null>> | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  /** Exact value in the metric's unit; null without data. */
  readonly value: Rational | null;
  /** Exact target in the same unit (after acceptance ramp-up and split targets). */
  readonly target: Rational;
  /** The full target (no ramp-up), for the end of the acceptance phase. */
  readonly fullTarget: Rational;
  readonly met: boolean | null;
  readonly judged: boolean;
  readonly reason: NotJudgedReason | null;
  readonly volume: VolumeFigure | null;
  /** Ids of the records that count against the result (drill-down), sorted. */
  readonly breaches: readonly string[];
  /** For a period still running at asOf: what the rest of the period must deliver. */
  readonly outlook?: Outlook | null;
}

/** What the rest of a running period must deliver (outlook.ts). */
export interface Outlook {
  /** Contacts still expected in the rest of the period for this row. */
  readonly expectedRemaining: number;
  readonly basis: 'forecast' | 'pace';
  /**
   * Higher-is-better: the share of the remaining contacts that must meet the threshold (0 when the target is
   * secured already). Lower-is-better: the largest share that may still fail.
   */
  readonly requiredShare: number;
  /** False when even a perfect rest of the period cannot reach the target. */
  readonly attainable: boolean;
}

export type Verdict = 'met' | 'missed' | 'unjudged';

export interface DataWarning {
  readonly code: string;
  readonly contact: string | null;
  readonly message: string;
}
