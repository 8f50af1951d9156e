import { describe, expect, it } from 'vitest';
import type { Contact, Incident, Outage, PrivacyIncident } from '../../src/domain/records.js';
import { instantOrThrow } from '../../src/domain/time/instant.js';
import {
  AS_OF,
  call,
  contact,
  data,
  event,
  rowOf,
  run,
  runJson,
  survey,
  withBase,
} from '../support/evaluation.js';

const at = (iso: string) => instantOrThrow(iso, 'test');

/** The ICMI example of kpis.md: 1000 answered (860 within 30 s), 60 abandoned (20 within T, 10 under 5 s). */
function icmiCalls(): Contact[] {
  const calls: Contact[] = [];
  let n = 0;
  const add = (count: number, wait: number, outcome: 'answered' | 'abandoned') => {
    for (let i = 0; i < count; i++) {
      const minute = n++;
      const created = new Date(at('2026-10-05T08:00:00+02:00') + minute * 20_000).toISOString();
      calls.push(call(`C${minute}`, created, wait, outcome));
    }
  };
  add(860, 10, 'answered');
  add(140, 60, 'answered');
  add(10, 2, 'abandoned'); // short abandons (< 5 s), within T
  add(10, 20, 'abandoned'); // within T
  add(40, 90, 'abandoned');
  return calls;
}

const slMetric = (abandoned: string) => `metrics:
  - id: sl
    kind: service_level
    population: { channel: phone }
    threshold: 30s
    target: 80%
    abandoned: ${abandoned}
`;

describe('service level variants: the ICMI example', () => {
  const calls = icmiCalls();
  it.each([
    ['{ count: as_failure }', 860, 1060],
    ['{ short: 5s, count: as_failure }', 860, 1050],
    ['{ count: ignore }', 860, 1000],
    ['{ count: within_threshold_success }', 880, 1060],
    ['{ count: exclude_within_threshold }', 860, 1040],
  ])('%s → %i / %i', (abandoned, numerator, denominator) => {
    const row = rowOf(runJson(withBase(slMetric(abandoned)), '2026-10', data({ contacts: calls })), 'sl');
    expect(row).toMatchObject({
      numerator,
      denominator,
      value: numerator / denominator,
      judged: true,
      met: true,
    });
  });

  it('names the contacts that count against it', () => {
    const e = run(withBase(slMetric('{ short: 5s }')), '2026-10', data({ contacts: calls }));
    expect(e.result.rows[0]!.breaches).toHaveLength(1050 - 860);
  });
});

describe('judging is exact', () => {
  const metric = slMetric('{ count: as_failure }');
  it('4 of 5 meets 80%; 30.000 s is within 30 s, 30.001 s is not', () => {
    const calls = [
      call('a', '2026-10-05T09:00:00Z', 30),
      call('b', '2026-10-05T09:01:00Z', 10),
      call('c', '2026-10-05T09:02:00Z', 5),
      call('d', '2026-10-05T09:03:00Z', 1),
      call('e', '2026-10-05T09:04:00Z', 30.001),
    ];
    const row = rowOf(runJson(withBase(metric), '2026-10', data({ contacts: calls })), 'sl');
    expect(row).toMatchObject({ numerator: 4, denominator: 5, value: 0.8, target: 0.8, met: true });
  });
});

