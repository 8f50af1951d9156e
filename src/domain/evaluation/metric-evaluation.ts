/**
 * The metrics of one period → result rows (kpis.md): a row per split value plus the pooled row, or one row.
 * Each kind reads its records, measures each one, and adds it to the tallies; `rowsOf` then judges them.
 *
 * Kinds judged on contacts (queue kinds, response and resolution, `rate` and `mean_score` on contact
 * fields) share one pass over the period's contacts: each compiles its population and split once into
 * tests on the columns and then visits every contact by its index. The other kinds read their own records
 * (surveys, QA evaluations, incidents, outages) afterwards, in contract order, so that warnings come out in
 * the same order as metric by metric.
 */
import type { Contract, Metric, MetricOf, Population } from '../contract/types.js';
import type { Period } from '../period.js';
import { add, compare, fromInt, over, type Rational, ratio, rationalFromNumber, times } from '../rational.js';
import { type EvaluationData, surveyKindCode } from './columns.js';
import {
  type ElapsedClock,
  type EventRange,
  realTime,
  resolutionStop,
  responseStop,
  statusMask,
  statusPauses,
} from './contact-clock.js';
import type { DataIndex } from './data-index.js';
import { type Outlook, outlookOf, remainingFor } from './outlook.js';
import {
  channelMask,
  channelsOf,
  contactFilter,
  incidentFilter,
  splitCodes,
  splitValueOf,
} from './population.js';
import { SplitTallies, type Tally } from './samples.js';
import type { DataWarning, MetricRow, NotJudgedReason, VolumeFigure } from './types.js';

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

/** The tally of a record's split value (null for a metric without split). */
type Splitter = (i: number) => Tally | null;

/** How a contact (index, or -1 for a record without contact) picks its split tally. */
function splitter(ctx: MetricContext, metric: Metric, t: SplitTallies): Splitter {
  const dims = metric.split;
  if (dims.length === 0) return () => null;
  if (dims.length === 1) {
    const coded = splitCodes(ctx.data, ctx.contract, dims[0]!);
    if (coded) {
      const { codes, values } = coded;
      const byCode: (Tally | undefined)[] = [];
      let none: Tally | undefined;
      return (i) => {
        if (i < 0) return (none ??= t.get([null]));
        const code = codes[i]!;
        let tally = byCode[code];
        if (tally === undefined) {
          tally = t.get([values[code] ?? null]);
          byCode[code] = tally;
        }
        return tally;
      };
    }
  }
  const readers = dims.map((d) => splitValueOf(ctx.data, ctx.contract, d));
  return (i) => t.get(readers.map((r) => (i < 0 ? null : r(i))));
}

/** A warning about a contact, kept until the contact pass is over. */
interface PendingWarning {
  readonly code: string;
  readonly message: string;
}

/** One metric's work in a period. */
interface MetricRun {
  readonly metric: Metric;
  readonly tallies: SplitTallies;
  /** Visits each contact of the period (kinds judged on contacts); null for the other kinds. */
  readonly visit: ((i: number) => void) | null;
  /** Channels the population can match (bit mask over channel codes): contacts of others are skipped. */
  readonly channels: number;
  /** Reads the metric's own records (surveys, QA, incidents, …); runs after the contact pass. */
  readonly run: (() => void) | null;
  /** Warnings of the contact pass, as (kind of warning, contact key) pairs in contact order. */
  readonly pending: number[];
  readonly warnings: readonly PendingWarning[];
  /** Distinct values of a mean, by the ids given to `Tally.addValue`. */
  readonly values: Rational[];
}

function newRun(metric: Metric, warnings: readonly PendingWarning[] = []): MetricRun {
  return {
    metric,
    tallies: new SplitTallies(metric.split.length),
    visit: null,
    channels: -1,
    run: null,
    pending: [],
    warnings,
    values: [],
  };
}

/** The packed status history of contact i, written into a reusable range. */
function eventsOf(ctx: MetricContext): (i: number, ev: EventRange) => void {
  const { start } = ctx.index.events;
  const key = ctx.data.contacts.key;
  return (i, ev) => {
    const k = key[i]!;
    ev.from = start[k]!;
    ev.to = start[k + 1]!;
  };
}

