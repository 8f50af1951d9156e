/**
 * The report of one period as plain data (docs/reports.md): built by one pure function from what the
 * evaluation already wrote — the evaluate document of interfaces.md (the one JSON writer's output, with the
 * records behind each row), the trend entries of the periods before it, and the contract version that
 * judged it. Every renderer (HTML, PDF, XLSX, CSV) reads this model and nothing else, so the figures of
 * every format are the same figures. Nothing here is worded: the renderers word it per language.
 *
 * To add a section (an action plan, say): add an optional field here, fill it where the input is gathered
 * (services/report.service.ts), and add one section function to each renderer's list.
 */
import type { Contract, Direction, MetricKind } from '../domain/contract/types.js';
import { isPercentageKind } from '../domain/kpis/index.js';
import { parseCents } from '../domain/money.js';
import { parsePeriod } from '../domain/period.js';
import { formatInstant } from '../domain/time/instant.js';
import { isoFromDayNumber } from '../domain/time/zone.js';

/** A row of the evaluate document's `metrics` (metricRowJson), with the records behind it when asked. */
export interface ReportRowInput {
  readonly id: string;
  readonly split: Readonly<Record<string, string | null>> | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
  readonly target: number;
  readonly met: boolean | null;
  readonly judged: boolean;
  readonly reason: string | null;
  readonly volume: {
    readonly forecast: number | null;
    readonly actual: number;
    readonly withinBand: boolean;
  } | null;
  readonly breaches?: readonly string[];
}

interface MoneyLine {
  readonly metric: string;
  readonly rule: string;
  readonly amount: string;
}

/** The evaluate document (evaluationJson / closing.service's PeriodDocument), as far as a report reads it. */
export interface ReportDocument {
  readonly contract: string;
  readonly version: number;
  readonly contractDigest: string;
  readonly period: string;
  readonly asOf: string;
  readonly provisional: boolean;
  readonly inputDigest: string;
  readonly metrics: readonly ReportRowInput[];
  readonly verdicts: Readonly<Record<string, string>>;
  readonly credits: {
    readonly total: string;
    readonly currency: string;
    readonly lines: readonly MoneyLine[];
    readonly caps?: readonly { readonly rule: string; readonly before: string; readonly after: string }[];
  } | null;
  readonly earnBack: { readonly total: string; readonly lines: readonly MoneyLine[] } | null;
  readonly bonus: { readonly earned: boolean; readonly amount: string; readonly streak: number } | null;
  readonly acceptance: { readonly phase: string; readonly period: number | null };
  readonly statement: {
    readonly fee: string;
    readonly credits: string;
    readonly earnBack: string;
    readonly bonus: string;
    readonly payable: string;
  } | null;
  readonly warnings: readonly {
    readonly code: string;
    readonly contact: string | null;
    readonly message: string;
  }[];
  readonly adjustments?: readonly { readonly period: string; readonly amount: string }[];
  readonly closed?: unknown;
}

/** A trend entry (results.service's periodJson): the figures of one period. */
export interface ReportTrendInput {
  readonly period: string;
  readonly provisional: boolean;
  readonly metrics: readonly ReportRowInput[];
}

export interface ReportInput {
  readonly document: ReportDocument;
  /** Periods of the same kind before the reported one (and it too, or not), any order. */
  readonly trend: readonly ReportTrendInput[];
  /** The contract's versions; the one that judged the period words the report. */
  readonly versions: readonly Contract[];
  /** How many periods the trend shows, the reported one included. */
  readonly trendLength?: number;
  /** The reader may not see the records behind the figures (finance, services/redaction.ts). */
  readonly hideRecords?: boolean;
  /** Survey answers with a comment in the period, where the contract keeps comments; else absent. */
  readonly comments?: readonly SurveyCommentInput[];
}

/** A survey answer with its comment (domain/records.ts `Survey`). */
export interface SurveyCommentInput {
  readonly source: string;
  readonly contactId: string;
  readonly kind: string;
  readonly score: number;
  readonly scaleMin: number;
  readonly scaleMax: number;
  readonly answeredAt: number;
  readonly comment: string | null;
}

export interface ReportComment {
  /** The contact answered about; null for a reader who may not see contact ids. */
  readonly contact: string | null;
  readonly kind: string;
  readonly score: number;
  readonly scaleMin: number;
  readonly scaleMax: number;
  /** `YYYY-MM-DD` in the contract's time zone, and the instant with its offset. */
  readonly day: string;
  readonly answeredAt: string;
  readonly comment: string;
}