describe('periods, pending contacts and versions', () => {
  const response = `metrics:
  - id: mail
    kind: response_time
    population: { channel: email }
    clock: { calendar: standard }
    threshold: 24h
    target: 90%
`;
  it('an empty period: no data, not judged; compliance is still judged', () => {
    const doc = runJson(
      withBase(`${response}  - id: privacy
    kind: compliance
    target: 0 incidents
`),
      '2026-10',
      data({}),
    );
    expect(rowOf(doc, 'mail')).toMatchObject({
      numerator: 0,
      denominator: 0,
      value: null,
      judged: false,
      reason: 'no_data',
      met: null,
    });
    expect(rowOf(doc, 'privacy')).toMatchObject({ value: 0, judged: true, met: true });
    expect(doc.verdicts).toEqual({ mail: 'unjudged', privacy: 'met' });
  });

  it('open contacts inside their threshold are pending, past it they are breaches', () => {
    const mails = [
      contact('m1', { channel: 'email', created: '2026-11-27T10:00:00+01:00' }), // Fri 10:00: 20 open hours by Mon 09:00
      contact('m2', { channel: 'email', created: '2026-11-20T10:00:00+01:00' }), // a week earlier: breached
    ];
    const doc = runJson(
      withBase(response),
      '2026-11',
      data({ contacts: mails }),
      '2026-11-30T09:00:00+01:00',
    );
    expect(rowOf(doc, 'mail')).toMatchObject({ numerator: 0, denominator: 1, judged: true, met: false });
    const pending = runJson(
      withBase(response),
      '2026-11',
      data({ contacts: [mails[0]!] }),
      '2026-11-30T09:00:00+01:00',
    );
    expect(rowOf(pending, 'mail')).toMatchObject({ denominator: 0, reason: 'no_data' });
  });

  it('a contact belongs to the period of its creation, even when answered in the next', () => {
    const m = contact('late', {
      channel: 'email',
      created: '2026-10-31T23:30:00+01:00',
      firstResponseAt: '2026-11-02T09:00:00+01:00',
    });
    expect(rowOf(runJson(withBase(response), '2026-10', data({ contacts: [m] })), 'mail')).toMatchObject({
      numerator: 1,
      denominator: 1,
    });
    expect(rowOf(runJson(withBase(response), '2026-11', data({ contacts: [m] })), 'mail')).toMatchObject({
      denominator: 0,
    });
  });

  it('the version in force at the start of a period judges it', () => {
    const v1 = withBase(slMetric('{ count: as_failure }'));
    const second = withBase(slMetric('{ count: as_failure }').replace('target: 80%', 'target: 90%'));
    const v2c = { ...second, version: 2, effectiveFrom: '2026-11-01' };
    const calls = [call('a', '2026-10-05T09:00:00Z', 10), call('b', '2026-11-05T09:00:00Z', 10)];
    const oct = runJson([v1, v2c], '2026-10', data({ contacts: calls }));
    const nov = runJson([v1, v2c], '2026-11', data({ contacts: calls }));
    expect([oct.version, rowOf(oct, 'sl').target]).toEqual([1, 0.8]);
    expect([nov.version, rowOf(nov, 'sl').target]).toEqual([2, 0.9]);
  });

  it('a DST week: periods in local time, the clock in real time', () => {
    const c = withBase(`metrics:
  - id: res
    kind: resolution_time
    threshold: 24h
    target: 90%
`);
    const weekly = { ...c, period: 'week' as const, effectiveFrom: '2026-10-19' };
    const mails = [
      contact('a', {
        channel: 'email',
        created: '2026-10-24T12:00:00+02:00',
        resolvedAt: '2026-10-25T11:00:00+01:00',
      }), // exactly 24 h
      contact('b', {
        channel: 'email',
        created: '2026-10-25T23:30:00+01:00',
        resolvedAt: '2026-10-26T01:00:00+01:00',
      }), // Sunday: W43
      contact('c', {
        channel: 'email',
        created: '2026-10-26T00:30:00+01:00',
        resolvedAt: '2026-10-26T01:00:00+01:00',
      }), // Monday: W44
    ];
    expect(rowOf(runJson(weekly, '2026-W43', data({ contacts: mails })), 'res')).toMatchObject({
      numerator: 2,
      denominator: 2,
    });
    expect(rowOf(runJson(weekly, '2026-W44', data({ contacts: mails })), 'res')).toMatchObject({
      numerator: 1,
      denominator: 1,
    });
  });
});