const newRange = (index: DataIndex): EventRange => ({
  at: index.events.at,
  status: index.events.status,
  from: 0,
  to: 0,
});

function inboundCode(data: EvaluationData): number {
  return data.directions.find('inbound');
}

function serviceLevel(ctx: MetricContext, m: MetricOf<'service_level'>): MetricRun {
  const r = newRun(m, [
    {
      code: 'queued_without_outcome',
      message: `${m.id}: neither answered_at nor abandoned_at at as_of; left out`,
    },
  ]);
  const { data, asOf } = ctx;
  const c = data.contacts;
  const { direction, answeredAt, abandonedAt, createdAt, key } = c;
  const inbound = inboundCode(data);
  const inPopulation = contactFilter(data, m.population, ctx.contract);
  const split = splitter(ctx, m, r.tallies);
  const pooled = r.tallies.pooled;
  const clock = ctx.clockFor(m.clock.calendar);
  const { shortMs, count } = m.abandoned;
  const threshold = m.thresholdMs;
  const pauseMask = statusMask(m.clock.pauseWhen);
  const usePauses = m.clock.pauseWhen.length > 0;
  const exclusions = ctx.exclusionPauses;
  const events = eventsOf(ctx);
  const ev = newRange(ctx.index);
  const pauses: number[] = [];
  const pending = r.pending;
  const visit = (i: number) => {
    if (direction[i] !== inbound || !inPopulation(i)) return;
    pooled.volume++;
    let at: number;
    let answered: boolean;
    const ans = answeredAt.get(i);
    if (!Number.isNaN(ans)) {
      if (ans > asOf) {
        pending.push(0, key[i]!);
        return;
      }
      at = ans;
      answered = true;
    } else {
      const ab = abandonedAt.get(i);
      if (!(ab <= asOf)) {
        pending.push(0, key[i]!);
        return;
      }
      at = ab;
      answered = false;
    }
    pauses.length = 0;
    if (usePauses) {
      events(i, ev);
      statusPauses(pauses, ev, pauseMask, asOf, false);
    }
    for (let x = 0; x < exclusions.length; x++) pauses.push(exclusions[x]!);
    const wait = clock.elapsed(createdAt.get(i), at, pauses);
    if (!answered && wait < shortMs) return; // short abandons leave numerator and denominator
    const within = wait <= threshold;
    let counted = true;
    let hit = false;
    if (answered) hit = within;
    else if (count === 'ignore') counted = false;
    else if (count === 'within_threshold_success') hit = within;
    else if (count === 'exclude_within_threshold') counted = !within;
    if (!counted) return;
    const own = split(i);
    pooled.count++;
    if (hit) pooled.hits++;
    else pooled.breach(key[i]!);
    if (own) {
      own.count++;
      if (hit) own.hits++;
      else own.breach(key[i]!);
    }
  };
  return { ...r, visit, channels: channelMask(data, m.population) };
}

