/**
 * One metric of a contract (contract.md, kpis.md): which keys each kind needs, which it may have and which
 * make no sense for it, and the reading of its values. A metric that is not SMART — no kind, no target, no
 * threshold where its kind measures against one — is refused with a message that says what is missing.
 */
import { z } from 'zod';
import type { Issue } from '../issues.js';
import { quote } from '../issues.js';
import { channelsOutsideKind, coveredPopulation, kindChannels } from '../kpis/channels.js';
import type { MetricBase, MetricFields } from '../kpis/definition.js';
import { type KindKey, type KindRules, KPI_KINDS, rulesOf } from '../kpis/index.js';
import { custom, forbidden, leaf, listOf, optional, required, run, strict } from './fields.js';
import { readPopulation, vocabularyProblem } from './population.js';
import {
  ABANDON_COUNTS,
  ACTION_PLAN_WHEN,
  type ActionPlanRule,
  type Clock,
  METRIC_KINDS,
  type Metric,
  type MetricKind,
  type Population,
  SPLIT_DIMENSIONS,
  type SplitDimension,
  STATUSES,
  type Status,
  type Target,
  type Title,
} from './types.js';
import {
  fail,
  type Parsed,
  readChoice,
  readDuration,
  readFieldName,
  readId,
  readPercent,
  readPositiveDuration,
  readPositiveInteger,
  readText,
} from './values.js';

/** `a service_level metric`, `an average metric`. */
export function aKind(kind: string): string {
  return `${/^([aeiou]|nps)/.test(kind) ? 'an' : 'a'} ${kind} metric`;
}

/** The clock keys of a kind that has no clock, or only a calendar. */
const NO_CLOCK = { pauses: false, resolution: false } as const;

/** `response_time and resolution_time`: the kinds whose rules say yes, in the order of METRIC_KINDS. */
function kindsWhere(test: (rules: KindRules) => boolean): string {
  const kinds = METRIC_KINDS.filter((k) => test(rulesOf(k)));
  return kinds.length > 1
    ? `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}`
    : kinds.join('');
}

function missing(kind: MetricKind, key: KindKey | 'target'): string {
  const rules = rulesOf(kind);
  switch (key) {
    case 'target':
      return `is required: ${aKind(kind)} needs a target such as ${rules.targetExample}`;
    case 'threshold':
      return `is required: ${aKind(kind)} needs a threshold such as ${rules.thresholdExample}`;
    case 'measure':
      return `is required: ${aKind(kind)} needs a measure (${rules.measure?.hint})`;
    case 'box':
      return `is required: ${aKind(kind)} needs a box, the number of top answers that count (e.g. 2)`;
    case 'calendar':
      return `is required: ${aKind(kind)} needs the calendar whose open time it measures`;
    default:
      return 'is required';
  }
}

function notApplicable(kind: MetricKind, key: KindKey): string {
  const base = `does not apply to ${aKind(kind)}`;
  const rules = rulesOf(kind);
  if (key === 'calendar' && rules.may.includes('clock'))
    return `${base} (a clock's calendar goes under clock: { calendar: … })`;
  if (key === 'clock' && rules.needs.includes('calendar')) return `${base} (it takes calendar: NAME)`;
  if (key === 'clock') return `${base}: it has no clock`;
  return base;
}

const NO_TITLE: Title = { en: null, nl: null, de: null };

function readTitle(value: unknown, issues: Issue[]): Title | undefined {
  if (typeof value === 'string' || typeof value === 'number') {
    const r = readText(value);
    if (!r.ok) issues.push({ path: [], message: r.message });
    return r.ok ? { en: r.value, nl: r.value, de: r.value } : undefined;
  }
  const shape = strict({
    en: optional(leaf(readText)),
    nl: optional(leaf(readText)),
    de: optional(leaf(readText)),
  });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    issues.push({
      path: [],
      message: `${quote(value)} is not a title: write a text or { en: …, nl: …, de: … }`,
    });
    return undefined;
  }
  const t = run(shape, value, [], issues);
  if (!t) return undefined;
  if (t.en === undefined && t.nl === undefined && t.de === undefined) {
    issues.push({ path: [], message: 'has no text: give at least one of en, nl, de' });
    return undefined;
  }
  return { en: t.en ?? null, nl: t.nl ?? null, de: t.de ?? null };
}