describe('resolution clock: pauses and reopenings', () => {
  const resolution = `metrics:
  - id: res
    kind: resolution_time
    clock: { pause_when: [pending_customer] }
    threshold: 3h
    target: 90%
`;
  it('pauses in pending_customer and between a resolution and its reopening', () => {
    const t = contact('T1', {
      channel: 'email',
      created: '2026-10-05T09:00:00+02:00',
      firstResolvedAt: '2026-10-05T11:00:00+02:00',
      resolvedAt: '2026-10-06T10:00:00+02:00',
      reopenCount: 1,
    });
    const events = [
      event('T1', 'new', '2026-10-05T09:00:00+02:00'),
      event('T1', 'pending_customer', '2026-10-05T10:00:00+02:00'),
      event('T1', 'open', '2026-10-05T10:30:00+02:00'),
      event('T1', 'solved', '2026-10-05T11:00:00+02:00'),
      event('T1', 'open', '2026-10-06T09:00:00+02:00'),
      event('T1', 'solved', '2026-10-06T10:00:00+02:00'),
    ];
    // 09:00-10:00 + 10:30-11:00 + 09:00-10:00 next day = 2.5 h ≤ 3 h
    const e = run(withBase(resolution), '2026-10', data({ contacts: [t], status_events: events }));
    expect(
      rowOf(runJson(withBase(resolution), '2026-10', data({ contacts: [t], status_events: events })), 'res'),
    ).toMatchObject({ numerator: 1, denominator: 1 });
    expect(e.warnings).toEqual([]);
  });

  it('a reopened contact without status events runs from created to resolved, with a warning', () => {
    const t = contact('T2', {
      channel: 'email',
      created: '2026-10-05T09:00:00+02:00',
      firstResolvedAt: '2026-10-05T10:00:00+02:00',
      resolvedAt: '2026-10-06T10:00:00+02:00',
      reopenCount: 1,
    });
    const doc = runJson(withBase(resolution), '2026-10', data({ contacts: [t] }));
    expect(rowOf(doc, 'res')).toMatchObject({ numerator: 0, denominator: 1 });
    expect(doc.warnings).toEqual([
      expect.objectContaining({ code: 'reopen_without_status_events', contact: 'T2' }),
    ]);
  });

  it('`resolution: first` stops at the first resolution', () => {
    const first = resolution.replace('pause_when: [pending_customer]', 'resolution: first');
    const t = contact('T3', {
      channel: 'email',
      created: '2026-10-05T09:00:00+02:00',
      firstResolvedAt: '2026-10-05T10:00:00+02:00',
      resolvedAt: '2026-10-09T10:00:00+02:00',
      reopenCount: 1,
    });
    expect(rowOf(runJson(withBase(first), '2026-10', data({ contacts: [t] })), 'res')).toMatchObject({
      numerator: 1,
      denominator: 1,
    });
  });
});

