/**
 * What the pages read out of the API's documents: a metric's headline row, its value in its own unit, its
 * verdict as people say it (met, at risk, missed, provisional, not judged), periods around a date.
 */

import type { CanonicalMetric, EvaluationDocument, MetricRow, TargetJson } from './api/types.js';
import type { VerdictKind } from './components/Status.js';
import type { Formatters, I18n, Lang } from './i18n/index.js';

/** The row that speaks for a metric: the pooled row (no split), else its first. */
export function headlineRow(rows: readonly MetricRow[], id: string): MetricRow | undefined {
  const own = rows.filter((r) => r.id === id);
  return own.find((r) => r.split === null) ?? own[0];
}

export function splitRows(rows: readonly MetricRow[], id: string): MetricRow[] {
  return rows.filter((r) => r.id === id && r.split !== null);
}

/** The metric ids of a document in the contract's order. */
export function metricIds(doc: Pick<EvaluationDocument, 'metrics'>): string[] {
  return [...new Set(doc.metrics.map((r) => r.id))];
}

export function metricTitle(m: CanonicalMetric | undefined, id: string, lang: Lang): string {
  return m?.title[lang] ?? m?.title.en ?? id;
}

/**
 * The verdict a person reads: an ended period's verdict as it is; in a running period a metric that meets
 * its target so far is provisional, one that does not is at risk.
 */
export function verdictOf(verdict: string | undefined, provisional: boolean, row?: MetricRow): VerdictKind {
  if (verdict === 'unjudged' || verdict === undefined) {
    if (provisional && row?.value !== null && row?.met === false) return 'at_risk';
    return 'not_judged';
  }
  if (!provisional) return verdict === 'met' ? 'met' : 'missed';
  return verdict === 'met' ? 'provisional' : 'at_risk';
}

/** A value of the evaluation document in the metric's unit (percent: a share; duration: seconds). */
export function formatValue(
  fmt: Formatters,
  unit: TargetJson['unit'] | undefined,
  value: number | null,
): string {
  if (value === null) return '—';
  switch (unit) {
    case 'percent':
      return fmt.percent(value, 1);
    case 'duration':
      return value < 600 ? `${fmt.number(value, 1)} s` : fmt.duration(value * 1000);
    case 'count':
      return fmt.number(value, 0);
    default:
      return fmt.number(value, 2);
  }
}

/** "higher is better" or "lower is better" as a comparison sign before the target. */
export function targetText(i18n: I18n, m: CanonicalMetric | undefined, target: number | null): string {
  if (target === null) return '—';
  const sign = m?.direction === 'lower' ? '≤' : '≥';
  return `${sign} ${formatValue(i18n.fmt, m?.target.unit, target)}`;
}

/** The split of a row in words: "language: de, channel: phone". */
export function splitText(i18n: I18n, split: Readonly<Record<string, string>> | null): string {
  if (split === null) return i18n.t.period.allSplits;
  return Object.entries(split)
    .map(([k, v]) => {
      const dim = (i18n.locale.dimensions as Readonly<Record<string, string>>)[k] ?? k;
      const value = k === 'channel' ? (i18n.locale.channels[v] ?? v) : (i18n.locale.values[k]?.[v] ?? v);
      return `${dim}: ${value}`;
    })
    .join(', ');
}

/** Cents of a decimal amount of the documents ("5760.00"). */
export function cents(amount: string | null | undefined): number {
  if (amount === null || amount === undefined) return 0;
  return Math.round(Number(amount) * 100);
}

/** The month of an instant in the contract's time zone: `2026-11`. */
export function monthOf(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(new Date(at));
  const y = parts.find((p) => p.type === 'year')?.value ?? '1970';
  const m = parts.find((p) => p.type === 'month')?.value ?? '01';
  return `${y}-${m}`;
}

export function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const d = new Date(Date.UTC(y, m, 1));
  return d.toISOString().slice(0, 7);
}

/** The quarter a month lies in: `2026-Q4`. */
export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/** ISO weeks of a month's days (`2026-W45`), for the week view. */
export function weeksOf(month: string): string[] {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1;
  const out = new Set<string>();
  for (let d = new Date(Date.UTC(y, m, 1)); d.getUTCMonth() === m; d.setUTCDate(d.getUTCDate() + 1))
    out.add(isoWeek(d));
  return [...out];
}

function isoWeek(day: Date): string {
  const d = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const weekday = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - weekday + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week =
    1 +
    Math.round(
      (d.getTime() - firstThursday.getTime()) / 604_800_000 - (((firstThursday.getUTCDay() + 6) % 7) - 3) / 7,
    );
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The month a period starts in (`2026-Q4` → `2026-10`, `2026-W45` → its Thursday's month). */
export function monthOfPeriod(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}`;
  const w = /^(\d{4})-W(\d{2})$/.exec(period);
  if (w) {
    const jan4 = new Date(Date.UTC(Number(w[1]), 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000);
    return new Date(monday.getTime() + ((Number(w[2]) - 1) * 7 + 3) * 86_400_000).toISOString().slice(0, 7);
  }
  return period.slice(0, 7);
}

/** A period's name in words: "November 2026", "Q4 2026", "week 45, 2026". */
export function periodName(i18n: I18n, period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `Q${q[2]} ${q[1]}`;
  const w = /^(\d{4})-W(\d{2})$/.exec(period);
  if (w) return i18n.t.period.week(Number(w[2]), Number(w[1]));
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${i18n.locale.months[Number(m[2]) - 1]} ${m[1]}`;
  return period;
}
