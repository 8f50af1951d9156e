/**
 * Money across contract versions and contract years (contract.md, Versions; Money: annual cap, earn-back;
 * Streaks): an `effective_to` ends the contract, a cap counts the year's earlier credits whatever version
 * charged them, each version judges its own kind of period in its own time zone, and a period belongs to
 * the contract year it starts in. Figures are worked by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { EvaluationError } from '../../src/domain/evaluation/evaluate.js';
import type { Contact } from '../../src/domain/records.js';
import { call, contract, data, run, runJson } from '../support/evaluation.js';

const head = (version: number, from: string, extra = '') => `contract: v
version: ${version}
effective_from: ${from}
${extra}client: C
partner: P
`;
const SL = `metrics:
  - { id: sl, kind: service_level, threshold: 30s, target: 80% }
`;
const body = (fee: string, period: string, credits: string, zone = 'Europe/Amsterdam') =>
  `timezone: ${zone}\ncurrency: EUR\nmonthly_fee: ${fee}\nperiod: ${period}\n${SL}credits:\n  at_risk: 10%\n  allocation: { sl: 100% }\n${credits}`;

const months = (year: number, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${year}-${String(from + i).padStart(2, '0')}`);
/** One call per month on the 10th at 10:00 UTC: answered in 10 s (met) or 60 s (missed). */
const monthly = (plan: Record<string, 'good' | 'bad'>): Contact[] =>
  Object.entries(plan).map(([m, k]) => call(`${k}${m}`, `${m}-10T10:00:00Z`, k === 'good' ? 10 : 60));
const allBad = (list: string[]) =>
  data({ contacts: monthly(Object.fromEntries(list.map((m) => [m, 'bad']))) });
const AS_OF = '2027-03-01T00:00:00Z';

describe('after the last version’s effective_to the contract has ended (D1)', () => {
  const v1 = contract(
    head(1, '2026-01-01') +
      body('100000.00', 'month', '  annual_cap: 8%\n') +
      'acceptance:\n  fee: 50%\n  long_stop: 2\n',
  );
  const v2 = contract(
    head(2, '2026-07-01', 'effective_to: 2026-10-31\n') + body('200000.00', 'month', '  annual_cap: 8%\n'),
  );
  const d = allBad(months(2026, 1, 12));

  it.each(['2026-11', '2026-12', '2027-01'])('%s is refused: no version is in force', (period) => {
    expect(() => run([v1, v2], period, d, AS_OF)).toThrow(EvaluationError);
    expect(() => run([v1, v2], period, d, AS_OF)).toThrow(/no contract version is in force/);
  });

  // Year fees: Jan–Feb acceptance 50% × 100000 = 50000 × 2, Mar–Jun 100000 × 4, Jul–Oct 200000 × 4, none
  // after 31 October: 100000 + 400000 + 800000 = 1,300,000; cap 8% = 104000.00. Credits 10% of the fee:
  // Mar–Jun 10000 × 4 = 40000, Jul–Sep 20000 × 3 = 60000: 100000 before October, so October gets 4000.00.
  it.each([
    ['2026-02', '50000.00', '0.00', '50000.00'],
    ['2026-06', '100000.00', '10000.00', '90000.00'],
    ['2026-09', '200000.00', '20000.00', '180000.00'],
    ['2026-10', '200000.00', '4000.00', '196000.00'],
  ])('%s: fee %s, credit %s, payable %s', (period, fee, credit, payable) => {
    const doc = runJson([v1, v2], period, d, AS_OF);
    expect([doc.statement?.fee, doc.credits?.total, doc.statement?.payable]).toEqual([fee, credit, payable]);
  });

  it('the October cap line counts the year’s fees without the ended months', () => {
    expect(runJson([v1, v2], '2026-10', d, AS_OF).credits?.caps[0]?.rule).toBe(
      'annual cap 8% of contract-year fees 1300000.00, 100000.00 already credited',
    );
  });
});

describe('a cap brought by a later version subtracts the credits of the year charged before it (D2)', () => {
  const v1 = contract(head(1, '2026-01-01') + body('100000.00', 'month', ''));
  const v2 = contract(head(2, '2026-07-01') + body('100000.00', 'month', '  annual_cap: 8%\n'));
  const d = allBad(months(2026, 1, 12));
  // Cap 8% × 12 × 100000 = 96000; Jan–Sep credited 9 × 10000 = 90000 under v1 (no cap): October 6000.00,
  // November and December nothing.
  it.each([
    ['2026-09', '10000.00'],
    ['2026-10', '6000.00'],
    ['2026-11', '0.00'],
    ['2026-12', '0.00'],
  ])('%s credits %s', (period, credit) => {
    expect(runJson([v1, v2], period, d, AS_OF).credits?.total).toBe(credit);
  });
});