describe('splits and samples', () => {
  const split = `metrics:
  - id: sl
    kind: service_level
    population: { channel: phone }
    threshold: 30s
    target: 80%
    minimum_sample: 3
    split: [language]
    split_targets: { language: { fr: 70% } }
`;
  it('one row per value, a value under minimum_sample is reported but not judged, fr without data, and a pooled row', () => {
    const calls = [
      call('n1', '2026-10-05T09:00:00Z', 10, 'answered', { language: 'nl' }),
      call('n2', '2026-10-05T09:01:00Z', 10, 'answered', { language: 'nl' }),
      call('n3', '2026-10-05T09:02:00Z', 50, 'answered', { language: 'nl' }),
      call('d1', '2026-10-05T09:03:00Z', 50, 'answered', { language: 'de' }),
    ];
    const doc = runJson(withBase(split), '2026-10', data({ contacts: calls }));
    expect(rowOf(doc, 'sl', { language: 'nl' })).toMatchObject({
      numerator: 2,
      denominator: 3,
      judged: true,
      met: false,
    });
    expect(rowOf(doc, 'sl', { language: 'de' })).toMatchObject({
      numerator: 0,
      denominator: 1,
      judged: false,
      reason: 'minimum_sample',
      met: null,
    });
    expect(rowOf(doc, 'sl', { language: 'fr' })).toMatchObject({
      target: 0.7,
      value: null,
      reason: 'no_data',
    });
    expect(rowOf(doc, 'sl')).toMatchObject({
      numerator: 2,
      denominator: 4,
      judged: false,
      reason: 'pooled',
      met: null,
    });
    expect(doc.verdicts.sl).toBe('missed');
  });

  it('the volume band: above forecast × (1 + tolerance) the metric is not judged', () => {
    const banded = `${split}volume: { forecast_tolerance: 15% }\n`;
    const calls = Array.from({ length: 12 }, (_, i) =>
      call(`c${i}`, `2026-10-05T09:${String(i).padStart(2, '0')}:00Z`, 10, 'answered', { language: 'nl' }),
    );
    const forecast = (volume: number) => [
      {
        source: 'default',
        intervalStart: at('2026-10-05T09:00:00Z'),
        intervalMinutes: 30,
        channel: 'phone' as const,
        queue: null,
        volume,
        ahtSeconds: null,
      },
    ];
    const over = runJson(withBase(banded), '2026-10', data({ contacts: calls, forecasts: forecast(10) }));
    expect(rowOf(over, 'sl', { language: 'nl' })).toMatchObject({
      judged: false,
      reason: 'volume_band',
      volume: { forecast: 10, actual: 12, withinBand: false },
    });
    // 12 × 100 = 1200 > 10.4 × 115 = 1196, but not > 10.5 × 115 = 1207.5
    expect(
      rowOf(
        runJson(withBase(banded), '2026-10', data({ contacts: calls, forecasts: forecast(10.5) })),
        'sl',
        { language: 'nl' },
      ),
    ).toMatchObject({
      judged: true,
      volume: { withinBand: true },
    });
  });

  it('the volume band adds decimal forecasts exactly: 5.1 + 5.3 + 7.9 + 1.7 = 20 holds 23 calls at 15%', () => {
    const banded = `${split}volume: { forecast_tolerance: 15% }\n`;
    const calls = Array.from({ length: 23 }, (_, i) =>
      call(`c${i}`, `2026-10-05T09:${String(i).padStart(2, '0')}:00Z`, 10, 'answered', { language: 'nl' }),
    );
    const forecasts = [5.1, 5.3, 7.9, 1.7].map((volume, i) => ({
      source: 'default',
      intervalStart: at(`2026-10-05T0${i + 5}:00:00Z`),
      intervalMinutes: 30,
      channel: 'phone' as const,
      queue: null,
      volume,
      ahtSeconds: null,
    }));
    // 23 × 100 = 2300 = 20 × 115: not above the band, so judged (a floating-point sum gives 19.999999999999996).
    expect(
      rowOf(runJson(withBase(banded), '2026-10', data({ contacts: calls, forecasts })), 'sl', {
        language: 'nl',
      }),
    ).toMatchObject({ judged: true, volume: { forecast: 20, actual: 23, withinBand: true } });
  });
});