/** Response and resolution: met / (met + breached); an open contact past its threshold is a breach. */
function clockRatio(ctx: MetricContext, m: MetricOf<'response_time' | 'resolution_time'>): MetricRun {
  const r = newRun(m, [
    {
      code: 'reopen_without_status_events',
      message: `${m.id}: reopened contact without status events; its clock runs from created_at to resolved_at`,
    },
  ]);
  const { data, asOf } = ctx;
  const c = data.contacts;
  const { answeredAt, abandonedAt, createdAt, key, reopenCount, firstResolvedAt, resolvedAt } = c;
  const inPopulation = contactFilter(data, m.population, ctx.contract);
  const split = splitter(ctx, m, r.tallies);
  const pooled = r.tallies.pooled;
  const clock = ctx.clockFor(m.clock.calendar);
  const resolution = m.kind === 'resolution_time';
  const which = m.clock.resolution;
  const threshold = m.thresholdMs;
  const pauseMask = statusMask(m.clock.pauseWhen);
  const usePauses = m.clock.pauseWhen.length > 0;
  const exclusions = ctx.exclusionPauses;
  const events = eventsOf(ctx);
  const ev = newRange(ctx.index);
  const pauses: number[] = [];
  const pending = r.pending;
  const visit = (i: number) => {
    if (!inPopulation(i)) return;
    pooled.volume++;
    // A call or chat abandoned in the queue never reached the partner: there is no reply or resolution to time.
    if (!Number.isNaN(abandonedAt.get(i)) && Number.isNaN(answeredAt.get(i))) return;
    events(i, ev);
    let stop: number | null;
    pauses.length = 0;
    if (resolution) {
      stop = resolutionStop(c, i, ev, asOf, which);
      const reopens = reopenCount.get(i);
      const first = firstResolvedAt.get(i);
      const reopened = reopens > 0 || (!Number.isNaN(first) && first !== resolvedAt.get(i));
      const hasEvents = ev.to > ev.from;
      if (!hasEvents && reopened && which === 'final') pending.push(0, key[i]!);
      if (hasEvents) statusPauses(pauses, ev, pauseMask, stop ?? asOf, which === 'final');
    } else {
      stop = responseStop(c, i, asOf);
      if (usePauses) statusPauses(pauses, ev, pauseMask, stop ?? asOf, false);
    }
    for (let x = 0; x < exclusions.length; x++) pauses.push(exclusions[x]!);
    const elapsed = clock.elapsed(createdAt.get(i), stop ?? asOf, pauses);
    const within = elapsed <= threshold;
    if (stop === null && within) return; // pending: still inside its threshold, not yet counted
    const hit = stop !== null && within;
    const own = split(i);
    pooled.count++;
    if (hit) pooled.hits++;
    else pooled.breach(key[i]!);
    if (own) {
      own.count++;
      if (hit) own.hits++;
      else own.breach(key[i]!);
    }
  };
  return { ...r, visit, channels: channelMask(data, m.population) };
}

function average(ctx: MetricContext, m: MetricOf<'average'>): MetricRun {
  const r = newRun(m);
  const { data, asOf } = ctx;
  const { direction, answeredAt, abandonedAt, createdAt, key, handleSeconds } = data.contacts;
  const inbound = inboundCode(data);
  const inPopulation = contactFilter(data, m.population, ctx.contract);
  const split = splitter(ctx, m, r.tallies);
  const pooled = r.tallies.pooled;
  const queueMeasure = m.measure !== 'handle_time';
  const handleTime = m.measure === 'handle_time';
  const answeredOnly = m.measure === 'speed_of_answer';
  const targetMs = m.target.ms;
  const exclusions = ctx.exclusionPauses;
  const visit = (i: number) => {
    if ((queueMeasure && direction[i] !== inbound) || !inPopulation(i)) return;
    pooled.volume++;
    let ms: number;
    if (handleTime) {
      const s = handleSeconds.get(i);
      if (Number.isNaN(s)) return;
      ms = Math.round(s * 1000);
    } else {
      let at: number;
      const ans = answeredAt.get(i);
      if (!Number.isNaN(ans)) {
        if (ans > asOf) return;
        at = ans;
      } else {
        if (answeredOnly) return;
        const ab = abandonedAt.get(i);
        if (!(ab <= asOf)) return;
        at = ab;
      }
      ms = realTime.elapsed(createdAt.get(i), at, exclusions);
    }
    const own = split(i);
    const against = ms > targetMs;
    pooled.count++;
    pooled.sumMs += ms;
    if (against) pooled.breach(key[i]!);
    if (own) {
      own.count++;
      own.sumMs += ms;
      if (against) own.breach(key[i]!);
    }
  };
  return { ...r, visit, channels: channelMask(data, m.population) };
}

