/**
 * The metrics of one period → result rows (kpis.md): a row per split value plus the pooled row, or one row.
 * Each metric's kind (src/domain/kpis/) tallies its records; this file runs the tallies and judges them.
 *
 * Kinds judged on contacts (queue kinds, response and resolution, `rate` and `mean_score` on contact
 * fields) share one pass over the period's contacts: each compiles its population and split once into
 * tests on the columns and then visits every contact by its index. The other kinds read their own records
 * (surveys, QA evaluations, incidents, outages) afterwards, in contract order, so that warnings come out in
 * the same order as metric by metric.
 */
import type { Metric, Population } from '../contract/types.js';
import { coveredPopulation } from '../kpis/channels.js';
import { kpiOf, type MetricContext, type MetricRun, meetsTarget } from '../kpis/index.js';
import { type Rational, toNumber } from '../rational.js';
import { exactVolume, forecastCounts, withinVolumeBand } from '../volume.js';
import { type Outlook, outlookOf, remainingFor } from './outlook.js';
import { SplitTallies, type Tally } from './samples.js';
import type { MetricRow, NotJudgedReason, VolumeFigure } from './types.js';

export type { MetricContext } from '../kpis/index.js';

/**
 * The tallies of every metric of the period: one pass over the period's contacts for the kinds judged on
 * contacts, then each other kind over its own records, in contract order.
 */
function tallyMetrics(ctx: MetricContext, metrics: readonly Metric[]): MetricRun[] {
  const runs = metrics.map((m) => kpiOf(m).tally(ctx, m));
  const visiting = runs.filter((r) => r.visit !== null);
  if (visiting.length > 0) {
    const visits = visiting.map((r) => r.visit!);
    const masks = Int32Array.from(visiting, (r) => r.channels);
    const nv = visits.length;
    const { order } = ctx.index;
    const { createdAt, channel } = ctx.data.contacts;
    const excludedAt = ctx.excludedAt;
    const anyExclusion = ctx.exclusionPauses.length > 0;
    for (let p = ctx.contacts.lo; p < ctx.contacts.hi; p++) {
      const i = order[p]!;
      if (anyExclusion && excludedAt(createdAt.get(i))) continue;
      const bit = 1 << channel[i]!;
      for (let v = 0; v < nv; v++) if ((masks[v]! & bit) !== 0) visits[v]!(i);
    }
  }
  const keys = ctx.data.keys;
  for (const r of runs) {
    for (let k = 0; k < r.pending.length; k += 2) {
      const w = r.warnings[r.pending[k]!]!;
      ctx.warn({ code: w.code, contact: keys.id(r.pending[k + 1]!), message: w.message });
    }
    r.run?.();
    if (r.values.length > 0) for (const t of r.tallies.all()) t.settleSums(r.values);
  }
  return runs;
}

/** The volume band of a metric judged on contacts; null for the other metrics. */
function volumeOf(ctx: MetricContext, metric: Metric, actual: number): VolumeFigure | null {
  if (!kpiOf(metric).onContacts(metric)) return null;
  const exact = exactForecastFor(ctx, coveredPopulation(metric));
  const forecast = exact === null ? null : toNumber(exact);
  const tolerance = ctx.contract.volume?.forecastTolerancePpm;
  if (exact === null || tolerance === undefined) return { forecast, actual, withinBand: true };
  return { forecast, actual, withinBand: withinVolumeBand(actual, exact, tolerance) };
}

/**
 * Forecast volume of the period for a population; null without any matching forecast row. A row's non-empty
 * channel and queue must each be named by the population (its kind's channels included: a phone row counts
 * for a service level without `channel`); a row without them counts for every population.
 */
function forecastFor(ctx: MetricContext, population: Population, from = ctx.period.start): number | null {
  const exact = exactForecastFor(ctx, population, from);
  return exact === null ? null : toNumber(exact);
}

/** As forecastFor, summed exactly (volume.ts, exactVolume). */
function exactForecastFor(
  ctx: MetricContext,
  population: Population,
  from = ctx.period.start,
): Rational | null {
  const volumes: number[] = [];
  for (const f of ctx.index.forecasts(from, ctx.period.end))
    if (forecastCounts(f, population.channel, population.queue)) volumes.push(f.volume);
  return exactVolume(volumes);
}

