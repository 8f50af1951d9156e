import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/domain/contract/canonical.js';
import { explainMetric } from '../../../src/domain/contract/explain.js';
import { checkContractText } from '../../../src/ingest/contract-text.js';
import { BASE, withBase } from '../../support/evaluation.js';

const sl = (extra = '') =>
  `metrics:\n  - { id: sl, kind: service_level, threshold: 30s, target: 80%${extra} }\n`;

describe('at_risk_at in the contract', () => {
  it('reads as parts per million; absent, the metric and its canonical form are as before', () => {
    expect(withBase(sl(', at_risk_at: 70%')).metrics[0]).toMatchObject({ atRiskAtPpm: 700_000 });
    const plain = withBase(sl());
    expect('atRiskAtPpm' in plain.metrics[0]!).toBe(false);
    expect(canonicalJson(plain)).not.toContain('atRisk');
  });

  it.each([
    ['0%', /not between 0% and 100%/],
    ['100%', /not between 0% and 100%/],
    ['0.7', /is not a percentage: write 70%/],
  ])('refuses at_risk_at: %s', (value, message) => {
    const r = checkContractText(BASE + sl(`, at_risk_at: ${value}`), 'c.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.find((e) => e.path === 'metrics[0].at_risk_at')?.message).toMatch(message);
  });

  it('is refused on a kind without a running contact clock', () => {
    const r = checkContractText(
      `${BASE}metrics:\n  - { id: m, kind: nps, target: 30, at_risk_at: 70% }\n`,
      'c.yaml',
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.find((e) => e.path === 'metrics[0].at_risk_at')?.message).toMatch(
        /^does not apply to an nps metric/,
      );
  });

  it('is explained in en, nl and de', () => {
    const m = withBase(sl(', at_risk_at: 70%')).metrics[0]!;
    expect(explainMetric(m, 'month', 'en')).toContain(
      'a running contact is at risk once 70% of the threshold has run',
    );
    expect(explainMetric(m, 'month', 'nl')).toContain('in gevaar zodra 70');
    expect(explainMetric(m, 'month', 'de')).toContain('gefährdet, sobald 70');
    expect(explainMetric(withBase(sl()).metrics[0]!, 'month', 'en')).not.toContain('at risk');
  });
});
