/** The shapes of the API's answers that the dashboard reads (docs/api.md; interfaces.md `evaluate`). */
import type { Lang } from '../i18n/index.js';

export type Role = 'client-admin' | 'client-viewer' | 'auditor' | 'partner-admin' | 'partner-viewer';

export interface Session {
  readonly kind: 'user' | 'token';
  readonly id: string;
  readonly role: Role;
  readonly organisationId: string;
  readonly partnerId: string | null;
  readonly csrfToken: string | null;
  readonly expiresAt: string | null;
  /** The user's remembered language, or null before they chose one. */
  readonly lang?: Lang | null;
}

export interface Signature {
  readonly at: string;
  readonly by: string;
}

export interface VersionSummary {
  readonly version: number;
  readonly status: string;
  readonly digest: string;
  readonly effectiveFrom: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly signatures: { readonly client: Signature | null; readonly partner: Signature | null };
}

export interface Contract {
  readonly id: string;
  readonly organisationId: string;
  readonly partnerId: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly inForce: number | null;
  readonly versions: readonly VersionSummary[];
}

export type TargetJson =
  | { readonly unit: 'percent'; readonly ppm: number }
  | { readonly unit: 'duration'; readonly ms: number }
  | { readonly unit: 'number'; readonly value: number }
  | { readonly unit: 'count'; readonly count: number };

/** A metric of the canonical contract (what the dashboard needs of it). */
export interface CanonicalMetric {
  readonly id: string;
  readonly kind: string;
  readonly direction: 'higher' | 'lower';
  readonly target: TargetJson;
  readonly split: readonly string[];
  readonly title: Readonly<Record<Lang, string | null>>;
  readonly population?: Readonly<Record<string, readonly string[]>>;
  readonly thresholdMs?: number;
  readonly measure?: string;
}

export interface CanonicalContract {
  readonly id: string;
  readonly version: number;
  readonly client: string;
  readonly partner: string;
  readonly currency: string;
  readonly period: 'week' | 'month' | 'quarter';
  readonly timezone: string;
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
  readonly metrics: readonly CanonicalMetric[];
  readonly volume?: { readonly forecastTolerancePpm: number } | null;
  readonly monthlyFeeCents?: number;
}

export interface ContractVersion extends VersionSummary {
  readonly contract: string;
  readonly text?: string;
  readonly errors?: readonly unknown[];
  readonly canonical?: CanonicalContract | null;
}

export interface VolumeJson {
  readonly forecast: number | null;
  readonly actual: number;
  readonly withinBand: boolean;
}

export interface MetricRow {
  readonly id: string;
  readonly split: Readonly<Record<string, string>> | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
  readonly target: number | null;
  readonly met: boolean | null;
  readonly judged: boolean;
  readonly reason: string | null;
  readonly volume: VolumeJson | null;
}

export type Verdict = 'met' | 'missed' | 'unjudged' | string;

export interface MoneyLine {
  readonly metric: string;
  readonly rule: string;
  readonly amount: string;
}

export interface Statement {
  readonly fee: string;
  readonly credits: string;
  readonly earnBack: string;
  readonly bonus: string;
  readonly payable: string;
}

export interface EvaluationWarning {
  readonly code?: string;
  readonly message?: string;
  readonly [key: string]: unknown;
}

export interface EvaluationDocument {
  readonly contract: string;
  readonly version: number;
  readonly contractDigest: string;
  readonly period: string;
  readonly asOf: string;
  readonly provisional: boolean;
  readonly inputDigest: string;
  readonly metrics: readonly MetricRow[];
  readonly verdicts: Readonly<Record<string, Verdict>>;
  readonly credits: {
    readonly total: string;
    readonly currency: string;
    readonly lines: readonly MoneyLine[];
    readonly caps: readonly { readonly rule: string; readonly before?: string; readonly after?: string }[];
  } | null;
  readonly earnBack: { readonly total: string; readonly lines: readonly MoneyLine[] } | null;
  readonly bonus: { readonly earned: boolean; readonly amount: string; readonly streak: number } | null;
  readonly acceptance: { readonly phase: string; readonly period: number | null } | null;
  readonly statement: Statement | null;
  readonly warnings: readonly EvaluationWarning[];
  readonly closed?: boolean;
  readonly adjustments?: readonly unknown[];
}

export interface TrendPeriod {
  readonly period: string;
  readonly provisional: boolean;
  readonly version: number;
  readonly contractDigest: string;
  readonly verdicts: Readonly<Record<string, Verdict>>;
  readonly metrics: readonly MetricRow[];
  readonly statement?: Statement | null;
  readonly [key: string]: unknown;
}

export interface TrendDocument {
  readonly contract: string;
  readonly from: string;
  readonly to: string;
  readonly asOf: string;
  readonly periods: readonly TrendPeriod[];
}

export interface BreachRow extends MetricRow {
  /** The page of ids asked for (`offset`, `limit`), in the API's order. */
  readonly breaches: readonly string[];
  /** All ids of the row, of which `breaches` is a page. */
  readonly breachCount?: number;
}

export interface BreachesDocument {
  readonly contract: string;
  readonly version: number;
  readonly period: string;
  readonly asOf: string;
  readonly metric: string;
  readonly rows: readonly BreachRow[];
}

export interface Dispute {
  readonly id: string;
  readonly contact: string;
  readonly source?: string | null;
  readonly reason: string;
  readonly note?: string | null;
  readonly status: string;
  readonly [key: string]: unknown;
}

export interface ContactReading {
  readonly metric: string;
  readonly kind: string;
  readonly start: string;
  readonly stop: string | null;
  readonly stoppedBy:
    | 'answered'
    | 'abandoned'
    | 'first_response'
    | 'resolved'
    | 'open'
    | 'abandoned_in_queue';
  readonly elapsedMs: number;
  readonly thresholdMs: number;
  readonly pauses: readonly { readonly from: string; readonly to: string }[];
  readonly within: boolean | null;
}

export interface ContactTimeline {
  readonly contract: string;
  readonly version: number;
  readonly asOf: string;
  readonly contact: {
    readonly source: string;
    readonly id: string;
    readonly channel: string;
    readonly direction: string;
    readonly language: string | null;
    readonly queue: string | null;
    readonly segment: string | null;
    readonly category: string | null;
    readonly createdAt: string;
    readonly answeredAt: string | null;
    readonly abandonedAt: string | null;
    readonly firstResponseAt: string | null;
    readonly resolvedAt: string | null;
    readonly reopenCount: number | null;
  };
  readonly events: readonly {
    readonly status: string;
    readonly nativeStatus: string | null;
    readonly at: string;
  }[];
  readonly reading: ContactReading | null;
}

export interface IntervalsDocument {
  readonly contract: string;
  readonly period: string;
  readonly asOf: string;
  readonly metric: string;
  readonly minutes: number;
  readonly intervals: readonly {
    readonly start: string;
    readonly numerator: number;
    readonly denominator: number;
  }[];
}

export interface DistributionDocument {
  readonly contract: string;
  readonly period: string;
  readonly asOf: string;
  readonly metric: string;
  readonly scores: readonly {
    readonly score: number;
    readonly scaleMin: number;
    readonly scaleMax: number;
    readonly count: number;
  }[];
}