/** The most comments a report lists, the latest first. */
export const MAX_COMMENTS = 200;

export type Section = 'service' | 'availability' | 'incidents' | 'quality';

export interface TrendPoint {
  readonly period: string;
  readonly value: number | null;
  readonly target: number;
  readonly met: boolean | null;
  readonly provisional: boolean;
}

export interface ReportRow {
  readonly metric: string;
  readonly kind: MetricKind;
  readonly section: Section;
  readonly direction: Direction;
  /** The value is a fraction shown as a percentage. */
  readonly percentage: boolean;
  readonly split: Readonly<Record<string, string | null>> | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
  readonly target: number;
  readonly met: boolean | null;
  readonly judged: boolean;
  readonly reason: string | null;
  /** The records that count against the row; null when they were not read (or may not be shown). */
  readonly breaches: readonly string[] | null;
  /** The same row in the last periods, oldest first, the reported period last. */
  readonly trend: readonly TrendPoint[];
}

export interface VolumePoint {
  readonly period: string;
  readonly forecast: number | null;
  readonly actual: number;
}

export interface VolumeLine {
  readonly metric: string;
  readonly forecast: number | null;
  readonly actual: number;
  /** The most contacts for which the targets still bind (forecast × (1 + tolerance)), or null. */
  readonly bandLimit: number | null;
  readonly withinBand: boolean;
  readonly trend: readonly VolumePoint[];
}

export interface AvailabilityLine {
  readonly metric: string;
  readonly openSeconds: number;
  readonly outageSeconds: number;
  readonly value: number | null;
  readonly target: number;
  readonly met: boolean | null;
}

export type StatementKind = 'credit' | 'cap' | 'earnBack' | 'bonus' | 'adjustment';

/** One amount of the statement with the rule behind it (as the settlement wrote it). */
export interface StatementLine {
  readonly kind: StatementKind;
  /** The metric (credit, earn-back), the period (adjustment), or null. */
  readonly subject: string | null;
  readonly cents: number;
  readonly rule: string | null;
  /** For a cap: the amount before it. */
  readonly beforeCents?: number;
  /** For a bonus: the streak of periods. */
  readonly streak?: number;
}

export interface ReportStatement {
  readonly feeCents: number;
  readonly creditsCents: number;
  readonly earnBackCents: number;
  readonly bonusCents: number;
  readonly payableCents: number;
  readonly adjustmentsCents: number | null;
  readonly lines: readonly StatementLine[];
}

/** An action of the period's action plan (docs/action-plans.md): opened for it or carried until closed. */
export interface ReportAction {
  readonly id: string;
  /** The period it was opened for. */
  readonly period: string;
  readonly metric: string | null;
  readonly what: string;
  readonly owner: { readonly side: 'client' | 'partner'; readonly person: string | null };
  /** `YYYY-MM-DD`. */
  readonly dueDate: string | null;
  readonly status: 'open' | 'in_progress' | 'done' | 'cancelled';
  /** Opened because the contract requires a plan. */
  readonly required: boolean;
  readonly overdue: boolean;
  /** Opened for an earlier period. */
  readonly carried: boolean;
}

export interface ReportActionPlan {
  readonly actions: readonly ReportAction[];
  readonly notes: readonly { readonly period: string; readonly text: string }[];
}

export interface ReportModel {
  /** The version that judged the period (its metrics, titles, calendars and money rules word the report). */
  readonly contract: Contract;
  readonly contractDigest: string;
  readonly inputDigest: string;
  readonly period: {
    readonly name: string;
    readonly kind: string;
    /** First and last day, `YYYY-MM-DD`, in the contract's time zone. */
    readonly firstDay: string | null;
    readonly lastDay: string | null;
    readonly provisional: boolean;
    readonly closed: boolean;
  };
  readonly asOf: string;
  readonly currency: string;
  readonly verdicts: readonly { readonly metric: string; readonly verdict: string }[];
  readonly rows: readonly ReportRow[];
  readonly volume: readonly VolumeLine[];
  readonly availability: readonly AvailabilityLine[];
  readonly acceptance: { readonly phase: string; readonly period: number | null };
  readonly statement: ReportStatement | null;
  readonly warnings: readonly {
    readonly code: string;
    readonly contact: string | null;
    readonly message: string;
  }[];
  /** The periods the trend covers, oldest first, the reported one last. */
  readonly trendPeriods: readonly string[];
  /** The records behind the figures are left out for this reader (finance). */
  readonly recordsHidden: boolean;
  /** Survey comments of the period, latest first; null when the contract does not keep comments. */
  readonly comments: readonly ReportComment[] | null;
  /** How many comments the period holds (the list stops at MAX_COMMENTS). */
  readonly commentCount: number;
  /** A stored contract's action plan for the period (services/action-plans.service.ts). */
  readonly actionPlan?: ReportActionPlan;
}

