import { describe, expect, it } from 'vitest';
import { METRIC_KINDS, type MetricKind } from '../../../src/domain/contract/types.js';
import { isPercentageKind, type KindKey, KPI_KINDS } from '../../../src/domain/kpis/index.js';
import { checkContractText } from '../../../src/ingest/contract-text.js';
import { BASE, withBase } from '../../support/evaluation.js';

/** The smallest metric of each kind: its needed keys and a target. */
const MINIMAL: Record<MetricKind, string> = {
  service_level: 'threshold: 30s, target: 80%',
  response_time: 'threshold: 24h, target: 90%',
  resolution_time: 'threshold: 24h, target: 90%',
  average: 'measure: speed_of_answer, target: 20s',
  abandonment_rate: 'target: 5%',
  rate: 'measure: first_time_right, target: 85%',
  mean_score: 'measure: csat, target: 8.0',
  top_box: 'measure: csat, box: 2, target: 75%',
  nps: 'target: 30',
  availability: 'calendar: standard, target: 99.5%',
  incident_reaction: 'threshold: 2h, target: 100%',
  compliance: 'target: 0 incidents',
};

/** A valid value of every key that only some kinds have. */
const KEY_VALUES: Record<KindKey, string> = {
  population: '{ channel: [phone] }',
  measure: 'csat',
  threshold: '30s',
  abandoned: '{ short: 5s }',
  clock: '{ calendar: standard }',
  calendar: 'standard',
  box: '2',
  split: '[language]',
  split_targets: '{ language: { fr: 70% } }',
  minimum_sample: '5',
  at_risk_at: '70%',
};

/** The kinds' rules as the spec states them, written out once more here to check the registry against. */
const LOWER_IS_BETTER: readonly MetricKind[] = ['average', 'abandonment_rate', 'compliance'];
const PERCENTAGE_KINDS: readonly MetricKind[] = [
  'service_level',
  'response_time',
  'resolution_time',
  'abandonment_rate',
  'rate',
  'top_box',
  'availability',
  'incident_reaction',
];
/** Kinds whose value is a share of counted records: the running period's outlook applies. */
const SHARE_OF_RECORDS: readonly MetricKind[] = [
  'service_level',
  'response_time',
  'resolution_time',
  'abandonment_rate',
  'rate',
  'top_box',
  'incident_reaction',
];

const metricYaml = (kind: MetricKind, extra = '') =>
  `metrics:\n  - { id: m, kind: ${kind}, ${MINIMAL[kind]}${extra} }\n`;

describe('the registry of KPI kinds', () => {
  it('holds every kind of the contract schema, each under its own name', () => {
    expect(Object.keys(KPI_KINDS).sort()).toEqual([...METRIC_KINDS].sort());
    for (const [kind, definition] of Object.entries(KPI_KINDS)) expect(definition.kind).toBe(kind);
  });

  it.each(METRIC_KINDS)('%s: direction and target unit are those of kpis.md', (kind) => {
    const { rules } = KPI_KINDS[kind];
    expect(rules.direction).toBe(LOWER_IS_BETTER.includes(kind) ? 'lower' : 'higher');
    expect(isPercentageKind(kind)).toBe(PERCENTAGE_KINDS.includes(kind));
    expect(rules.targetUnit === 'percent').toBe(PERCENTAGE_KINDS.includes(kind));
    expect(rules.shareOfRecords).toBe(SHARE_OF_RECORDS.includes(kind));
    // As YAML reads it: `8.0` is a number, `80%` a string.
    const text = rules.targetExample;
    const example = rules.readTarget(/^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text, undefined);
    expect(example.ok && example.value.unit).toBe(rules.targetUnit);
  });

  it.each(METRIC_KINDS)('%s: every needed key has what its "is required" message suggests', (kind) => {
    const { rules } = KPI_KINDS[kind];
    if (rules.needs.includes('threshold')) expect(rules.thresholdExample).toMatch(/^\d+[smh]$/);
    if (rules.needs.includes('measure')) expect(rules.measure?.hint).toBeTruthy();
    for (const key of rules.needs) expect(rules.may).not.toContain(key);
  });

  it.each(METRIC_KINDS)('%s: a minimal metric reads with the defaults of its kind', (kind) => {
    const { rules } = KPI_KINDS[kind];
    const metric = withBase(metricYaml(kind)).metrics[0]!;
    expect(metric).toMatchObject({
      kind,
      direction: rules.direction,
      minimumSample: rules.defaultMinimumSample,
      target: { unit: rules.targetUnit },
    });
  });

  it.each(METRIC_KINDS)('%s: a key outside its rules is refused as not applying', (kind) => {
    const { rules } = KPI_KINDS[kind];
    const others = (Object.keys(KEY_VALUES) as KindKey[]).filter(
      (k) => !rules.needs.includes(k) && !rules.may.includes(k),
    );
    for (const key of others) {
      const r = checkContractText(BASE + metricYaml(kind, `, ${key}: ${KEY_VALUES[key]}`), 'test.yaml');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors).toContainEqual(expect.objectContaining({ path: `metrics[0].${key}` }));
      if (!r.ok)
        expect(r.errors.find((e) => e.path === `metrics[0].${key}`)?.message).toMatch(/^does not apply to/);
    }
  });

  it.each(METRIC_KINDS)('%s: names the wording key of its explanation', (kind) => {
    expect(KPI_KINDS[kind].wording.explain).toBe(`kpi.${kind}.explain`);
  });
});
