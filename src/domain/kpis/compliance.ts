/**
 * Compliance (kpis.md): the number of confirmed privacy incidents (AVG/GDPR) reported in the period, lower
 * is better. Always judged: zero incidents is a result, not a lack of data, and there is no sample to be
 * too small (`minimum_sample` does not apply and is 0).
 */
import type { CountTarget, MetricOf, Target } from '../contract/types.js';
import { fail, ok, type Parsed } from '../contract/values.js';
import type { Tally } from '../evaluation/samples.js';
import { quote } from '../issues.js';
import { fromInt } from '../rational.js';
import type { Figures, KpiKind, MetricContext, MetricRun } from './definition.js';
import { newRun } from './run.js';

const readTarget = (value: unknown): Parsed<Target> => {
  const m = typeof value === 'string' ? /^(\d+)\s+incidents?$/.exec(value.trim()) : null;
  if (!m || !Number.isSafeInteger(Number(m[1])))
    return fail(
      `${quote(value)} is not a number of incidents: write "${typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0} incidents"`,
    );
  return ok<CountTarget>({ unit: 'count', count: Number(m[1]) });
};

export const WORDING = { explain: 'kpi.compliance.explain' } as const;

function tally(ctx: MetricContext, m: MetricOf<'compliance'>): MetricRun {
  const r = newRun(m);
  const pooled = r.tallies.pooled;
  const run = () => {
    for (const p of ctx.index.privacyReported(ctx.period.start, ctx.period.end)) {
      if (p.reportedAt > ctx.asOf) break;
      // Only confirmed incidents count: false and unknown (null, not yet established) do not.
      if (p.confirmed !== true) continue;
      pooled.hits++;
      pooled.texts.push(p.id);
    }
  };
  return { ...r, run };
}

/** The count, never null: a period without incidents is judged with 0. */
function figures(t: Tally): Figures {
  return { value: fromInt(t.hits), numerator: t.hits, denominator: null };
}

export const compliance: KpiKind<'compliance'> = {
  kind: 'compliance',
  rules: {
    needs: [],
    may: [],
    direction: 'lower',
    targetUnit: 'count',
    shareOfRecords: false,
    readTarget,
    targetExample: '0 incidents',
    defaultMinimumSample: 0,
  },
  build: (base, target) => ({ ...base, kind: 'compliance', target }),
  tally,
  figures,
  onContacts: () => false,
  records: () => 'contacts',
  wording: WORDING,
};