const QUALITY_KINDS: readonly MetricKind[] = ['mean_score', 'top_box', 'nps'];
const INCIDENT_KINDS: readonly MetricKind[] = ['incident_reaction', 'compliance'];

/** The part of the report a metric shows in: quality covers surveys and QA (a rate of a `qa_` field). */
export function sectionOf(kind: MetricKind, measure: string | undefined): Section {
  if (kind === 'availability') return 'availability';
  if (INCIDENT_KINDS.includes(kind)) return 'incidents';
  if (QUALITY_KINDS.includes(kind) || (kind === 'rate' && measure?.startsWith('qa_'))) return 'quality';
  return 'service';
}

const splitKey = (split: ReportRowInput['split']) =>
  split === null ? '' : JSON.stringify(Object.entries(split).sort(([a], [b]) => a.localeCompare(b)));
const rowKey = (r: Pick<ReportRowInput, 'id' | 'split'>) => `${r.id}\u0000${splitKey(r.split)}`;

function cents(text: string | undefined): number {
  if (text === undefined) return 0;
  const negative = text.startsWith('-');
  const c = parseCents(negative ? text.slice(1) : text) ?? 0;
  return negative ? -c : c;
}

/** The trend entries to show: the last `length` periods before the reported one, oldest first. */
function trendEntries(input: ReportInput, zone: string): ReportTrendInput[] {
  const length = input.trendLength ?? 6;
  const reported = parsePeriod(input.document.period, zone);
  const start = (name: string) => parsePeriod(name, zone)?.start ?? 0;
  const before = input.trend
    .filter((t) => t.period !== input.document.period)
    .filter(
      (t) =>
        reported === undefined ||
        (start(t.period) < reported.start && parsePeriod(t.period, zone)?.kind === reported.kind),
    )
    .sort((a, b) => start(a.period) - start(b.period));
  const current: ReportTrendInput = {
    period: input.document.period,
    provisional: input.document.provisional,
    metrics: input.document.metrics,
  };
  return [...before.slice(Math.max(0, before.length - (length - 1))), current];
}

function statementOf(doc: ReportDocument): ReportStatement | null {
  const s = doc.statement;
  if (s === null) return null;
  const lines: StatementLine[] = [];
  for (const l of doc.credits?.lines ?? [])
    lines.push({ kind: 'credit', subject: l.metric, cents: cents(l.amount), rule: l.rule });
  for (const c of doc.credits?.caps ?? [])
    lines.push({
      kind: 'cap',
      subject: null,
      cents: cents(c.after),
      rule: c.rule,
      beforeCents: cents(c.before),
    });
  for (const l of doc.earnBack?.lines ?? [])
    lines.push({ kind: 'earnBack', subject: l.metric, cents: cents(l.amount), rule: l.rule });
  if (doc.bonus?.earned)
    lines.push({
      kind: 'bonus',
      subject: null,
      cents: cents(doc.bonus.amount),
      rule: null,
      streak: doc.bonus.streak,
    });
  for (const a of doc.adjustments ?? [])
    lines.push({ kind: 'adjustment', subject: a.period, cents: cents(a.amount), rule: null });
  const adjustments = (s as { adjustments?: string }).adjustments;
  return {
    feeCents: cents(s.fee),
    creditsCents: cents(s.credits),
    earnBackCents: cents(s.earnBack),
    bonusCents: cents(s.bonus),
    payableCents: cents(s.payable),
    adjustmentsCents: adjustments === undefined ? null : cents(adjustments),
    lines,
  };
}

/** The version that judged the document's period. */
function judgingVersion(input: ReportInput): Contract {
  const found = input.versions.find((v) => v.version === input.document.version);
  if (found) return found;
  const latest = [...input.versions].sort((a, b) => a.version - b.version).at(-1);
  if (latest === undefined) throw new Error('a report needs the contract');
  return latest;
}

