/**
 * Mean score (kpis.md): the mean of a score per answer — `csat` survey answers normalised to 1..10, `ces`
 * survey answers as given, `qa_score` of QA evaluations, or a numeric contact attribute. An answer below the
 * target counts against it. Means are exact: each distinct score is a rational computed once, and the sum
 * is settled from the count of each after the pass.
 */
import type { MetricOf, NumberTarget, Target } from '../contract/types.js';
import { fail, ok, type Parsed, readFieldName, readPlainNumber } from '../contract/values.js';
import { surveyKindCode } from '../evaluation/columns.js';
import type { SplitTallies, Tally } from '../evaluation/samples.js';
import { quote } from '../issues.js';
import { parseUnboundedPercent } from '../percent.js';
import { add, compare, fromInt, over, type Rational, rationalFromNumber, times } from '../rational.js';
import {
  CONTACT_KEYS,
  type Figures,
  type KpiKind,
  type MetricContext,
  type MetricRun,
  NO_DATA,
} from './definition.js';
import { qaEvaluationsOf, surveysOf } from './linked-records.js';
import { type Splitter, startRun } from './run.js';

type MeanScore = MetricOf<'mean_score'>;

/** The scales of the measures, for a target that cannot be reached on them. */
const SCALES: Readonly<Record<string, readonly [number, number]>> = { csat: [1, 10], qa_score: [0, 100] };

const readTarget = (value: unknown, measure: unknown): Parsed<Target> => {
  const n = readPlainNumber(value);
  if (n === undefined) {
    if (typeof value === 'string' && parseUnboundedPercent(value) !== undefined)
      return fail(
        `${quote(value)} is not a number: a mean_score target is a plain score such as 8.0 (for a share of answers use kind top_box)`,
      );
    return fail(`${quote(value)} is not a number with at most 4 decimals, such as 8.0`);
  }
  const scale = typeof measure === 'string' ? SCALES[measure] : undefined;
  if (scale && (n < scale[0] || n > scale[1]))
    return fail(`${quote(value)} is outside the ${measure} scale ${scale[0]}..${scale[1]}`);
  return ok<NumberTarget>({ unit: 'number', value: n });
};

export const WORDING = { explain: 'kpi.mean_score.explain' } as const;

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

function addTo(tally: Tally, id: number, below: boolean, key: number): void {
  tally.count++;
  tally.addValue(id);
  if (below) tally.breach(key);
}

/** Adds an answer (by value id) to the pooled tally and its split value's. */
function addValue<K>(t: SplitTallies, own: Tally | null, ids: ValueIds<K>, id: number, key: number): void {
  const below = ids.below[id]!;
  addTo(t.pooled, id, below, key);
  if (own) addTo(own, id, below, key);
}

/** The pieces every source of scores works with. */
interface Scoring {
  readonly r: MetricRun;
  readonly split: Splitter;
  readonly inPopulation: (i: number) => boolean;
  readonly target: Rational;
}

function fromSurveys(
  ctx: MetricContext,
  m: MeanScore,
  { r, split, inPopulation, target }: Scoring,
): MetricRun {
  const csat = m.measure === 'csat';
  const ids = new ValueIds<string>(r.values, target);
  const sv = ctx.data.surveys;
  const run = () =>
    surveysOf(ctx, m, surveyKindCode(m.measure), inPopulation, (s, c) => {
      const score = sv.score[s]!;
      const scaleMin = sv.scaleMin[s]!;
      const scaleMax = sv.scaleMax[s]!;
      const id = csat
        ? ids.id(`${score}|${scaleMin}|${scaleMax}`, () => normalisedCsat({ score, scaleMin, scaleMax }))
        : ids.id(`${score}`, () => rationalFromNumber(score));
      addValue(r.tallies, split(c), ids, id, sv.key[s]!);
    });
  return { ...r, run };
}

function fromQa(ctx: MetricContext, m: MeanScore, { r, split, inPopulation, target }: Scoring): MetricRun {
  const ids = new ValueIds<number>(r.values, target);
  const run = () =>
    qaEvaluationsOf(
      ctx,
      m,
      inPopulation,
      (q) => q.score === null,
      (q, key, c) => {
        const score = q.score!;
        addValue(
          r.tallies,
          split(c),
          ids,
          ids.id(score, () => rationalFromNumber(score)),
          key,
        );
      },
    );
  return { ...r, run };
}

function fromAttribute(
  ctx: MetricContext,
  m: MeanScore,
  { r, split, inPopulation, target }: Scoring,
): MetricRun {
  const { data } = ctx;
  const attribute = data.contacts.attributes.get(m.measure);
  if (!attribute) return r;
  const ids = new ValueIds<number>(r.values, target);
  // One value id per distinct text of the attribute, -1 for one that is not a number.
  const idByCode = Int32Array.from(attribute.values.values, (raw, code) => {
    const n = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
    return Number.isFinite(n) ? ids.id(code, () => rationalFromNumber(n)) : -1;
  });
  const codes = attribute.codes;
  const key = data.contacts.key;
  const visit = (i: number) => {
    if (!inPopulation(i)) return;
    const id = idByCode[codes[i]!]!;
    if (id >= 0) addValue(r.tallies, split(i), ids, id, key[i]!);
  };
  return { ...r, visit };
}

function tally(ctx: MetricContext, m: MeanScore): MetricRun {
  const { run: r, split, inPopulation } = startRun(ctx, m);
  const scoring: Scoring = {
    r,
    split,
    inPopulation,
    target: rationalFromNumber(m.target.value),
  };
  if (m.measure === 'csat' || m.measure === 'ces') return fromSurveys(ctx, m, scoring);
  if (m.measure === 'qa_score') return fromQa(ctx, m, scoring);
  return fromAttribute(ctx, m, scoring);
}

/** The exact mean; the numerator is the sum of the scores. */
function figures(t: Tally): Figures {
  if (t.count === 0) return NO_DATA;
  return {
    value: over(t.sum, fromInt(t.count)),
    numerator: Number(t.sum.num) / Number(t.sum.den),
    denominator: t.count,
  };
}

export const meanScore: KpiKind<'mean_score'> = {
  kind: 'mean_score',
  rules: {
    needs: ['measure'],
    may: CONTACT_KEYS,
    direction: 'higher',
    targetUnit: 'number',
    shareOfRecords: false,
    readTarget,
    targetExample: '8.0',
    measure: { read: readFieldName, hint: 'a score such as csat or qa_score' },
    defaultMinimumSample: 1,
  },
  build: (base, target, f) => ({ ...base, kind: 'mean_score', target, measure: f.measure }),
  tally,
  figures,
  // Means are judged on answers, not on the period's contact volume.
  onContacts: () => false,
  records: (m) =>
    m.measure.startsWith('qa_') || m.measure === 'tone_of_voice_ok' ? 'evaluations' : 'answers',
  wording: WORDING,
};