type RowFigures = Omit<MetricRow, 'breaches' | 'outlook'>;

function rowFigures(
  ctx: MetricContext,
  metric: Metric,
  split: Readonly<Record<string, string | null>> | null,
  t: Tally,
  volume: VolumeFigure | null,
  pooled: boolean,
): RowFigures {
  const { value, numerator, denominator } = kpiOf(metric).figures(t);
  const { target, full } = ctx.targetFor(metric, pooled ? null : split);
  // (A compliance count is never null and its minimum sample is 0: it is always judged.)
  let reason: NotJudgedReason | null = null;
  if (pooled) reason = 'pooled';
  else if (value === null) reason = 'no_data';
  else if (volume !== null && !volume.withinBand) reason = 'volume_band';
  else if (t.count < metric.minimumSample) reason = 'minimum_sample';
  const judged = reason === null;
  return {
    id: metric.id,
    split,
    numerator,
    denominator,
    value,
    target,
    fullTarget: full,
    met: judged && value !== null ? meetsTarget(value, target, metric.direction) : null,
    judged,
    reason,
    volume,
  };
}

/** A result row whose ids against it are sorted when first read. */
function finishRow(
  ctx: MetricContext,
  f: RowFigures,
  t: Tally,
  outlook: Outlook | null | undefined,
): MetricRow {
  const keys = ctx.data.keys;
  let breaches: string[] | null = null;
  return {
    ...f,
    get breaches(): readonly string[] {
      breaches ??= t.breachIds((k) => keys.id(k));
      return breaches;
    },
    ...(outlook !== undefined ? { outlook } : {}),
  };
}

/** The rows of every metric in one period, in contract order; a running period adds each row's outlook. */
export function evaluateMetrics(ctx: MetricContext, metrics: readonly Metric[]): MetricRow[][] {
  const runs = tallyMetrics(ctx, metrics);
  const running = ctx.asOf > ctx.period.start && ctx.asOf < ctx.period.end;
  return runs.map((r) => {
    const metric = r.metric;
    const rows = metricRows(ctx, metric, r.tallies);
    if (!running) return rows.map(([f, t]) => finishRow(ctx, f, t, undefined));
    const pooled = rows[rows.length - 1]![0];
    const remainingForecast = forecastFor(ctx, coveredPopulation(metric), ctx.asOf);
    return rows.map(([f, t]) => {
      const remaining = remainingFor(f, pooled.denominator ?? 0, remainingForecast, ctx.period, ctx.asOf);
      return finishRow(ctx, f, t, remaining ? outlookOf(metric, f, remaining) : undefined);
    });
  });
}

function metricRows(ctx: MetricContext, metric: Metric, t: SplitTallies): [RowFigures, Tally][] {
  const volume = volumeOf(ctx, metric, t.pooled.volume);
  if (metric.split.length === 0) return [[rowFigures(ctx, metric, null, t.pooled, volume, false), t.pooled]];
  const dims = metric.split;
  const entries = [...t.byKey.values()].sort((a, b) => compareValues(a.values, b.values));
  // Values named in split_targets appear even without data, as `no_data` rows.
  if (dims.length === 1) {
    const dim = dims[0]!;
    for (const value of Object.keys(metric.splitTargets[dim] ?? {})) {
      if (!entries.some((e) => e.values[0] === value))
        entries.push({ values: [value], tally: new SplitTallies(1).pooled });
    }
  }
  const rows: [RowFigures, Tally][] = entries.map((e) => [
    rowFigures(
      ctx,
      metric,
      Object.fromEntries(dims.map((d, i) => [d, e.values[i] ?? null])),
      e.tally,
      volume,
      false,
    ),
    e.tally,
  ]);
  rows.push([rowFigures(ctx, metric, null, t.pooled, volume, true), t.pooled]);
  return rows;
}

function compareValues(a: (string | null)[], b: (string | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '\uffff';
    const y = b[i] ?? '\uffff';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