const titleSchema = custom(readTitle);
const populationSchema = custom<Population>(readPopulation);

function readSplit(value: unknown, issues: Issue[]): SplitDimension[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  const out: SplitDimension[] = [];
  list.forEach((item, i) => {
    const path = Array.isArray(value) ? [i] : [];
    const r = readChoice(SPLIT_DIMENSIONS, 'a split dimension')(item);
    if (!r.ok) issues.push({ path, message: r.message });
    else if (out.includes(r.value)) issues.push({ path, message: `${quote(item)} is given twice` });
    else out.push(r.value);
  });
  return out;
}

function rawSplit(raw: Record<string, unknown>): string[] {
  const s = raw.split;
  if (typeof s === 'string') return [s];
  return Array.isArray(s) ? s.filter((x): x is string => typeof x === 'string') : [];
}

function splitTargetsReader(kind: MetricKind, raw: Record<string, unknown>) {
  const split = rawSplit(raw);
  return (value: unknown, issues: Issue[]): Record<string, Record<string, Target>> | undefined => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      issues.push({ path: [], message: `${quote(value)} is not a map like { language: { fr: 70% } }` });
      return undefined;
    }
    const out: Record<string, Record<string, Target>> = {};
    for (const [dimension, targets] of Object.entries(value)) {
      if (!(SPLIT_DIMENSIONS as readonly string[]).includes(dimension)) {
        issues.push({
          path: [dimension],
          message: `is not a split dimension (${SPLIT_DIMENSIONS.join(', ')})`,
        });
        continue;
      }
      if (!split.includes(dimension)) {
        issues.push({
          path: [dimension],
          message: `${dimension} is not in split (${split.length > 0 ? `split: [${split.join(', ')}]` : 'the metric has no split'})`,
        });
        continue;
      }
      if (targets === null || typeof targets !== 'object' || Array.isArray(targets)) {
        issues.push({
          path: [dimension],
          message: `${quote(targets)} is not a map of values to targets (e.g. { fr: 70% })`,
        });
        continue;
      }
      const map: Record<string, Target> = {};
      for (const [splitValue, target] of Object.entries(targets)) {
        const problem = vocabularyProblem(dimension, splitValue);
        const r = rulesOf(kind).readTarget(target, raw.measure);
        if (problem) issues.push({ path: [dimension, splitValue], message: problem });
        else if (!r.ok) issues.push({ path: [dimension, splitValue], message: r.message });
        else map[splitValue] = r.value;
      }
      if (Object.keys(map).length > 0) out[dimension] = map;
    }
    return out;
  };
}

/** `at_risk_at`: a share of the threshold above 0% and below 100%. */
function readAtRiskShare(value: unknown): Parsed<number> {
  const r = readPercent(value);
  if (!r.ok) return r;
  if (r.value === 0 || r.value >= 1_000_000)
    return fail(`${quote(value)} is not between 0% and 100%: the at-risk point lies before the deadline`);
  return r;
}

function readBox(value: unknown): Parsed<number> {
  const r = readPositiveInteger(value);
  return r.ok && r.value <= 10 ? r : fail(`${quote(value)} is not a whole number from 1 to 10`);
}