describe('surveys, QA, availability, incidents and compliance', () => {
  const quality = `metrics:
  - id: csat
    kind: mean_score
    measure: csat
    target: 8.0
  - id: top
    kind: top_box
    measure: csat
    box: 2
    target: 75%
  - id: nps
    kind: nps
    target: 30
  - id: up
    kind: availability
    calendar: standard
    target: 99.5%
  - id: crit
    kind: incident_reaction
    population: { severity: critical }
    threshold: 2h
    target: 100%
  - id: privacy
    kind: compliance
    target: 0 incidents
`;
  it('CSAT normalised exactly (4 of 5 is 7.75), only the latest answer per contact, top box, NPS', () => {
    const surveys = [
      survey('a', 'csat', 4, '2026-10-05T10:00:00Z'),
      survey('b', 'csat', 5, '2026-10-05T10:00:00Z'),
      survey('b', 'csat', 2, '2026-10-04T10:00:00Z'), // older answer of b: ignored
      survey('c', 'csat', 8, '2026-10-05T10:00:00Z', [1, 10]),
      survey('a', 'nps', 10, '2026-10-05T10:00:00Z'),
      survey('b', 'nps', 6, '2026-10-05T10:00:00Z'),
      survey('c', 'nps', 8, '2026-10-05T10:00:00Z'),
      survey('d', 'nps', 9, '2026-10-05T10:00:00Z'),
    ];
    const doc = runJson(withBase(quality), '2026-10', data({ surveys }));
    expect(rowOf(doc, 'csat')).toMatchObject({
      numerator: 25.75,
      denominator: 3,
      value: 25.75 / 3,
      met: true,
    });
    expect(rowOf(doc, 'top')).toMatchObject({ numerator: 2, denominator: 3 });
    expect(rowOf(doc, 'nps')).toMatchObject({ numerator: 1, denominator: 4, value: 25, met: false });
  });

  it('availability: outages clipped to open time; incident reaction; confirmed privacy incidents', () => {
    const outages: Outage[] = [
      {
        source: 'default',
        from: at('2026-10-05T21:00:00+02:00'),
        to: at('2026-10-05T23:00:00+02:00'),
        channel: null,
        reason: 'PBX',
      }, // 1 h in open time
    ];
    const incidents: Incident[] = [
      {
        source: 'default',
        id: 'I1',
        severity: 'critical',
        raisedAt: at('2026-10-06T09:00:00Z'),
        acknowledgedAt: at('2026-10-06T11:00:00Z'),
        resolvedAt: null,
        summary: null,
      },
      {
        source: 'default',
        id: 'I2',
        severity: 'critical',
        raisedAt: at('2026-10-07T09:00:00Z'),
        acknowledgedAt: at('2026-10-07T11:00:01Z'),
        resolvedAt: null,
        summary: null,
      },
      {
        source: 'default',
        id: 'I3',
        severity: 'high',
        raisedAt: at('2026-10-07T09:00:00Z'),
        acknowledgedAt: null,
        resolvedAt: null,
        summary: null,
      },
    ];
    const privacy: PrivacyIncident[] = [
      {
        source: 'default',
        id: 'P1',
        reportedAt: at('2026-10-08T09:00:00Z'),
        confirmed: false,
        summary: null,
      },
      { source: 'default', id: 'P2', reportedAt: at('2026-10-09T09:00:00Z'), confirmed: true, summary: null },
    ];
    const doc = runJson(
      withBase(quality),
      '2026-10',
      data({ outages, incidents, privacy_incidents: privacy }),
    );
    // October 2026 in calendar B: 22 weekdays × 14 h = 308 h open.
    expect(rowOf(doc, 'up')).toMatchObject({
      numerator: 307 * 3600,
      denominator: 308 * 3600,
      value: 307 / 308,
      met: true,
    });
    expect(rowOf(doc, 'crit')).toMatchObject({ numerator: 1, denominator: 2, met: false });
    expect(rowOf(doc, 'privacy')).toMatchObject({ numerator: 1, value: 1, target: 0, met: false });
  });

  it('an unknown severity is judged only without a severity population; an unknown confirmation is not counted', () => {
    const metrics = `${quality}  - id: every
    kind: incident_reaction
    threshold: 2h
    target: 100%
`;
    const incidents: Incident[] = [
      {
        source: 'default',
        id: 'I1',
        severity: 'critical',
        raisedAt: at('2026-10-06T09:00:00Z'),
        acknowledgedAt: at('2026-10-06T10:00:00Z'),
        resolvedAt: null,
        summary: null,
      },
      {
        source: 'default',
        id: 'I-unknown',
        severity: null,
        raisedAt: at('2026-10-07T09:00:00Z'),
        acknowledgedAt: at('2026-10-07T12:00:00Z'),
        resolvedAt: null,
        summary: null,
      },
    ];
    const privacy: PrivacyIncident[] = [
      { source: 'default', id: 'P1', reportedAt: at('2026-10-08T09:00:00Z'), confirmed: null, summary: null },
      { source: 'default', id: 'P2', reportedAt: at('2026-10-09T09:00:00Z'), confirmed: true, summary: null },
    ];
    const doc = runJson(withBase(metrics), '2026-10', data({ incidents, privacy_incidents: privacy }));
    expect(rowOf(doc, 'crit')).toMatchObject({ numerator: 1, denominator: 1, met: true });
    expect(rowOf(doc, 'every')).toMatchObject({ numerator: 1, denominator: 2, met: false });
    expect(rowOf(doc, 'privacy')).toMatchObject({ numerator: 1, value: 1 });
  });
});

