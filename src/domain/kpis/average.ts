/**
 * Average (kpis.md): the mean of a duration per contact, lower is better — speed of answer (answered
 * inbound contacts), wait (answered or abandoned inbound contacts) or handle time. Waits run in real time,
 * outside the contract's exclusions. A contact whose own duration exceeds the target counts against it.
 */
import {
  AVERAGE_MEASURES,
  type AverageMeasure,
  type DurationTarget,
  type MetricOf,
  type Target,
} from '../contract/types.js';
import { fail, ok, type Parsed, readChoice, readDuration } from '../contract/values.js';
import { realTime } from '../evaluation/contact-clock.js';
import type { Tally } from '../evaluation/samples.js';
import { quote } from '../issues.js';
import { parsePercent } from '../percent.js';
import { ratio } from '../rational.js';
import {
  CONTACT_KEYS,
  type Figures,
  type KpiKind,
  type MetricContext,
  type MetricRun,
  NO_DATA,
} from './definition.js';
import { inboundCode, QueueExit } from './queue.js';
import { startRun } from './run.js';

const readTarget = (value: unknown): Parsed<Target> => {
  if (typeof value === 'string' && parsePercent(value) !== undefined)
    return fail(`${quote(value)} is not a duration: an average target is a duration such as 20s`);
  const r = readDuration(value);
  return r.ok ? ok<DurationTarget>({ unit: 'duration', ms: r.value }) : r;
};

export const WORDING = { explain: 'kpi.average.explain' } as const;

function add(t: Tally, ms: number, against: boolean, key: number): void {
  t.count++;
  t.sumMs += ms;
  if (against) t.breach(key);
}

/** A contact's duration in ms, or NaN when it has none (yet). */
function durationOf(ctx: MetricContext, measure: AverageMeasure): (i: number) => number {
  const { handleSeconds, createdAt } = ctx.data.contacts;
  if (measure === 'handle_time')
    return (i) => {
      const s = handleSeconds.get(i);
      return Number.isNaN(s) ? s : Math.round(s * 1000);
    };
  const exit = new QueueExit(ctx.data.contacts, ctx.asOf);
  const answeredOnly = measure === 'speed_of_answer';
  const exclusions = ctx.exclusionPauses;
  return (i) => {
    if (!exit.left(i) || (answeredOnly && !exit.answered)) return Number.NaN;
    return realTime.elapsed(createdAt.get(i), exit.at, exclusions);
  };
}

function tally(ctx: MetricContext, m: MetricOf<'average'>): MetricRun {
  const { run: r, t, inPopulation, split } = startRun(ctx, m);
  const { data } = ctx;
  const { direction, key } = data.contacts;
  // Handle time is every contact's; speed of answer and wait are the queue's, of inbound contacts only.
  const inbound = m.measure === 'handle_time' ? -1 : inboundCode(data);
  const duration = durationOf(ctx, m.measure);
  const targetMs = m.target.ms;
  const visit = (i: number) => {
    if ((inbound >= 0 && direction[i] !== inbound) || !inPopulation(i)) return;
    t.pooled.volume++;
    const ms = duration(i);
    if (Number.isNaN(ms)) return;
    const own = split(i);
    const against = ms > targetMs;
    add(t.pooled, ms, against, key[i]!);
    if (own) add(own, ms, against, key[i]!);
  };
  return { ...r, visit };
}

/** The mean in seconds; the numerator is the sum of seconds. */
function figures(t: Tally): Figures {
  return t.count === 0
    ? NO_DATA
    : { value: ratio(t.sumMs, t.count * 1000), numerator: t.sumMs / 1000, denominator: t.count };
}

export const average: KpiKind<'average'> = {
  kind: 'average',
  rules: {
    needs: ['measure'],
    may: CONTACT_KEYS,
    direction: 'lower',
    targetUnit: 'duration',
    shareOfRecords: false,
    readTarget,
    targetExample: '20s',
    measure: { read: readChoice(AVERAGE_MEASURES, 'an average measure'), hint: AVERAGE_MEASURES.join(', ') },
    defaultMinimumSample: 1,
  },
  build: (base, target, f) => ({ ...base, kind: 'average', target, measure: f.measure as AverageMeasure }),
  tally,
  figures,
  onContacts: () => true,
  records: () => 'contacts',
  wording: WORDING,
};