function abandonmentRate(ctx: MetricContext, m: MetricOf<'abandonment_rate'>): MetricRun {
  const r = newRun(m);
  const { data, asOf } = ctx;
  const { direction, answeredAt, abandonedAt, createdAt, key } = data.contacts;
  const inbound = inboundCode(data);
  const inPopulation = contactFilter(data, m.population, ctx.contract);
  const split = splitter(ctx, m, r.tallies);
  const pooled = r.tallies.pooled;
  const shortMs = m.abandoned.shortMs;
  const exclusions = ctx.exclusionPauses;
  const visit = (i: number) => {
    if (direction[i] !== inbound || !inPopulation(i)) return;
    pooled.volume++;
    let abandoned: boolean;
    const ans = answeredAt.get(i);
    if (!Number.isNaN(ans)) {
      if (ans > asOf) return;
      abandoned = false;
    } else {
      const ab = abandonedAt.get(i);
      if (!(ab <= asOf)) return;
      if (realTime.elapsed(createdAt.get(i), ab, exclusions) < shortMs) return;
      abandoned = true;
    }
    const own = split(i);
    pooled.count++;
    if (abandoned) {
      pooled.hits++;
      pooled.breach(key[i]!);
    }
    if (own) {
      own.count++;
      if (abandoned) {
        own.hits++;
        own.breach(key[i]!);
      }
    }
  };
  return { ...r, visit, channels: channelMask(data, m.population) };
}

/** The contact behind a survey or QA evaluation's key: its index, -1 when none is needed, null to leave it out. */
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

const needsContact = (m: Metric) => Object.keys(m.population).length > 0;

/** Adds a yes/no answer of a record to its tallies. */
function addBoolean(t: SplitTallies, own: Tally | null, value: boolean, key: number): void {
  for (const tally of own ? [own, t.pooled] : [t.pooled]) {
    tally.count++;
    if (value) tally.hits++;
    else tally.breach(key);
  }
}

/** Booleans: true / known; unknown (empty) is neither. */
function rate(ctx: MetricContext, m: MetricOf<'rate'>): MetricRun {
  const r = newRun(m);
  const { data } = ctx;
  const t = r.tallies;
  const inPopulation = contactFilter(data, m.population, ctx.contract);
  const split = splitter(ctx, m, t);
  if (m.measure === 'qa_script_compliant' || m.measure === 'tone_of_voice_ok') {
    const script = m.measure === 'qa_script_compliant';
    const run = () => {
      for (const q of ctx.index.qaEvaluated(ctx.period.start, ctx.period.end)) {
        if (q.evaluatedAt > ctx.asOf) break;
        const key = ctx.index.qaKey(q);
        const c = contactOf(ctx, m, key, needsContact(m));
        if (c === null || (c >= 0 && !inPopulation(c))) continue;
        const value = script ? q.scriptCompliant : q.toneOfVoiceOk;
        if (value === null) continue;
        addBoolean(t, split(c), value, key);
      }
    };
    return { ...r, run };
  }
  const { key, firstTimeRight } = data.contacts;
  // -1 unknown, 0 false, 1 true: per contact, or per code of the attribute holding the measure.
  let measureOf: (i: number) => number;
  if (m.measure === 'first_time_right') measureOf = (i) => firstTimeRight[i]!;
  else {
    const attribute = data.contacts.attributes.get(m.measure);
    if (!attribute) measureOf = () => -1;
    else {
      const byCode = Int8Array.from(attribute.values.values, (raw) => {
        const v = raw?.trim().toLowerCase();
        return v === 'true' ? 1 : v === 'false' ? 0 : -1;
      });
      const codes = attribute.codes;
      measureOf = (i) => byCode[codes[i]!]!;
    }
  }
  const pooled = t.pooled;
  const visit = (i: number) => {
    if (!inPopulation(i)) return;
    pooled.volume++;
    const v = measureOf(i);
    if (v < 0) return;
    const own = split(i);
    pooled.count++;
    if (v === 1) pooled.hits++;
    else pooled.breach(key[i]!);
    if (own) {
      own.count++;
      if (v === 1) own.hits++;
      else own.breach(key[i]!);
    }
  };
  return { ...r, visit, channels: channelMask(data, m.population) };
}