/** `action_plan: { when: missed | below_minimum, due_within: 10d, minimum: 70% }`. */
function actionPlanReader(kind: MetricKind | undefined, raw: Record<string, unknown>) {
  const shape = strict({
    when: required(leaf(readChoice(ACTION_PLAN_WHEN, 'a condition')), 'is required: missed or below_minimum'),
    due_within: required(leaf(readPositiveDuration), 'is required: the time to agree the plan, such as 10d'),
    minimum: optional(z.unknown()),
  });
  return (value: unknown, issues: Issue[]): ActionPlanRule | undefined => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      issues.push({
        path: [],
        message: `${quote(value)} is not an action plan rule: write { when: missed, due_within: 10d }`,
      });
      return undefined;
    }
    const d = run(shape, value, [], issues);
    if (d === undefined) return undefined;
    let minimum: Target | null = null;
    if (d.minimum !== undefined) {
      if (d.when !== 'below_minimum') {
        issues.push({ path: ['minimum'], message: 'applies to when: below_minimum only' });
        return undefined;
      }
      if (kind === undefined) return undefined;
      const r = rulesOf(kind).readTarget(d.minimum, raw.measure);
      if (!r.ok) {
        issues.push({ path: ['minimum'], message: r.message });
        return undefined;
      }
      minimum = r.value;
    }
    return { when: d.when, dueWithinMs: d.due_within, minimum };
  };
}

function metricShape(kind: MetricKind | undefined, raw: Record<string, unknown>) {
  function field<T>(key: KindKey, schema: z.ZodType<T>, kindFree = true): z.ZodType<T | undefined> {
    if (kind === undefined)
      return kindFree
        ? optional(schema)
        : z
            .unknown()
            .optional()
            .transform(() => undefined);
    const rules = rulesOf(kind);
    if (rules.needs.includes(key)) return required(schema, missing(kind, key));
    if (rules.may.includes(key)) return optional(schema);
    return forbidden(notApplicable(kind, key));
  }
  // A metric without a known kind is still read for its other mistakes: then every key may be there.
  const rules = kind === undefined ? undefined : rulesOf(kind);
  const clockKeys = rules === undefined ? { pauses: true, resolution: true } : (rules.clock ?? NO_CLOCK);
  const clock = strict({
    calendar: optional(leaf(readId)),
    pause_when: clockKeys.pauses
      ? optional(listOf(leaf(readChoice(STATUSES, 'a status'))))
      : forbidden(
          `does not apply to ${aKind(kind!)}: only ${kindsWhere((r) => r.clock?.pauses === true)} clocks pause`,
        ),
    resolution: clockKeys.resolution
      ? optional(leaf(readChoice(['final', 'first'] as const, 'a resolution rule')))
      : forbidden(
          `does not apply to ${aKind(kind!)}: only ${kindsWhere((r) => r.clock?.resolution === true)} clocks stop at a resolution`,
        ),
  });
  const countRefused = rules?.abandonedCountRefused;
  const abandoned = strict({
    short: optional(leaf(readDuration)),
    count: countRefused
      ? forbidden(`does not apply to ${aKind(kind!)}: ${countRefused}`)
      : optional(leaf(readChoice(ABANDON_COUNTS, 'a way to count abandons'))),
  });
  const measure = leaf(rules?.measure?.read ?? readFieldName);
  return strict({
    id: required(leaf(readId), 'is required: every metric needs an id'),
    kind: z.unknown().optional(),
    title: optional(titleSchema),
    population: field('population', populationSchema),
    measure: field('measure', measure, false),
    threshold: field('threshold', leaf(readPositiveDuration)),
    target:
      kind === undefined
        ? z.unknown().transform(() => undefined)
        : required(
            leaf((v) => rulesOf(kind).readTarget(v, raw.measure)),
            missing(kind, 'target'),
          ),
    abandoned: field('abandoned', abandoned),
    clock: field('clock', clock),
    calendar: field('calendar', leaf(readId)),
    box: field('box', leaf(readBox)),
    split: field('split', custom(readSplit)),
    split_targets: field(
      'split_targets',
      kind === undefined ? z.unknown() : custom(splitTargetsReader(kind, raw)),
      false,
    ),
    minimum_sample: field('minimum_sample', leaf(readPositiveInteger)),
    at_risk_at: field('at_risk_at', leaf(readAtRiskShare)),
    action_plan: optional(custom(actionPlanReader(kind, raw))),
  });
}

