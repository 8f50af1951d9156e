import { describe, expect, it } from 'vitest';
import { alertId, alertsFor, escalationOf, levelsFor } from '../../../src/domain/monitor/escalation.js';
import { missedStreaks, periodRisks } from '../../../src/domain/monitor/period-risk.js';
import { call, data, run, withBase } from '../../support/evaluation.js';

const contract = withBase(`metrics:
  - { id: phone-sl, kind: service_level, population: { channel: [phone] }, threshold: 30s, target: 80% }
escalation:
  - { level: 1, who: [partner team lead], when: at_risk, acknowledge_within: 30m }
  - { level: 2, who: [partner account manager, client vendor manager], when: breached, acknowledge_within: 2h }
  - { level: 3, who: [client service director], when: { missed_periods: 2 }, acknowledge_within: 1d }
`);
const metric = contract.metrics[0]!;
const contact = { source: 'default', key: 'c1', channel: 'phone', createdAt: '2026-11-30T10:00:00.000Z' };
const subject = {
  organisationId: 'org_1',
  contract,
  metric,
  contact,
  period: null,
  dueAt: Date.parse('2026-11-30T10:00:24Z'),
  deadline: Date.parse('2026-11-30T10:00:30Z'),
};
const now = Date.parse('2026-11-30T10:00:24.100Z');

describe('escalation', () => {
  it('calls the levels whose `when` matches the event', () => {
    expect(levelsFor(contract, { event: 'at_risk' }).map((l) => l.level)).toEqual([1]);
    expect(levelsFor(contract, { event: 'breached' }).map((l) => l.level)).toEqual([2]);
    expect(levelsFor(contract, { event: 'missed_periods', periods: 1 })).toEqual([]);
    expect(levelsFor(contract, { event: 'missed_periods', periods: 3 }).map((l) => l.level)).toEqual([3]);
  });

  it('raises one alert per level, with who, the instants and the acknowledge-by of the level', () => {
    const [a] = alertsFor(subject, { event: 'at_risk' }, now);
    expect(a).toMatchObject({
      organisationId: 'org_1',
      contract: 't',
      kind: 'at_risk',
      level: 1,
      who: ['partner team lead'],
      metric: 'phone-sl',
      contact,
      dueAt: '2026-11-30T10:00:24.000Z',
      deadline: '2026-11-30T10:00:30.000Z',
      raisedAt: '2026-11-30T10:00:24.100Z',
      acknowledgeBy: '2026-11-30T10:30:24.100Z',
    });
    expect(a!.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives the same alert the same id, and every other one another', () => {
    const [a] = alertsFor(subject, { event: 'at_risk' }, now);
    const [again] = alertsFor(subject, { event: 'at_risk' }, now + 5000);
    expect(again!.id).toBe(a!.id);
    const [breach] = alertsFor(subject, { event: 'breached' }, now);
    const [other] = alertsFor({ ...subject, contact: { ...contact, key: 'c2' } }, { event: 'at_risk' }, now);
    expect(new Set([a!.id, breach!.id, other!.id]).size).toBe(3);
    expect(alertId('t', 'm', 'contact:a/b', 1, 'at_risk')).not.toBe(
      alertId('t', 'm', 'contact:a/b', 2, 'at_risk'),
    );
  });

  it('escalates an unacknowledged alert to the next level, and stops after the last', () => {
    const [a] = alertsFor(subject, { event: 'at_risk' }, now);
    const later = Date.parse(a!.acknowledgeBy!);
    const e2 = escalationOf(contract, a!, later)!;
    expect(e2).toMatchObject({
      kind: 'escalated',
      level: 2,
      who: ['partner account manager', 'client vendor manager'],
      dueAt: a!.acknowledgeBy,
    });
    expect(e2.acknowledgeBy).toBe(new Date(later + 2 * 3_600_000).toISOString());
    const e3 = escalationOf(contract, e2, Date.parse(e2.acknowledgeBy!))!;
    expect(e3).toMatchObject({ level: 3, acknowledgeBy: null });
    expect(escalationOf(contract, e3, now)).toBeUndefined();
    expect(new Set([a!.id, e2.id, e3.id]).size).toBe(3);
  });
});

describe('period risk', () => {
  const calls = (prefix: string, day: string, within: number, late: number) => [
    ...Array.from({ length: within }, (_, i) =>
      call(`${prefix}w${i}`, `${day}T10:00:${String(i % 60).padStart(2, '0')}+01:00`, 10),
    ),
    ...Array.from({ length: late }, (_, i) =>
      call(`${prefix}l${i}`, `${day}T11:00:${String(i % 60).padStart(2, '0')}+01:00`, 60),
    ),
  ];

  it('a metric forecast to miss: the figures say how many of the rest must meet the threshold', () => {
    const e = run(
      contract,
      '2026-11',
      data({ contacts: calls('a', '2026-11-02', 60, 40) }),
      '2026-11-16T00:00:00+01:00',
    );
    const [r] = periodRisks(e);
    expect(r?.metric.id).toBe('phone-sl');
    expect(r?.risk).toMatchObject({ period: '2026-11', value: 0.6, target: 0.8, thresholdMs: 30_000 });
    const { needed, remaining } = r!.risk;
    // (60 + needed) / (100 + remaining) >= 80%, and one fewer would not do.
    expect((60 + needed!) / (100 + remaining)).toBeGreaterThanOrEqual(0.8);
    expect((60 + needed! - 1) / (100 + remaining)).toBeLessThan(0.8);
  });

  it('a metric on course is not at risk', () => {
    const e = run(
      contract,
      '2026-11',
      data({ contacts: calls('a', '2026-11-02', 95, 5) }),
      '2026-11-16T00:00:00+01:00',
    );
    expect(periodRisks(e)).toEqual([]);
  });

  it('counts the missed judged periods in a row before the running one', () => {
    const contacts = [...calls('s', '2026-10-05', 10, 90), ...calls('o', '2026-11-02', 10, 90)];
    const c = { ...contract, effectiveFrom: '2026-10-01' };
    const e = run(c, '2026-12', data({ contacts }), '2026-12-10T00:00:00+01:00');
    expect(missedStreaks(e).map((s) => [s.metric.id, s.periods, s.lastPeriod])).toEqual([
      ['phone-sl', 2, '2026-11'],
    ]);
    expect(levelsFor(contract, { event: 'missed_periods', periods: 2 }).map((l) => l.level)).toEqual([3]);
  });

  it('an unjudged period between two missed ones neither breaks nor advances the streak', () => {
    // September missed, October without a call (no_data: unjudged), November missed: a streak of 2 whose
    // last missed period is November; with December unjudged too, still November.
    const contacts = [...calls('s', '2026-09-07', 10, 90), ...calls('n', '2026-11-02', 10, 90)];
    const c = { ...contract, effectiveFrom: '2026-09-01' };
    const e = run(c, '2026-12', data({ contacts }), '2026-12-10T00:00:00+01:00');
    expect(e.history.map((h) => h.verdicts['phone-sl'])).toEqual([
      'missed',
      'unjudged',
      'missed',
      'unjudged',
    ]);
    expect(missedStreaks(e).map((s) => [s.metric.id, s.periods, s.lastPeriod])).toEqual([
      ['phone-sl', 2, '2026-11'],
    ]);
    const jan = run(c, '2027-01', data({ contacts }), '2027-01-10T00:00:00+01:00');
    expect(missedStreaks(jan).map((s) => [s.metric.id, s.periods, s.lastPeriod])).toEqual([
      ['phone-sl', 2, '2026-11'],
    ]);
  });
});
