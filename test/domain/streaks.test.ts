/**
 * Streaks and running periods (contract.md, Money: Streaks; Running and future periods): a period in which
 * only `compliance` metrics are judged counts in no streak (availability judged and met does count); a period not ended by asOf is provisional and
 * counts in no streak; a period that starts after asOf is refused.
 */
import { describe, expect, it } from 'vitest';
import { EvaluationError } from '../../src/domain/evaluation/evaluate.js';
import type { Contact, PrivacyIncident } from '../../src/domain/records.js';
import { instantOrThrow } from '../../src/domain/time/instant.js';
import { call, data, run, runJson, withBase } from '../support/evaluation.js';

const METRICS = `metrics:
  - id: sl
    kind: service_level
    population: { channel: phone }
    threshold: 30s
    target: 80%
  - id: privacy
    kind: compliance
    target: 0 incidents
`;
const BONUS = `bonus: { exceed_by: 5, periods: 2, amount: 3% }\n`;
const LATER = '2027-06-01T00:00:00+02:00';

const good = (month: string): Contact[] => [call(`g${month}`, `${month}-05T09:00:00Z`, 10)];
const bad = (month: string): Contact[] => [call(`b${month}`, `${month}-05T09:00:00Z`, 60)];
const incident = (month: string): PrivacyIncident => ({
  source: 'default',
  id: `P${month}`,
  reportedAt: instantOrThrow(`${month}-10T09:00:00Z`, 'test'),
  confirmed: true,
  summary: null,
});

/** Each month of a row: `good` (sl met by far), `bad` (sl missed), `none` (no data), `incident` (privacy missed). */
type Month = 'good' | 'bad' | 'none' | 'incident';
const MONTHS = ['2026-10', '2026-11', '2026-12', '2027-01'];

function monthsData(plan: readonly Month[]) {
  const contacts: Contact[] = [];
  const privacy_incidents: PrivacyIncident[] = [];
  plan.forEach((kind, i) => {
    const month = MONTHS[i]!;
    if (kind === 'good') contacts.push(...good(month));
    if (kind === 'bad') contacts.push(...bad(month));
    if (kind === 'incident') privacy_incidents.push(incident(month));
  });
  return data({ contacts, privacy_incidents });
}

describe('a period in which only compliance metrics are judged counts in no bonus streak', () => {
  // [plan, bonus of each month as [earned, streak]]
  it.each<[string, Month[], [boolean, number][]]>([
    [
      'months without data never earn a bonus',
      ['none', 'none', 'none', 'none'],
      [
        [false, 0],
        [false, 0],
        [false, 0],
        [false, 0],
      ],
    ],
    [
      'one good month then months without data: the streak holds at 1',
      ['good', 'none', 'none', 'none'],
      [
        [false, 1],
        [false, 1],
        [false, 1],
        [false, 1],
      ],
    ],
    [
      'a month without data between two good months neither advances nor breaks the streak',
      ['good', 'none', 'good', 'good'],
      [
        [false, 1],
        [false, 1],
        [true, 2],
        [false, 1],
      ],
    ],
    [
      'a confirmed privacy incident in a month without other data breaks the streak',
      ['good', 'incident', 'good', 'good'],
      [
        [false, 1],
        [false, 0],
        [false, 1],
        [true, 2],
      ],
    ],
    [
      'a missed month breaks it',
      ['good', 'bad', 'good', 'good'],
      [
        [false, 1],
        [false, 0],
        [false, 1],
        [true, 2],
      ],
    ],
  ])('%s', (_name, plan, expected) => {
    const c = withBase(METRICS + BONUS);
    const d = monthsData(plan);
    const got = MONTHS.map((m) => {
      const b = runJson(c, m, d, LATER).bonus!;
      return [b.earned, b.streak];
    });
    expect(got).toEqual(expected);
  });

  it('the demo case: bonus +3600.00 in a month with only privacy judged is gone', () => {
    // As the demo contract: 3 periods in a row, 3% of 120000.00; months after the data: only privacy judged.
    const c = withBase(`${METRICS}bonus: { exceed_by: 5, periods: 3, amount: 3% }\n`);
    const doc = runJson(c, '2026-12', monthsData(['good', 'none', 'none']), LATER);
    expect(doc.verdicts).toEqual({ sl: 'unjudged', privacy: 'met' });
    expect(doc.bonus).toEqual({ earned: false, amount: '0.00', streak: 1 });
    expect(doc.statement?.bonus).toBe('0.00');
  });

  // contract.md names only `compliance`: a month in which availability (judged without data too: no
  // outages, 100%) and compliance are judged and met counts as all targets met (D7).
  // Bonus 2 periods: October good → 1; November no data, availability and privacy met → 2, paid 3% of
  // 100000 = 3000.00, the count starts again; December the same → 1; January good → 2, paid again.
  it('availability is judged without data too (no outages: 100%): with compliance it advances the streak', () => {
    const c = withBase(`${METRICS}  - id: opening-hours
    kind: availability
    calendar: standard
    target: 99.5%
${BONUS}`);
    const d = monthsData(['good', 'none', 'none', 'good']);
    const months = MONTHS.map((m) => runJson(c, m, d, LATER));
    expect(months[1]!.verdicts).toEqual({ sl: 'unjudged', privacy: 'met', 'opening-hours': 'met' });
    expect(months.map((doc) => [doc.bonus?.earned, doc.bonus?.streak, doc.bonus?.amount])).toEqual([
      [false, 1, '0.00'],
      [true, 2, '3000.00'],
      [false, 1, '0.00'],
      [true, 2, '3000.00'],
    ]);
  });

  it('does not end the acceptance phase: only months with performance judged count as all targets met', () => {
    const c = withBase(
      `${METRICS}acceptance:\n  ramp_up: [100%]\n  fee: 90%\n  ends_when: { all_targets_met: 2 }\n  long_stop: 6\n`,
    );
    const d = monthsData(['good', 'none', 'none', 'good']);
    expect(MONTHS.map((m) => runJson(c, m, d, LATER).acceptance)).toEqual([
      { phase: 'acceptance', period: 1 },
      { phase: 'acceptance', period: 2 },
      { phase: 'acceptance', period: 3 },
      { phase: 'acceptance', period: 4 },
    ]);
    // The fourth month completes two met months in a row (the empty ones held the run): live from the fifth.
    expect(runJson(c, '2027-02', d, LATER).acceptance).toEqual({ phase: 'live', period: null });
  });
});