/** CSAT normalised to 1..10, exactly: 1 + 9 × (score − min) / (max − min). */
export function normalisedCsat(s: { score: number; scaleMin: number; scaleMax: number }): Rational {
  const span = rationalFromNumber(s.scaleMax - s.scaleMin);
  return add(fromInt(1), over(times(fromInt(9), rationalFromNumber(s.score - s.scaleMin)), span));
}

/** Ids for the distinct values of a mean: each is computed, and judged against the target, once. */
class ValueIds<K> {
  private readonly ids = new Map<K, number>();
  /** Per id: whether the value lies below the target (the record counts against the result). */
  readonly below: boolean[] = [];

  constructor(
    private readonly values: Rational[],
    private readonly target: Rational,
  ) {}

  id(key: K, value: () => Rational): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      const v = value();
      this.values.push(v);
      this.below.push(compare(v, this.target) < 0);
      this.ids.set(key, id);
    }
    return id;
  }
}

function addValue(t: SplitTallies, own: Tally | null, id: number, below: boolean, key: number): void {
  for (const tally of own ? [own, t.pooled] : [t.pooled]) {
    tally.count++;
    tally.addValue(id);
    if (below) tally.breach(key);
  }
}

function meanScore(ctx: MetricContext, m: MetricOf<'mean_score'>): MetricRun {
  const r = newRun(m);
  const { data } = ctx;
  const t = r.tallies;
  const inPopulation = contactFilter(data, m.population, ctx.contract);
  const split = splitter(ctx, m, t);
  const target = rationalFromNumber(m.target.value);
  if (m.measure === 'csat' || m.measure === 'ces') {
    const csat = m.measure === 'csat';
    const ids = new ValueIds<string>(r.values, target);
    const run = () => {
      surveysOf(ctx, m, surveyKindCode(m.measure), inPopulation, (s, c) => {
        const sv = data.surveys;
        const score = sv.score[s]!;
        const scaleMin = sv.scaleMin[s]!;
        const scaleMax = sv.scaleMax[s]!;
        const id = csat
          ? ids.id(`${score}|${scaleMin}|${scaleMax}`, () => normalisedCsat({ score, scaleMin, scaleMax }))
          : ids.id(`${score}`, () => rationalFromNumber(score));
        addValue(t, split(c), id, ids.below[id]!, sv.key[s]!);
      });
    };
    return { ...r, run };
  }
  if (m.measure === 'qa_score') {
    const ids = new ValueIds<number>(r.values, target);
    const run = () => {
      for (const q of ctx.index.qaEvaluated(ctx.period.start, ctx.period.end)) {
        if (q.evaluatedAt > ctx.asOf) break;
        if (q.score === null) continue;
        const key = ctx.index.qaKey(q);
        const c = contactOf(ctx, m, key, needsContact(m));
        if (c === null || (c >= 0 && !inPopulation(c))) continue;
        const score = q.score;
        const id = ids.id(score, () => rationalFromNumber(score));
        addValue(t, split(c), id, ids.below[id]!, key);
      }
    };
    return { ...r, run };
  }
  // Any other measure reads a numeric contact attribute.
  const attribute = data.contacts.attributes.get(m.measure);
  if (!attribute) return r;
  const ids = new ValueIds<number>(r.values, target);
  const idByCode = Int32Array.from(attribute.values.values, (raw, code) => {
    const n = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
    return Number.isFinite(n) ? ids.id(code, () => rationalFromNumber(n)) : -1;
  });
  const codes = attribute.codes;
  const key = data.contacts.key;
  const visit = (i: number) => {
    if (!inPopulation(i)) return;
    const id = idByCode[codes[i]!]!;
    if (id < 0) return;
    addValue(t, split(i), id, ids.below[id]!, key[i]!);
  };
  return { ...r, visit, channels: channelMask(data, m.population) };
}

