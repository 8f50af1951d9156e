/**
 * Incident reaction (kpis.md): the share of the period's incidents acknowledged within the threshold on the
 * metric's clock (outside exclusions). An incident still unacknowledged past its threshold at asOf is a
 * breach; one still inside it is not counted yet.
 */
import type { MetricOf } from '../contract/types.js';
import { readPercentTarget } from '../contract/values.js';
import { incidentFilter } from '../evaluation/population.js';
import type { KpiKind, MetricContext, MetricRun } from './definition.js';
import { metThreshold, shareFigures } from './percentage.js';
import { newRun } from './run.js';

export const WORDING = { explain: 'kpi.incident_reaction.explain' } as const;

function tally(ctx: MetricContext, m: MetricOf<'incident_reaction'>): MetricRun {
  const r = newRun(m);
  const pooled = r.tallies.pooled;
  const run = () => {
    const inPopulation = incidentFilter(m.population);
    const clock = ctx.clockFor(m.clock.calendar);
    for (const i of ctx.index.incidentsRaised(ctx.period.start, ctx.period.end)) {
      if (i.raisedAt > ctx.asOf) break;
      if (!inPopulation(i)) continue;
      const stop = i.acknowledgedAt !== null && i.acknowledgedAt <= ctx.asOf ? i.acknowledgedAt : null;
      const elapsed = clock.elapsed(i.raisedAt, stop ?? ctx.asOf, ctx.exclusionPauses);
      const met = metThreshold(stop !== null, elapsed, m.thresholdMs);
      if (met === null) continue;
      // Incidents have no contact key: those against the result are named by their own id.
      pooled.count++;
      if (met) pooled.hits++;
      else pooled.texts.push(i.id);
    }
  };
  return { ...r, run };
}

export const incidentReaction: KpiKind<'incident_reaction'> = {
  kind: 'incident_reaction',
  rules: {
    needs: ['threshold'],
    may: ['population', 'clock', 'minimum_sample'],
    direction: 'higher',
    targetUnit: 'percent',
    shareOfRecords: true,
    readTarget: readPercentTarget,
    targetExample: '100%',
    thresholdExample: '24h',
    clock: { pauses: false, resolution: false },
    defaultMinimumSample: 1,
  },
  build: (base, target, f) => ({
    ...base,
    kind: 'incident_reaction',
    target,
    thresholdMs: f.thresholdMs,
    clock: f.clock,
  }),
  tally,
  figures: shareFigures,
  onContacts: () => false,
  records: () => 'incidents',
  wording: WORDING,
};