describe('running and future periods', () => {
  const c = withBase(
    `${METRICS}credits:\n  at_risk: 10%\n  allocation: { sl: 20% }\n  earn_back: { periods: 1 }\n${BONUS}`,
  );
  const d = monthsData(['good', 'good', 'good', 'good']);

  // [period, asOf, provisional]
  it.each([
    ['2026-11', '2026-11-15T12:00:00+01:00', true],
    ['2026-11', '2026-11-01T00:00:00+01:00', true], // starts exactly at asOf: started, not ended
    ['2026-11', '2026-11-30T23:59:59.999+01:00', true],
    ['2026-11', '2026-12-01T00:00:00+01:00', false], // ended exactly at asOf
    ['2026-10', '2026-11-15T12:00:00+01:00', false],
    ['2026-W46', '2026-11-15T12:00:00+01:00', true],
    ['2026-W45', '2026-11-15T12:00:00+01:00', false],
  ])('%s as of %s: provisional %s', (period, asOf, provisional) => {
    const doc = runJson(c, period, d, asOf);
    expect(doc.provisional).toBe(provisional);
    // Placed after asOf, before inputDigest (interfaces.md).
    expect(Object.keys(doc).slice(4, 7)).toEqual(['asOf', 'provisional', 'inputDigest']);
  });

  it('a provisional period counts in no streak: no bonus or earn-back until it has ended', () => {
    const running = runJson(c, '2026-11', d, '2026-11-20T12:00:00+01:00');
    expect(running.provisional).toBe(true);
    expect(running.bonus).toEqual({ earned: false, amount: '0.00', streak: 1 });
    const ended = runJson(c, '2026-11', d, '2026-12-01T00:00:00+01:00');
    expect(ended.provisional).toBe(false);
    expect(ended.bonus).toEqual({ earned: true, amount: '3000.00', streak: 2 });

    const missedThenGood = monthsData(['bad', 'good']);
    expect(runJson(c, '2026-11', missedThenGood, '2026-11-20T12:00:00+01:00').earnBack?.total).toBe('0.00');
    expect(runJson(c, '2026-11', missedThenGood, '2026-12-01T00:00:00+01:00').earnBack?.total).toBe(
      '2000.00',
    );
  });

  it('the history before a provisional period is final: only the last period is provisional', () => {
    const e = run(c, '2026-12', d, '2026-12-10T00:00:00+01:00');
    expect(e.history.map((h) => [h.period.name, h.provisional])).toEqual([
      ['2026-10', false],
      ['2026-11', false],
      ['2026-12', true],
    ]);
  });

  it.each([
    ['2026-12', '2026-11-28T09:00:00+01:00'],
    ['2026-11', '2026-10-31T23:59:59.999+01:00'],
    ['2027-W01', '2026-12-31T12:00:00+01:00'],
  ])('%s as of %s starts after asOf: refused', (period, asOf) => {
    const attempt = () => run(c, period, d, asOf);
    expect(attempt).toThrow(EvaluationError);
    expect(attempt).toThrow(/starts .* after the as-of instant/);
    try {
      attempt();
    } catch (e) {
      expect((e as EvaluationError).code).toBe('not_started');
    }
  });
});