/** The period's latest surveys of a kind, with their contact (index, or -1 when none is needed). */
function surveysOf(
  ctx: MetricContext,
  m: Metric,
  kind: number,
  inPopulation: (i: number) => boolean,
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

function topBox(ctx: MetricContext, m: MetricOf<'top_box'>): MetricRun {
  const r = newRun(m);
  const t = r.tallies;
  const inPopulation = contactFilter(ctx.data, m.population, ctx.contract);
  const split = splitter(ctx, m, t);
  const run = () => {
    const sv = ctx.data.surveys;
    surveysOf(ctx, m, surveyKindCode(m.measure), inPopulation, (s, c) => {
      addBoolean(t, split(c), sv.score[s]! > sv.scaleMax[s]! - m.box, sv.key[s]!);
    });
  };
  return { ...r, run };
}

function nps(ctx: MetricContext, m: MetricOf<'nps'>): MetricRun {
  const r = newRun(m);
  const t = r.tallies;
  const inPopulation = contactFilter(ctx.data, m.population, ctx.contract);
  const split = splitter(ctx, m, t);
  const run = () => {
    const sv = ctx.data.surveys;
    surveysOf(ctx, m, surveyKindCode('nps'), inPopulation, (s, c) => {
      const score = sv.score[s]!;
      const own = split(c);
      for (const tally of own ? [own, t.pooled] : [t.pooled]) {
        tally.count++;
        if (score >= 9) tally.hits++;
        else if (score <= 6) {
          tally.hits--;
          tally.breach(sv.key[s]!);
        }
      }
    });
  };
  return { ...r, run };
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

function availability(ctx: MetricContext, m: MetricOf<'availability'>): MetricRun {
  const r = newRun(m);
  const t = r.tallies;
  const run = () => {
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
      t.pooled.texts.push(...hit.filter((o) => o.to > from && o.from < to).map((o) => `outage ${o.from}`));
  };
  return { ...r, run };
}

function incidentReaction(ctx: MetricContext, m: MetricOf<'incident_reaction'>): MetricRun {
  const r = newRun(m);
  const t = r.tallies;
  const run = () => {
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
      else t.pooled.texts.push(i.id);
    }
  };
  return { ...r, run };
}

function compliance(ctx: MetricContext, m: MetricOf<'compliance'>): MetricRun {
  const r = newRun(m);
  const t = r.tallies;
  const run = () => {
    for (const p of ctx.index.privacyReported(ctx.period.start, ctx.period.end)) {
      if (p.reportedAt > ctx.asOf) break;
      if (!p.confirmed) continue;
      t.pooled.hits++;
      t.pooled.texts.push(p.id);
    }
  };
  return { ...r, run };
}

function metricRun(ctx: MetricContext, metric: Metric): MetricRun {
  switch (metric.kind) {
    case 'service_level':
      return serviceLevel(ctx, metric);
    case 'response_time':
    case 'resolution_time':
      return clockRatio(ctx, metric);
    case 'average':
      return average(ctx, metric);
    case 'abandonment_rate':
      return abandonmentRate(ctx, metric);
    case 'rate':
      return rate(ctx, metric);
    case 'mean_score':
      return meanScore(ctx, metric);
    case 'top_box':
      return topBox(ctx, metric);
    case 'nps':
      return nps(ctx, metric);
    case 'availability':
      return availability(ctx, metric);
    case 'incident_reaction':
      return incidentReaction(ctx, metric);
    case 'compliance':
      return compliance(ctx, metric);
  }
}

/**
 * The tallies of every metric of the period: one pass over the period's contacts for the kinds judged on
 * contacts, then each other kind over its own records, in contract order.
 */
function tallyMetrics(ctx: MetricContext, metrics: readonly Metric[]): MetricRun[] {
  const runs = metrics.map((m) => metricRun(ctx, m));
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

type RowFigures = Omit<MetricRow, 'breaches' | 'outlook'>;

function rowFigures(
  ctx: MetricContext,
  metric: Metric,
  split: Readonly<Record<string, string | null>> | null,
  t: Tally,
  volume: VolumeFigure | null,
  pooled: boolean,
): RowFigures {
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
    const remainingForecast = forecastFor(ctx, metric.population, ctx.asOf);
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