function volumeLines(
  contract: Contract,
  doc: ReportDocument,
  entries: readonly ReportTrendInput[],
): VolumeLine[] {
  const tolerance = contract.volume?.forecastTolerancePpm ?? null;
  const out: VolumeLine[] = [];
  const seen = new Set<string>();
  for (const r of doc.metrics) {
    // The band applies to the whole metric (contract.md): one line per metric, from its first row.
    if (r.volume === null || seen.has(r.id)) continue;
    seen.add(r.id);
    const trend = entries.map((e) => {
      const v = e.metrics.find((m) => m.id === r.id)?.volume ?? null;
      return { period: e.period, forecast: v?.forecast ?? null, actual: v?.actual ?? 0 };
    });
    const forecast = r.volume.forecast;
    out.push({
      metric: r.id,
      forecast,
      actual: r.volume.actual,
      bandLimit:
        forecast === null || tolerance === null ? null : (forecast * (1_000_000 + tolerance)) / 1_000_000,
      withinBand: r.volume.withinBand,
      trend,
    });
  }
  return out;
}

function commentsOf(input: ReportInput, contract: Contract): Pick<ReportModel, 'comments' | 'commentCount'> {
  if (contract.data.comments !== 'keep' || input.comments === undefined)
    return { comments: null, commentCount: 0 };
  const withText = input.comments.filter((c) => c.comment !== null && c.comment.trim() !== '');
  const latest = [...withText].sort(
    (a, b) => b.answeredAt - a.answeredAt || a.contactId.localeCompare(b.contactId),
  );
  return {
    commentCount: withText.length,
    comments: latest.slice(0, MAX_COMMENTS).map((c) => {
      const at = formatInstant(c.answeredAt, contract.timezone);
      return {
        contact: input.hideRecords ? null : c.contactId,
        kind: c.kind,
        score: c.score,
        scaleMin: c.scaleMin,
        scaleMax: c.scaleMax,
        day: at.slice(0, 10),
        answeredAt: at,
        comment: c.comment!,
      };
    }),
  };
}

/** The report of a period: every figure taken from the evaluation's own documents. */
export function buildReportModel(input: ReportInput): ReportModel {
  const doc = input.document;
  const contract = judgingVersion(input);
  const zone = contract.timezone;
  const metrics = new Map(contract.metrics.map((m) => [m.id, m]));
  const entries = trendEntries(input, zone);
  const byPeriod = entries.map((e) => ({ e, rows: new Map(e.metrics.map((r) => [rowKey(r), r])) }));
  const rows: ReportRow[] = doc.metrics.map((r) => {
    const metric = metrics.get(r.id);
    const kind: MetricKind = metric?.kind ?? 'rate';
    const measure = metric && 'measure' in metric ? String(metric.measure) : undefined;
    return {
      metric: r.id,
      kind,
      section: sectionOf(kind, measure),
      direction: metric?.direction ?? 'higher',
      percentage: isPercentageKind(kind),
      split: r.split,
      numerator: r.numerator,
      denominator: r.denominator,
      value: r.value,
      target: r.target,
      met: r.met,
      judged: r.judged,
      reason: r.reason,
      breaches: r.breaches === undefined || input.hideRecords ? null : [...r.breaches],
      trend: byPeriod.map(({ e, rows: found }) => {
        const t = found.get(rowKey(r));
        return {
          period: e.period,
          value: t?.value ?? null,
          target: t?.target ?? r.target,
          met: t?.met ?? null,
          provisional: e.provisional,
        };
      }),
    };
  });
  const period = parsePeriod(doc.period, zone);
  return {
    contract,
    contractDigest: doc.contractDigest,
    inputDigest: doc.inputDigest,
    period: {
      name: doc.period,
      kind: period?.kind ?? contract.period,
      firstDay: period ? isoFromDayNumber(period.firstDay) : null,
      lastDay: period ? isoFromDayNumber(period.endDay - 1) : null,
      provisional: doc.provisional,
      closed: doc.closed !== undefined,
    },
    asOf: doc.asOf,
    currency: doc.credits?.currency ?? contract.currency,
    verdicts: Object.entries(doc.verdicts).map(([metric, verdict]) => ({ metric, verdict })),
    rows,
    volume: volumeLines(contract, doc, entries),
    availability: rows
      .filter((r) => r.kind === 'availability' && r.split === null)
      .map((r) => ({
        metric: r.metric,
        openSeconds: r.denominator ?? 0,
        outageSeconds: (r.denominator ?? 0) - (r.numerator ?? 0),
        value: r.value,
        target: r.target,
        met: r.met,
      })),
    acceptance: doc.acceptance,
    statement: statementOf(doc),
    warnings: doc.warnings,
    trendPeriods: entries.map((e) => e.period),
    recordsHidden: input.hideRecords === true,
    ...commentsOf(input, contract),
  };
}