describe('money: credits, caps, earn-back, bonus, acceptance', () => {
  const metrics = `metrics:
  - id: sl
    kind: service_level
    population: { channel: phone }
    threshold: 30s
    target: 80%
  - id: ftr
    kind: rate
    measure: first_time_right
    target: 50%
`;
  const LATER = '2027-03-01T00:00:00+01:00';
  const good = (month: string, n = 0) => [
    call(`g${month}${n}`, `${month}-05T09:00:00Z`, 10, 'answered', { firstTimeRight: true }),
  ];
  const bad = (month: string) => [
    call(`b${month}`, `${month}-05T09:00:00Z`, 60, 'answered', { firstTimeRight: false }),
  ];

  it('the credit example of kpis.md: fee 100,000.00, at-risk 10%, allocation 20% → 2,000.00', () => {
    const c = withBase(`${metrics}credits:\n  at_risk: 10%\n  allocation: { sl: 20% }\n`);
    const doc = runJson(c, '2026-10', data({ contacts: bad('2026-10') }));
    expect(doc.credits).toEqual({
      total: '2000.00',
      currency: 'EUR',
      lines: [{ metric: 'sl', rule: 'allocation 20% of at-risk 10% of fee 100000.00', amount: '2000.00' }],
      caps: [],
    });
    expect(doc.statement).toEqual({
      fee: '100000.00',
      credits: '2000.00',
      earnBack: '0.00',
      bonus: '0.00',
      payable: '98000.00',
    });
  });

  it('doubles under the minimum and shrinks pro rata to the at-risk cap', () => {
    const c = withBase(
      `${metrics}credits:\n  at_risk: 10%\n  pool: 200%\n  allocation: { sl: 70%, ftr: 60% }\n  minimum: { sl: 70% }\n`,
    );
    const doc = runJson(c, '2026-10', data({ contacts: bad('2026-10') }));
    // sl: 10,000 × 70% × 2 = 14,000; ftr: 6,000; sum 20,000 > cap 10,000 → 7,000 + 3,000
    expect(doc.credits?.lines.map((l) => [l.metric, l.amount])).toEqual([
      ['sl', '7000.00'],
      ['ftr', '3000.00'],
    ]);
    expect(doc.credits?.caps).toEqual([
      { rule: 'at-risk cap 10% of fee 100000.00', before: '20000.00', after: '10000.00' },
    ]);
  });

  it('earn-back returns a charged credit after N met periods in a row; a miss forfeits it', () => {
    const c = withBase(
      `${metrics}credits:\n  at_risk: 10%\n  allocation: { sl: 20% }\n  earn_back: { periods: 2 }\n`,
    );
    const contacts = [...bad('2026-10'), ...good('2026-11'), ...good('2026-12')];
    expect(runJson(c, '2026-11', data({ contacts }), LATER).earnBack).toEqual({ total: '0.00', lines: [] });
    expect(runJson(c, '2026-12', data({ contacts }), LATER).earnBack).toEqual({
      total: '2000.00',
      lines: [
        {
          metric: 'sl',
          rule: 'earn-back of the 2026-10 credit after 2 met periods in a row',
          amount: '2000.00',
        },
      ],
    });
    const forfeited = [...bad('2026-10'), ...good('2026-11'), ...bad('2026-12'), ...good('2027-01')];
    expect(runJson(c, '2027-01', data({ contacts: forfeited }), LATER).earnBack?.total).toBe('0.00');
  });

  it('bonus after N periods in a row beating every percentage target by exceed_by, then the count starts again', () => {
    const c = withBase(`${metrics}bonus: { exceed_by: 5, periods: 2, amount: 3% }\n`);
    const contacts = [...good('2026-10'), ...good('2026-11'), ...good('2026-12')];
    expect(runJson(c, '2026-10', data({ contacts }), LATER).bonus).toEqual({
      earned: false,
      amount: '0.00',
      streak: 1,
    });
    expect(runJson(c, '2026-11', data({ contacts }), LATER).bonus).toEqual({
      earned: true,
      amount: '3000.00',
      streak: 2,
    });
    expect(runJson(c, '2026-12', data({ contacts }), LATER).bonus).toEqual({
      earned: false,
      amount: '0.00',
      streak: 1,
    });
  });

  it('acceptance: ramped targets, reduced fee, no credits; ends after the required met periods', () => {
    const c = withBase(
      `${metrics}credits:\n  at_risk: 10%\n  allocation: { sl: 20% }\nacceptance:\n  ramp_up: [50%, 75%]\n  fee: 90%\n  ends_when: { all_targets_met: 1 }\n  long_stop: 6\n`,
    );
    // October: 1 of 2 within 30 s = 50% meets the ramped 40% but not the full 80%; November: all good.
    const contacts = [...good('2026-10'), ...bad('2026-10'), ...good('2026-11'), ...bad('2026-12')];
    const oct = runJson(c, '2026-10', data({ contacts }), LATER);
    expect(oct.acceptance).toEqual({ phase: 'acceptance', period: 1 });
    expect(rowOf(oct, 'sl')).toMatchObject({ target: 0.4, met: true });
    expect(oct.statement).toEqual({
      fee: '90000.00',
      credits: '0.00',
      earnBack: '0.00',
      bonus: '0.00',
      payable: '90000.00',
    });
    const nov = runJson(c, '2026-11', data({ contacts }), LATER);
    expect(nov.acceptance).toEqual({ phase: 'acceptance', period: 2 });
    expect(rowOf(nov, 'sl').target).toBe(0.6);
    const dec = runJson(c, '2026-12', data({ contacts }), LATER);
    expect(dec.acceptance).toEqual({ phase: 'live', period: null });
    expect(dec.statement?.credits).toBe('2000.00');
  });

  it('a week in a monthly contract gives figures only', () => {
    const c = withBase(`${metrics}credits:\n  at_risk: 10%\n  allocation: { sl: 20% }\n`);
    const doc = runJson(c, '2026-W41', data({ contacts: bad('2026-10') }));
    expect([doc.period, doc.credits, doc.earnBack, doc.bonus, doc.statement]).toEqual([
      '2026-W41',
      null,
      null,
      null,
      null,
    ]);
    expect(rowOf(doc, 'sl')).toMatchObject({ denominator: 1, met: false });
  });
});