describe('a version that changes the period kind leaves the earlier months as months (D3)', () => {
  const earnBack = '  earn_back: { periods: 2 }\n';
  const v1 = contract(head(1, '2026-01-01') + body('100000.00', 'month', earnBack));
  const v2 = contract(head(2, '2026-07-01') + body('100000.00', 'quarter', earnBack));
  // January and March missed, every other month to September met.
  const plan: Record<string, 'good' | 'bad'> = Object.fromEntries(months(2026, 1, 9).map((m) => [m, 'good']));
  plan['2026-01'] = 'bad';
  plan['2026-03'] = 'bad';
  const d = data({ contacts: monthly(plan) });
  const asOf = '2026-12-01T00:00:00Z';

  it('judges January–June as months and July–September as one quarter', () => {
    expect(run([v1, v2], '2026-Q3', d, asOf).history.map((h) => h.period.name)).toEqual([
      ...months(2026, 1, 6),
      '2026-Q3',
    ]);
  });

  // January's 10000 credit is forfeited by the miss in March; March's 10000 comes back in May (April and
  // May met). No quarter credit was ever charged: Q3 has no earn-back and pays 3 × 100000 = 300000.00.
  it.each([
    ['2026-03', '10000.00', '0.00', '90000.00'],
    ['2026-05', '0.00', '10000.00', '110000.00'],
    ['2026-Q3', '0.00', '0.00', '300000.00'],
  ])('%s: credit %s, earn-back %s, payable %s', (period, credit, back, payable) => {
    const doc = runJson([v1, v2], period, d, asOf);
    expect([doc.credits?.total, doc.earnBack?.total, doc.statement?.payable]).toEqual([
      credit,
      back,
      payable,
    ]);
  });
});

describe('a version that changes the time zone leaves the earlier periods’ boundaries (D4)', () => {
  const v1 = contract(head(1, '2026-01-01') + body('100000.00', 'month', ''));
  const v2 = contract(head(2, '2026-07-01') + body('100000.00', 'month', '', 'America/New_York'));
  // T2 at 2026-03-31 23:30 UTC is 1 April 01:30 in Amsterdam (v1's zone, which judges March and April) but
  // 31 March 19:30 in New York: March holds T1 only (met, no credit), April T2 (missed, 10000.00).
  const d = data({
    contacts: [call('T1', '2026-03-15T10:00:00Z', 10), call('T2', '2026-03-31T23:30:00Z', 60)],
  });
  it.each([
    ['v1 alone', [v1], '2026-03', 'met', '100000.00'],
    ['v1 and v2', [v1, v2], '2026-03', 'met', '100000.00'],
    ['v1 and v2', [v1, v2], '2026-04', 'missed', '90000.00'],
  ])('%s: %s %s, payable %s', (_label, versions, period, verdict, payable) => {
    const doc = runJson(versions, period, d, '2026-12-01T00:00:00Z');
    expect([doc.verdicts.sl, doc.statement?.payable]).toEqual([verdict, payable]);
  });

  it('a period of a later version uses its zone', () => {
    const e = run([v1, v2], '2026-07', d, '2026-12-01T00:00:00Z');
    expect(new Date(e.result.period.start).toISOString()).toBe('2026-07-01T04:00:00.000Z');
  });
});

describe('a week belongs to the contract year in which it starts (D5)', () => {
  const c = contract(head(1, '2026-01-05') + body('100000.00', 'week', '  annual_cap: 1%\n'));
  // One missed call every Tuesday from 6 January 2026 to 16 February 2027.
  const contacts: Contact[] = [];
  for (let t = Date.UTC(2026, 0, 6, 10); t <= Date.UTC(2027, 1, 16, 10); t += 7 * 86_400_000)
    contacts.push(call(`w${t}`, new Date(t).toISOString(), 60));
  const d = data({ contacts });
  // Year 1 runs from Tuesday 5 January 2027: 2027-W01 (from Monday 4 January) is year 0's. Year 1's weeks
  // are 2027-W02…W52 and 2028-W01 (from 3 January 2028): 52 × 23076.92 (100000 × 12/52) = 1199999.84;
  // cap 1% = 12000.00. W02–W06 credited 5 × 2307.69 = 11538.45: W07 gets 12000.00 − 11538.45 = 461.55.
  it.each([
    ['2027-W06', '2307.69', null],
    ['2027-W07', '461.55', 'annual cap 1% of contract-year fees 1199999.84, 11538.45 already credited'],
  ])('%s credits %s', (period, credit, capRule) => {
    const doc = runJson(c, period, d, AS_OF);
    expect(doc.credits?.total).toBe(credit);
    expect(doc.credits?.caps.find((l) => l.rule.startsWith('annual'))?.rule ?? null).toBe(capRule);
  });
});
