/**
 * Top box (kpis.md): the share of the period's latest survey answers of a kind (csat, ces, nps) in the
 * top `box` answers of their own scale — 2: 4–5 of 5, 9–10 of 10.
 */
import { type MetricOf, SURVEY_KINDS, type SurveyKind } from '../contract/types.js';
import { readChoice, readPercentTarget } from '../contract/values.js';
import { surveyKindCode } from '../evaluation/columns.js';
import { CONTACT_KEYS, type KpiKind, type MetricContext, type MetricRun } from './definition.js';
import { surveysOf } from './linked-records.js';
import { addToShare, shareFigures } from './percentage.js';
import { startRun } from './run.js';

export const WORDING = { explain: 'kpi.top_box.explain' } as const;

function tally(ctx: MetricContext, m: MetricOf<'top_box'>): MetricRun {
  const { run: r, t, inPopulation, split } = startRun(ctx, m);
  const sv = ctx.data.surveys;
  const run = () =>
    surveysOf(ctx, m, surveyKindCode(m.measure), inPopulation, (s, c) => {
      addToShare(t, split(c), sv.score[s]! > sv.scaleMax[s]! - m.box, sv.key[s]!);
    });
  return { ...r, run };
}

export const topBox: KpiKind<'top_box'> = {
  kind: 'top_box',
  rules: {
    needs: ['measure', 'box'],
    may: CONTACT_KEYS,
    direction: 'higher',
    targetUnit: 'percent',
    shareOfRecords: true,
    readTarget: readPercentTarget,
    targetExample: '75%',
    measure: { read: readChoice(SURVEY_KINDS, 'a survey kind'), hint: SURVEY_KINDS.join(', ') },
    defaultMinimumSample: 1,
  },
  build: (base, target, f) => ({
    ...base,
    kind: 'top_box',
    target,
    measure: f.measure as SurveyKind,
    box: f.box,
  }),
  tally,
  figures: shareFigures,
  onContacts: () => false,
  records: () => 'answers',
  wording: WORDING,
};