describe('reproducibility', () => {
  it('the same inputs and asOf give byte-identical output; another asOf another input digest', () => {
    const c = withBase(slMetric('{ count: as_failure }'));
    const d = data({ contacts: icmiCalls() });
    const a = JSON.stringify(runJson(c, '2026-10', d));
    expect(JSON.stringify(runJson(c, '2026-10', d))).toBe(a);
    expect(runJson(c, '2026-10', d, '2026-11-29T09:00:00+01:00').inputDigest).not.toBe(
      JSON.parse(a).inputDigest,
    );
    expect(JSON.parse(a).asOf).toBe(AS_OF);
  });
});

describe('the running period', () => {
  const sl = `metrics:
  - id: sl
    kind: service_level
    population: { channel: phone }
    threshold: 30s
    target: 80%
`;
  it('says what share of the contacts still expected must meet the threshold, from the forecast', () => {
    // 10 calls so far, 7 within 30 s; 10 more forecast after asOf: (7 + x) / 20 >= 80% → x >= 9 → 90%.
    const calls = Array.from({ length: 10 }, (_, i) =>
      call(`c${i}`, `2026-11-02T09:0${i}:00Z`, i < 7 ? 10 : 60),
    );
    const forecasts = [
      {
        source: 'default',
        intervalStart: at('2026-11-20T09:00:00Z'),
        intervalMinutes: 30,
        channel: 'phone' as const,
        queue: null,
        volume: 10,
        ahtSeconds: null,
      },
    ];
    const row = rowOf(
      runJson(withBase(sl), '2026-11', data({ contacts: calls, forecasts }), '2026-11-15T00:00:00+01:00'),
      'sl',
    );
    expect(row).toMatchObject({
      numerator: 7,
      denominator: 10,
      outlook: { expectedRemaining: 10, basis: 'forecast', requiredShare: 0.9, attainable: true },
    });
  });

  it('from the pace so far without a forecast; a finished period has no outlook', () => {
    const calls = Array.from({ length: 10 }, (_, i) => call(`c${i}`, `2026-11-02T09:0${i}:00Z`, 60));
    // Halfway through November (by real time) with 10 calls, all breached: 10 more expected, 18 needed: out of reach.
    const row = rowOf(
      runJson(withBase(sl), '2026-11', data({ contacts: calls }), '2026-11-16T00:00:00+01:00'),
      'sl',
    );
    expect(row).toMatchObject({
      outlook: { expectedRemaining: 10, basis: 'pace', requiredShare: 1, attainable: false },
    });
    expect(
      rowOf(runJson(withBase(sl), '2026-11', data({ contacts: calls }), '2026-12-02T00:00:00+01:00'), 'sl'),
    ).not.toHaveProperty('outlook');
  });
});
