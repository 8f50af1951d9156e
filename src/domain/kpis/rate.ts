/**
 * Rate (kpis.md): the share of records whose yes/no measure is yes; an unknown (empty) answer counts
 * neither way. `qa_script_compliant` and `tone_of_voice_ok` are answers of QA evaluations; any other
 * measure is a contact field (`first_time_right`) or attribute.
 */
import type { MetricOf } from '../contract/types.js';
import { readFieldName, readPercentTarget } from '../contract/values.js';
import type { EvaluationData } from '../evaluation/columns.js';
import { CONTACT_KEYS, type KpiKind, type MetricContext, type MetricRun } from './definition.js';
import { qaEvaluationsOf } from './linked-records.js';
import { addToShare, shareFigures } from './percentage.js';
import { startRun } from './run.js';

type Rate = MetricOf<'rate'>;

export const WORDING = { explain: 'kpi.rate.explain' } as const;

/** The measures answered by QA evaluations rather than by contacts. */
const QA_MEASURES: readonly string[] = ['qa_script_compliant', 'tone_of_voice_ok'];
const onQa = (m: Rate) => QA_MEASURES.includes(m.measure);

function tallyQa(ctx: MetricContext, m: Rate): MetricRun {
  const { run: r, t, inPopulation, split } = startRun(ctx, m);
  const script = m.measure === 'qa_script_compliant';
  const run = () =>
    qaEvaluationsOf(
      ctx,
      m,
      inPopulation,
      () => false,
      (q, key, c) => {
        const value = script ? q.scriptCompliant : q.toneOfVoiceOk;
        if (value !== null) addToShare(t, split(c), value, key);
      },
    );
  return { ...r, run };
}

/** A contact's yes/no measure: 1 yes, 0 no, -1 unknown. */
function measureOf(data: EvaluationData, measure: string): (i: number) => number {
  const { firstTimeRight, attributes } = data.contacts;
  if (measure === 'first_time_right') return (i) => firstTimeRight[i]!;
  const attribute = attributes.get(measure);
  if (!attribute) return () => -1;
  // Read once per distinct value of the attribute, not once per contact.
  const byCode = Int8Array.from(attribute.values.values, (raw) => {
    const v = raw?.trim().toLowerCase();
    return v === 'true' ? 1 : v === 'false' ? 0 : -1;
  });
  const codes = attribute.codes;
  return (i) => byCode[codes[i]!]!;
}

function tallyContacts(ctx: MetricContext, m: Rate): MetricRun {
  const { run: r, t, inPopulation, split } = startRun(ctx, m);
  const { data } = ctx;
  const key = data.contacts.key;
  const measure = measureOf(data, m.measure);
  const visit = (i: number) => {
    if (!inPopulation(i)) return;
    t.pooled.volume++;
    const v = measure(i);
    if (v >= 0) addToShare(t, split(i), v === 1, key[i]!);
  };
  return { ...r, visit };
}

export const rate: KpiKind<'rate'> = {
  kind: 'rate',
  rules: {
    needs: ['measure'],
    may: CONTACT_KEYS,
    direction: 'higher',
    targetUnit: 'percent',
    shareOfRecords: true,
    readTarget: readPercentTarget,
    targetExample: '85%',
    measure: { read: readFieldName, hint: 'a yes/no field such as first_time_right' },
    defaultMinimumSample: 1,
  },
  build: (base, target, f) => ({ ...base, kind: 'rate', target, measure: f.measure }),
  tally: (ctx, m) => (onQa(m) ? tallyQa(ctx, m) : tallyContacts(ctx, m)),
  figures: shareFigures,
  onContacts: (m) => !onQa(m),
  // (Explanations call every qa_ measure's records evaluations, as the measure's name suggests.)
  records: (m) =>
    m.measure.startsWith('qa_') || m.measure === 'tone_of_voice_ok' ? 'evaluations' : 'contacts',
  wording: WORDING,
};
