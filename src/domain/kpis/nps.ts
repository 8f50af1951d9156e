/**
 * Net Promoter Score (kpis.md): promoters (9–10) minus detractors (0–6), as a share of the period's latest
 * NPS answers, on a scale of -100..100. Detractors count against it.
 */
import type { MetricOf, NumberTarget, Target } from '../contract/types.js';
import { fail, ok, type Parsed, readPlainNumber } from '../contract/values.js';
import { surveyKindCode } from '../evaluation/columns.js';
import type { Tally } from '../evaluation/samples.js';
import { quote } from '../issues.js';
import { ratio } from '../rational.js';
import {
  CONTACT_KEYS,
  type Figures,
  type KpiKind,
  type MetricContext,
  type MetricRun,
  NO_DATA,
} from './definition.js';
import { surveysOf } from './linked-records.js';
import { startRun } from './run.js';

const readTarget = (value: unknown): Parsed<Target> => {
  const n = readPlainNumber(value);
  if (n === undefined || n < -100 || n > 100)
    return fail(`${quote(value)} is not an NPS: a plain number from -100 to 100, such as 30`);
  return ok<NumberTarget>({ unit: 'number', value: n });
};

export const WORDING = { explain: 'kpi.nps.explain' } as const;

/** `hits` holds promoters − detractors. */
function add(t: Tally, score: number, key: number): void {
  t.count++;
  if (score >= 9) t.hits++;
  else if (score <= 6) {
    t.hits--;
    t.breach(key);
  }
}

function tally(ctx: MetricContext, m: MetricOf<'nps'>): MetricRun {
  const { run: r, t, inPopulation, split } = startRun(ctx, m);
  const sv = ctx.data.surveys;
  const run = () =>
    surveysOf(ctx, m, surveyKindCode('nps'), inPopulation, (s, c) => {
      const own = split(c);
      add(t.pooled, sv.score[s]!, sv.key[s]!);
      if (own) add(own, sv.score[s]!, sv.key[s]!);
    });
  return { ...r, run };
}

function figures(t: Tally): Figures {
  return t.count === 0
    ? NO_DATA
    : { value: ratio(t.hits * 100, t.count), numerator: t.hits, denominator: t.count };
}

export const nps: KpiKind<'nps'> = {
  kind: 'nps',
  rules: {
    needs: [],
    may: CONTACT_KEYS,
    direction: 'higher',
    targetUnit: 'number',
    shareOfRecords: false,
    readTarget,
    targetExample: '30',
    defaultMinimumSample: 1,
  },
  build: (base, target) => ({ ...base, kind: 'nps', target }),
  tally,
  figures,
  onContacts: () => false,
  records: () => 'answers',
  wording: WORDING,
};