function readKind(raw: Record<string, unknown>, issues: Issue[]): MetricKind | undefined {
  const kind = raw.kind;
  if (kind === undefined || kind === null) {
    issues.push({
      path: ['kind'],
      message: `is required: every metric needs a kind (${METRIC_KINDS.join(', ')})`,
    });
    return undefined;
  }
  if (typeof kind === 'string' && (METRIC_KINDS as readonly string[]).includes(kind))
    return kind as MetricKind;
  issues.push({
    path: ['kind'],
    message: `${quote(kind)} is not a metric kind (${METRIC_KINDS.join(', ')})`,
  });
  return undefined;
}

function clockOf(
  c:
    | {
        calendar?: string | undefined;
        pause_when?: Status[] | undefined;
        resolution?: 'final' | 'first' | undefined;
      }
    | undefined,
): Clock {
  const pauses = new Set(c?.pause_when ?? []);
  return {
    calendar: c?.calendar ?? null,
    pauseWhen: STATUSES.filter((s) => pauses.has(s)),
    resolution: c?.resolution ?? 'final',
  };
}

/**
 * Reads one metric; issues have paths relative to it. Returns undefined when it has any issue. References to
 * calendars and the uniqueness of ids are the contract's to check.
 */
export function parseMetric(input: unknown, issues: Issue[]): Metric | undefined {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    issues.push({ path: [], message: `${quote(input)} is not a metric (a map with id, kind, target, …)` });
    return undefined;
  }
  const raw = input as Record<string, unknown>;
  const before = issues.length;
  const kind = readKind(raw, issues);
  const d = run(metricShape(kind, raw), raw, [], issues);
  if (kind !== undefined) rulesOf(kind).check?.(raw, issues);
  if (kind === undefined || d === undefined || issues.length > before) return undefined;

  const rules = rulesOf(kind);
  const base: MetricBase = {
    id: d.id,
    direction: rules.direction,
    title: d.title ?? NO_TITLE,
    population: d.population ?? {},
    split: d.split ?? [],
    splitTargets: (d.split_targets ?? {}) as never,
    minimumSample: d.minimum_sample ?? rules.defaultMinimumSample,
    ...(d.at_risk_at === undefined ? {} : { atRiskAtPpm: d.at_risk_at }),
    ...(d.action_plan === undefined ? {} : { actionPlan: d.action_plan }),
  };
  // Each kind takes the keys it has; the others are undefined here and never read.
  const fields: MetricFields = {
    measure: d.measure as string,
    thresholdMs: d.threshold!,
    abandoned: { shortMs: d.abandoned?.short ?? 0, count: d.abandoned?.count ?? 'as_failure' },
    clock: clockOf(d.clock),
    calendar: d.calendar!,
    box: d.box!,
  };
  const metric = KPI_KINDS[kind].build(base, d.target as never, fields);
  // A channel the kind never counts would leave the metric without records, silently: refused.
  const outside = channelsOutsideKind(metric);
  if (outside.length > 0) {
    issues.push({
      path: ['population', 'channel'],
      message: `${outside.map(quote).join(', ')} ${outside.length === 1 ? 'is' : 'are'} never counted by metric ${quote(metric.id)}: ${aKind(kind)}${metric.kind === 'average' ? ` of ${metric.measure}` : ''} counts ${kindChannels(metric)!.join(', ')} contacts only (kpis.md)`,
    });
    return undefined;
  }
  // So would another target for a channel the metric never counts: it could never be judged.
  const counted = coveredPopulation(metric).channel;
  const targeted = Object.keys(metric.splitTargets.channel ?? {});
  const uncounted = counted === undefined ? [] : targeted.filter((c) => !counted.includes(c));
  if (uncounted.length > 0) {
    issues.push({
      path: ['split_targets', 'channel'],
      message: `${uncounted.map(quote).join(', ')} ${uncounted.length === 1 ? 'is' : 'are'} never counted by metric ${quote(metric.id)}, which counts ${counted!.join(', ')} contacts only: a target for ${uncounted.length === 1 ? 'it' : 'them'} is never judged`,
    });
    return undefined;
  }
  return metric;
}
