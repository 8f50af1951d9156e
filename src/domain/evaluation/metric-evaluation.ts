/**
 * One metric in one period → result rows (kpis.md): a row per split value plus the pooled row, or one row.
 * Each kind reads its records, measures each one, and adds it to the tallies; `rowsOf` then judges them.
 */
import type { Contract, Metric, MetricOf, Population, SplitDimension } from '../contract/types.js';
import type { Period } from '../period.js';
import { add, compare, fromInt, over, type Rational, ratio, rationalFromNumber, times } from '../rational.js';
import type { Contact, Survey } from '../records.js';
import {
  type ElapsedClock,
  queueOutcome,
  realTime,
  resolutionStop,
  responseStop,
  statusPauses,
} from './contact-clock.js';
import type { DataIndex } from './data-index.js';
import { outlookOf, remainingFor } from './outlook.js';
import { channelsOf, contactFilter, incidentFilter, splitValueOf } from './population.js';
import { SplitTallies, type Tally } from './samples.js';
import type { DataWarning, MetricRow, NotJudgedReason, VolumeFigure } from './types.js';

export interface MetricContext {
  readonly contract: Contract;
  readonly period: Period;
  readonly asOf: number;
  readonly index: DataIndex;
  /** Contacts of the period: created in it, at or before asOf, outside every exclusion window. */
  readonly contacts: readonly Contact[];
  /** Latest survey answer per contact and kind within the period. */
  readonly surveys: readonly Survey[];
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

/** Adds a record to its split value's tally and to the pooled one. */
function tallies(t: SplitTallies, values: (string | null)[]): Tally[] {
  const own = t.get(values);
  return own === t.pooled ? [own] : [own, t.pooled];
}

function splitter(ctx: MetricContext, metric: Metric): (c: Contact | undefined) => (string | null)[] {
  const splitValue = splitValueOf(ctx.contract);
  const dims = metric.split;
  return (c) => dims.map((d: SplitDimension) => (c ? splitValue(c, d) : null));
}

function withExclusions(ctx: MetricContext, pauses: readonly number[]): readonly number[] {
  if (ctx.exclusionPauses.length === 0) return pauses;
  if (pauses.length === 0) return ctx.exclusionPauses;
  return [...pauses, ...ctx.exclusionPauses];
}

function serviceLevel(ctx: MetricContext, m: MetricOf<'service_level'>, t: SplitTallies): void {
  const inPopulation = contactFilter(m.population, ctx.contract);
  const split = splitter(ctx, m);
  const clock = ctx.clockFor(m.clock.calendar);
  const { shortMs, count } = m.abandoned;
  for (const c of ctx.contacts) {
    if (c.direction !== 'inbound' || !inPopulation(c)) continue;
    t.pooled.volume++;
    const outcome = queueOutcome(c, ctx.asOf);
    if (!outcome) {
      ctx.warn({
        code: 'queued_without_outcome',
        contact: c.id,
        message: `${m.id}: neither answered_at nor abandoned_at at as_of; left out`,
      });
      continue;
    }
    const pauses =
      m.clock.pauseWhen.length > 0
        ? statusPauses(ctx.index.eventsOf(c), m.clock.pauseWhen, ctx.asOf, false)
        : [];
    const wait = clock.elapsed(c.createdAt, outcome.at, withExclusions(ctx, pauses));
    if (!outcome.answered && wait < shortMs) continue; // short abandons leave numerator and denominator
    const within = wait <= m.thresholdMs;
    let counted = true;
    let hit = false;
    if (outcome.answered) hit = within;
    else if (count === 'ignore') counted = false;
    else if (count === 'within_threshold_success') hit = within;
    else if (count === 'exclude_within_threshold') counted = !within;
    if (!counted) continue;
    for (const tally of tallies(t, split(c))) {
      tally.count++;
      if (hit) tally.hits++;
      else tally.breaches.push(c.id);
    }
  }
}

/** Response and resolution: met / (met + breached); an open contact past its threshold is a breach. */
function clockRatio(
  ctx: MetricContext,
  m: MetricOf<'response_time' | 'resolution_time'>,
  t: SplitTallies,
): void {
  const inPopulation = contactFilter(m.population, ctx.contract);
  const split = splitter(ctx, m);
  const clock = ctx.clockFor(m.clock.calendar);
  const resolution = m.kind === 'resolution_time';
  for (const c of ctx.contacts) {
    if (!inPopulation(c)) continue;
    t.pooled.volume++;
    // A call or chat abandoned in the queue never reached the partner: there is no reply or resolution to time.
    if (c.abandonedAt !== null && c.answeredAt === null) continue;
    const events = ctx.index.eventsOf(c);
    let stop: number | null;
    let pauses: readonly number[];
    if (resolution) {
      stop = resolutionStop(c, events, ctx.asOf, m.clock.resolution);
      const reopened =
        (c.reopenCount ?? 0) > 0 || (c.firstResolvedAt !== null && c.firstResolvedAt !== c.resolvedAt);
      if (events.length === 0 && reopened && m.clock.resolution === 'final') {
        ctx.warn({
          code: 'reopen_without_status_events',
          contact: c.id,
          message: `${m.id}: reopened contact without status events; its clock runs from created_at to resolved_at`,
        });
      }
      pauses =
        events.length > 0
          ? statusPauses(events, m.clock.pauseWhen, stop ?? ctx.asOf, m.clock.resolution === 'final')
          : [];
    } else {
      stop = responseStop(c, ctx.asOf);
      pauses =
        m.clock.pauseWhen.length > 0 ? statusPauses(events, m.clock.pauseWhen, stop ?? ctx.asOf, false) : [];
    }
    const elapsed = clock.elapsed(c.createdAt, stop ?? ctx.asOf, withExclusions(ctx, pauses));
    const within = elapsed <= m.thresholdMs;
    if (stop === null && within) continue; // pending: still inside its threshold, not yet counted
    for (const tally of tallies(t, split(c))) {
      tally.count++;
      if (stop !== null && within) tally.hits++;
      else tally.breaches.push(c.id);
    }
  }
}

function average(ctx: MetricContext, m: MetricOf<'average'>, t: SplitTallies): void {
  const inPopulation = contactFilter(m.population, ctx.contract);
  const split = splitter(ctx, m);
  const queueMeasure = m.measure !== 'handle_time';
  const targetMs = m.target.ms;
  for (const c of ctx.contacts) {
    if ((queueMeasure && c.direction !== 'inbound') || !inPopulation(c)) continue;
    t.pooled.volume++;
    let ms: number;
    if (m.measure === 'handle_time') {
      if (c.handleSeconds === null) continue;
      ms = Math.round(c.handleSeconds * 1000);
    } else {
      const outcome = queueOutcome(c, ctx.asOf);
      if (!outcome || (m.measure === 'speed_of_answer' && !outcome.answered)) continue;
      ms = realTime.elapsed(c.createdAt, outcome.at, ctx.exclusionPauses);
    }
    for (const tally of tallies(t, split(c))) {
      tally.count++;
      tally.sumMs += ms;
      if (ms > targetMs) tally.breaches.push(c.id);
    }
  }
}

function abandonmentRate(ctx: MetricContext, m: MetricOf<'abandonment_rate'>, t: SplitTallies): void {
  const inPopulation = contactFilter(m.population, ctx.contract);
  const split = splitter(ctx, m);
  for (const c of ctx.contacts) {
    if (c.direction !== 'inbound' || !inPopulation(c)) continue;
    t.pooled.volume++;
    const outcome = queueOutcome(c, ctx.asOf);
    if (!outcome) continue;
    if (
      !outcome.answered &&
      realTime.elapsed(c.createdAt, outcome.at, ctx.exclusionPauses) < m.abandoned.shortMs
    )
      continue;
    for (const tally of tallies(t, split(c))) {
      tally.count++;
      if (!outcome.answered) {
        tally.hits++;
        tally.breaches.push(c.id);
      }
    }
  }
}

/** The contact behind a survey or QA evaluation, when the population or split needs one. */
function contactOf(
  ctx: MetricContext,
  metric: Metric,
  source: string,
  id: string,
  needed: boolean,
): Contact | null | undefined {
  const c = ctx.index.contact(source, id);
  if (c) return c;
  if (!needed) return undefined;
  ctx.warn({
    code: 'record_without_contact',
    contact: id,
    message: `${metric.id}: its contact is not in the data; left out`,
  });
  return null;
}

const needsContact = (m: Metric) => Object.keys(m.population).length > 0;

/** Booleans: true / known; unknown (empty) is neither. */
function rate(ctx: MetricContext, m: MetricOf<'rate'>, t: SplitTallies): void {
  const inPopulation = contactFilter(m.population, ctx.contract);
  const split = splitter(ctx, m);
  const add1 = (value: boolean | null, c: Contact | undefined, id: string) => {
    if (value === null) return;
    for (const tally of tallies(t, split(c))) {
      tally.count++;
      if (value) tally.hits++;
      else tally.breaches.push(id);
    }
  };
  if (m.measure === 'qa_script_compliant' || m.measure === 'tone_of_voice_ok') {
    for (const q of ctx.index.qaEvaluated(ctx.period.start, ctx.period.end)) {
      if (q.evaluatedAt > ctx.asOf) break;
      const c = contactOf(ctx, m, q.source, q.contactId, needsContact(m));
      if (c === null || (c && !inPopulation(c))) continue;
      add1(m.measure === 'qa_script_compliant' ? q.scriptCompliant : q.toneOfVoiceOk, c, q.contactId);
    }
    return;
  }
  for (const c of ctx.contacts) {
    if (!inPopulation(c)) continue;
    t.pooled.volume++;
    let value: boolean | null;
    if (m.measure === 'first_time_right') value = c.firstTimeRight;
    else {
      const raw = c.attributes[m.measure]?.trim().toLowerCase();
      value = raw === 'true' ? true : raw === 'false' ? false : null;
    }
    add1(value, c, c.id);
  }
}

/** CSAT normalised to 1..10, exactly: 1 + 9 × (score − min) / (max − min). */
export function normalisedCsat(s: Survey): Rational {
  const span = rationalFromNumber(s.scaleMax - s.scaleMin);
  return add(fromInt(1), over(times(fromInt(9), rationalFromNumber(s.score - s.scaleMin)), span));
}

function meanScore(ctx: MetricContext, m: MetricOf<'mean_score'>, t: SplitTallies): void {
  const inPopulation = contactFilter(m.population, ctx.contract);
  const split = splitter(ctx, m);
  const target = rationalFromNumber(m.target.value);
  const add1 = (value: Rational, c: Contact | undefined, id: string) => {
    for (const tally of tallies(t, split(c))) {
      tally.count++;
      tally.addSum(value);
      if (compare(value, target) < 0) tally.breaches.push(id);
    }
  };
  if (m.measure === 'csat' || m.measure === 'ces') {
    for (const s of ctx.surveys) {
      if (s.kind !== m.measure) continue;
      const c = contactOf(ctx, m, s.source, s.contactId, needsContact(m));
      if (c === null || (c && !inPopulation(c))) continue;
      add1(s.kind === 'csat' ? normalisedCsat(s) : rationalFromNumber(s.score), c, s.contactId);
    }
  } else if (m.measure === 'qa_score') {
    for (const q of ctx.index.qaEvaluated(ctx.period.start, ctx.period.end)) {
      if (q.evaluatedAt > ctx.asOf) break;
      if (q.score === null) continue;
      const c = contactOf(ctx, m, q.source, q.contactId, needsContact(m));
      if (c === null || (c && !inPopulation(c))) continue;
      add1(rationalFromNumber(q.score), c, q.contactId);
    }
  } else {
    for (const c of ctx.contacts) {
      if (!inPopulation(c)) continue;
      const raw = c.attributes[m.measure];
      const n = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
      if (Number.isFinite(n)) add1(rationalFromNumber(n), c, c.id);
    }
  }
}

function surveysOf(
  ctx: MetricContext,
  m: Metric,
  kind: string,
  each: (s: Survey, c: Contact | undefined) => void,
): void {
  const inPopulation = contactFilter(m.population, ctx.contract);
  for (const s of ctx.surveys) {
    if (s.kind !== kind) continue;
    const c = contactOf(ctx, m, s.source, s.contactId, needsContact(m));
    if (c === null || (c && !inPopulation(c))) continue;
    each(s, c);
  }
}

function topBox(ctx: MetricContext, m: MetricOf<'top_box'>, t: SplitTallies): void {
  const split = splitter(ctx, m);
  surveysOf(ctx, m, m.measure, (s, c) => {
    const top = s.score > s.scaleMax - m.box;
    for (const tally of tallies(t, split(c))) {
      tally.count++;
      if (top) tally.hits++;
      else tally.breaches.push(s.contactId);
    }
  });
}

function nps(ctx: MetricContext, m: MetricOf<'nps'>, t: SplitTallies): void {
  const split = splitter(ctx, m);
  surveysOf(ctx, m, 'nps', (s, c) => {
    for (const tally of tallies(t, split(c))) {
      tally.count++;
      if (s.score >= 9) tally.hits++;
      else if (s.score <= 6) {
        tally.hits--;
        tally.breaches.push(s.contactId);
      }
    }
  });
}

/** Merged [from, to) intervals. */
function union(intervals: [number, number][]): [number, number][] {
  intervals.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of intervals) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function availability(ctx: MetricContext, m: MetricOf<'availability'>, t: SplitTallies): void {
  const clock = ctx.clockFor(m.calendar);
  const from = ctx.period.start;
  const to = Math.min(ctx.period.end, ctx.asOf);
  if (!(to > from)) return;
  // Scheduled open time is the calendar's (hours, holidays, special days, closures): exclusions are not in it.
  const open = clock.elapsed(from, to);
  const channels = channelsOf(m.population);
  const hit = ctx.index.outages.filter(
    (o) => o.channel === null || channels === null || channels.includes(o.channel),
  );
  let down = 0;
  for (const [s, e] of union(
    hit
      .map((o) => [Math.max(o.from, from), Math.min(o.to, to)] as [number, number])
      .filter(([s, e]) => s < e),
  )) {
    down += clock.elapsed(s, e);
  }
  // Seconds, as the JSON shows them; the ratio stays exact in ms.
  t.pooled.count = open;
  t.pooled.hits = open - down;
  if (down > 0)
    t.pooled.breaches.push(...hit.filter((o) => o.to > from && o.from < to).map((o) => `outage ${o.from}`));
}

function incidentReaction(ctx: MetricContext, m: MetricOf<'incident_reaction'>, t: SplitTallies): void {
  const inPopulation = incidentFilter(m.population);
  const clock = ctx.clockFor(m.clock.calendar);
  for (const i of ctx.index.incidentsRaised(ctx.period.start, ctx.period.end)) {
    if (i.raisedAt > ctx.asOf) break;
    if (!inPopulation(i)) continue;
    const stop = i.acknowledgedAt !== null && i.acknowledgedAt <= ctx.asOf ? i.acknowledgedAt : null;
    const elapsed = clock.elapsed(i.raisedAt, stop ?? ctx.asOf, ctx.exclusionPauses);
    const within = elapsed <= m.thresholdMs;
    if (stop === null && within) continue;
    t.pooled.count++;
    if (stop !== null && within) t.pooled.hits++;
    else t.pooled.breaches.push(i.id);
  }
}

function compliance(ctx: MetricContext, _m: MetricOf<'compliance'>, t: SplitTallies): void {
  for (const p of ctx.index.privacyReported(ctx.period.start, ctx.period.end)) {
    if (p.reportedAt > ctx.asOf) break;
    if (!p.confirmed) continue;
    t.pooled.hits++;
    t.pooled.breaches.push(p.id);
  }
}

function tallyMetric(ctx: MetricContext, metric: Metric): SplitTallies {
  const t = new SplitTallies(metric.split.length);
  switch (metric.kind) {
    case 'service_level':
      serviceLevel(ctx, metric, t);
      break;
    case 'response_time':
    case 'resolution_time':
      clockRatio(ctx, metric, t);
      break;
    case 'average':
      average(ctx, metric, t);
      break;
    case 'abandonment_rate':
      abandonmentRate(ctx, metric, t);
      break;
    case 'rate':
      rate(ctx, metric, t);
      break;
    case 'mean_score':
      meanScore(ctx, metric, t);
      break;
    case 'top_box':
      topBox(ctx, metric, t);
      break;
    case 'nps':
      nps(ctx, metric, t);
      break;
    case 'availability':
      availability(ctx, metric, t);
      break;
    case 'incident_reaction':
      incidentReaction(ctx, metric, t);
      break;
    case 'compliance':
      compliance(ctx, metric, t);
      break;
  }
  return t;
}

/** Kinds judged on contacts, to which the volume band applies. */
const CONTACT_KINDS = new Set([
  'service_level',
  'response_time',
  'resolution_time',
  'average',
  'abandonment_rate',
]);

function volumeOf(ctx: MetricContext, metric: Metric, actual: number): VolumeFigure | null {
  const onContacts =
    CONTACT_KINDS.has(metric.kind) ||
    (metric.kind === 'rate' &&
      metric.measure !== 'qa_script_compliant' &&
      metric.measure !== 'tone_of_voice_ok');
  if (!onContacts) return null;
  const forecast = forecastFor(ctx, metric.population);
  const tolerance = ctx.contract.volume?.forecastTolerancePpm;
  if (forecast === null || tolerance === undefined) return { forecast, actual, withinBand: true };
  // actual × 100 > forecast × (100 + tolerance), exactly: compare in ppm.
  const withinBand =
    compare(ratio(actual, 1), times(rationalFromNumber(forecast), ratio(1_000_000 + tolerance, 1_000_000))) <=
    0;
  return { forecast, actual, withinBand };
}

/**
 * Forecast volume of the period for a population; null without any matching forecast row. A row's non-empty
 * channel and queue must each be named by the population; a row without them counts for every population.
 */
function forecastFor(ctx: MetricContext, population: Population, from = ctx.period.start): number | null {
  const channels = population.channel;
  const queues = population.queue;
  let total: number | null = null;
  for (const f of ctx.index.forecasts(from, ctx.period.end)) {
    if (f.channel !== null && !channels?.includes(f.channel)) continue;
    if (f.queue !== null && !queues?.includes(f.queue)) continue;
    total = (total ?? 0) + f.volume;
  }
  return total;
}

/** The exact value of a tally in the metric's unit, with the numerator and denominator to print. */
function figures(
  metric: Metric,
  t: Tally,
): { value: Rational | null; numerator: number | null; denominator: number | null } {
  switch (metric.kind) {
    case 'compliance':
      return { value: fromInt(t.hits), numerator: t.hits, denominator: null };
    case 'average':
      return t.count === 0
        ? { value: null, numerator: 0, denominator: 0 }
        : { value: ratio(t.sumMs, t.count * 1000), numerator: t.sumMs / 1000, denominator: t.count };
    case 'mean_score':
      return t.count === 0
        ? { value: null, numerator: 0, denominator: 0 }
        : {
            value: over(t.sum, fromInt(t.count)),
            numerator: Number(t.sum.num) / Number(t.sum.den),
            denominator: t.count,
          };
    case 'nps':
      return t.count === 0
        ? { value: null, numerator: 0, denominator: 0 }
        : { value: ratio(t.hits * 100, t.count), numerator: t.hits, denominator: t.count };
    case 'availability':
      return t.count === 0
        ? { value: null, numerator: 0, denominator: 0 }
        : { value: ratio(t.hits, t.count), numerator: t.hits / 1000, denominator: t.count / 1000 };
    default:
      return t.count === 0
        ? { value: null, numerator: 0, denominator: 0 }
        : { value: ratio(t.hits, t.count), numerator: t.hits, denominator: t.count };
  }
}

function judge(metric: Metric, value: Rational, target: Rational): boolean {
  const c = compare(value, target);
  return metric.direction === 'higher' ? c >= 0 : c <= 0;
}

function row(
  ctx: MetricContext,
  metric: Metric,
  split: Readonly<Record<string, string | null>> | null,
  t: Tally,
  volume: VolumeFigure | null,
  pooled: boolean,
): MetricRow {
  const { value, numerator, denominator } = figures(metric, t);
  const { target, full } = ctx.targetFor(metric, pooled ? null : split);
  const sample = metric.kind === 'availability' ? (t.count > 0 ? 1 : 0) : t.count;
  let reason: NotJudgedReason | null = null;
  if (pooled) reason = 'pooled';
  else if (metric.kind !== 'compliance' && value === null) reason = 'no_data';
  else if (volume !== null && !volume.withinBand) reason = 'volume_band';
  else if (metric.kind !== 'compliance' && sample < metric.minimumSample) reason = 'minimum_sample';
  const judged = reason === null;
  return {
    id: metric.id,
    split,
    numerator,
    denominator,
    value,
    target,
    fullTarget: full,
    met: judged && value !== null ? judge(metric, value, target) : null,
    judged,
    reason,
    volume,
    breaches: [...t.breaches].sort(),
  };
}

/** The rows of one metric in one period; a running period adds each row's outlook. */
export function evaluateMetric(ctx: MetricContext, metric: Metric): MetricRow[] {
  const rows = metricRows(ctx, metric);
  const running = ctx.asOf > ctx.period.start && ctx.asOf < ctx.period.end;
  if (!running) return rows;
  const pooled = rows[rows.length - 1]!;
  const remainingForecast = forecastFor(ctx, metric.population, ctx.asOf);
  return rows.map((r) => {
    const remaining = remainingFor(r, pooled.denominator ?? 0, remainingForecast, ctx.period, ctx.asOf);
    return remaining ? { ...r, outlook: outlookOf(metric, r, remaining) } : r;
  });
}

function metricRows(ctx: MetricContext, metric: Metric): MetricRow[] {
  const t = tallyMetric(ctx, metric);
  const volume = volumeOf(ctx, metric, t.pooled.volume);
  if (metric.split.length === 0) return [row(ctx, metric, null, t.pooled, volume, false)];
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
  const rows = entries.map((e) =>
    row(
      ctx,
      metric,
      Object.fromEntries(dims.map((d, i) => [d, e.values[i] ?? null])),
      e.tally,
      volume,
      false,
    ),
  );
  rows.push(row(ctx, metric, null, t.pooled, volume, true));
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
