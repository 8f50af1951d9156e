/**
 * The channels each kind counts (kpis.md, population column; src/domain/kpis/channels.ts): the evaluation,
 * the live clocks, the volume band and the contract reader all follow the one table.
 */
import { describe, expect, it } from 'vitest';
import { formatContractError } from '../../../src/domain/contract/check.js';
import { explainContract } from '../../../src/domain/contract/explain.js';
import { readClocks } from '../../../src/domain/monitor/live-clock.js';
import type { Contact } from '../../../src/domain/records.js';
import { checkContractText } from '../../../src/ingest/contract-text.js';
import { BASE, call, contact, data, rowOf, run, runJson, withBase } from '../../support/evaluation.js';

const at = (iso: string) => Date.parse(iso);

const errorsOf = (metrics: string) => {
  const r = checkContractText(`${BASE}metrics:\n${metrics}`, 'contract.yaml');
  return r.ok ? [] : r.errors.map(formatContractError);
};

describe('a population names a channel its kind never counts: a contract error', () => {
  it('names the metric, the key and the channels the kind counts', () => {
    expect(
      errorsOf(`  - { id: sl, kind: service_level, population: { channel: [phone, email] }, threshold: 30s, target: 80% }
  - { id: reply, kind: response_time, population: { channel: chat }, threshold: 24h, target: 90% }
  - { id: asa, kind: average, measure: wait, population: { channel: web }, target: 20s }
  - { id: aban, kind: abandonment_rate, population: { channel: [email, social] }, target: 5% }
`),
    ).toMatchInlineSnapshot(`
      [
        "metrics[0].population.channel: "email" is never counted by metric "sl": a service_level metric counts phone, chat contacts only (kpis.md) (line 13)",
        "metrics[1].population.channel: "chat" is never counted by metric "reply": a response_time metric counts email, messaging, social, web, other contacts only (kpis.md) (line 14)",
        "metrics[2].population.channel: "web" is never counted by metric "asa": an average metric of wait counts phone, chat contacts only (kpis.md) (line 15)",
        "metrics[3].population.channel: "email", "social" are never counted by metric "aban": an abandonment_rate metric counts phone, chat contacts only (kpis.md) (line 16)",
      ]
    `);
  });

  it('accepts channels inside the kind, and any channel where the kind counts every one', () => {
    expect(
      errorsOf(`  - { id: sl, kind: service_level, population: { channel: chat }, threshold: 30s, target: 80% }
  - { id: reply, kind: response_time, population: { channel: [email, web] }, threshold: 24h, target: 90% }
  - { id: aht, kind: average, measure: handle_time, population: { channel: email }, target: 300s }
  - { id: res, kind: resolution_time, population: { channel: phone }, threshold: 24h, target: 90% }
  - { id: ftr, kind: rate, measure: first_time_right, population: { channel: phone }, target: 80% }
`),
    ).toEqual([]);
  });
});

describe('another target for a channel the metric never counts: a contract error', () => {
  it('names the metric, the channels it counts and the split target that is never judged', () => {
    expect(
      errorsOf(`  - { id: sl, kind: service_level, threshold: 30s, target: 80%, split: [channel], split_targets: { channel: { chat: 70%, email: 60% } } }
  - { id: reply, kind: response_time, population: { channel: email }, threshold: 24h, target: 90%, split: [channel], split_targets: { channel: { web: 80% } } }
  - { id: ok, kind: service_level, population: { channel: phone }, threshold: 30s, target: 80%, split: [channel], split_targets: { channel: { phone: 75% } } }
  - { id: any, kind: rate, measure: first_time_right, target: 80%, split: [channel], split_targets: { channel: { email: 70% } } }
`),
    ).toMatchInlineSnapshot(`
      [
        "metrics[0].split_targets.channel: "email" is never counted by metric "sl", which counts phone, chat contacts only: a target for it is never judged (line 13)",
        "metrics[1].split_targets.channel: "web" is never counted by metric "reply", which counts email contacts only: a target for it is never judged (line 14)",
      ]
    `);
  });
});

describe('contract explain says which channels a metric counts', () => {
  it('a service level and a response time without channel', () => {
    const lines = explainContract(
      withBase(`metrics:
  - { id: sl, kind: service_level, population: { language: de }, threshold: 30s, target: 80% }
  - { id: reply, kind: response_time, threshold: 24h, target: 90% }
`),
    )
      .split('\n')
      .filter((l) => l.startsWith('  sl:') || l.startsWith('  reply:'));
    expect(lines).toEqual([
      expect.stringContaining('at least 80% of inbound phone or chat contacts with language de are answered'),
      expect.stringContaining(
        'at least 90% of e-mail, messaging, social media, web or other-channel contacts get a first response',
      ),
    ]);
  });
});

describe('a metric without channel counts every channel of its kind', () => {
  const contract = withBase(`metrics:
  - { id: sl, kind: service_level, threshold: 30s, target: 80%, split: [channel] }
  - { id: reply, kind: response_time, threshold: 1h, target: 90%, split: [channel] }
  - { id: wait, kind: average, measure: wait, target: 20s }
  - { id: aht, kind: average, measure: handle_time, target: 300s }
`);
  const t = '2026-10-05T10:00:00Z';
  const contacts: Contact[] = [
    call('p', t, 10, 'answered', { handleSeconds: 100 }),
    call('c', t, 40, 'abandoned', { channel: 'chat', handleSeconds: 200 }),
    contact('e', {
      channel: 'email',
      created: t,
      firstResponseAt: '2026-10-05T10:30:00Z',
      handleSeconds: 300,
    }),
    // Answered (a reply) after 2 minutes: no wait in a queue, and in time for a response.
    contact('s', {
      channel: 'social',
      created: t,
      answeredAt: '2026-10-05T10:02:00Z',
      firstResponseAt: '2026-10-05T10:02:00Z',
      handleSeconds: 400,
    }),
    // Neither answered nor abandoned: no queued_without_outcome warning, it waited in no queue.
    contact('w', { channel: 'web', created: t, firstResponseAt: '2026-10-05T12:00:00Z' }),
  ];
  const doc = runJson(contract, '2026-10', data({ contacts }));
  const rows = run(contract, '2026-10', data({ contacts })).result.rows;

  it('queue kinds: phone and chat rows only', () => {
    expect(
      doc.metrics.filter((m) => m.id === 'sl').map((m) => [m.split, m.numerator, m.denominator]),
    ).toEqual([
      [{ channel: 'chat' }, 0, 1],
      [{ channel: 'phone' }, 1, 1],
      [null, 1, 2],
    ]);
    expect(rowOf(doc, 'wait')).toMatchObject({ numerator: 50, denominator: 2 });
    expect(doc.warnings).toEqual([]);
  });

  it('response time: the written channels only', () => {
    expect(
      rows.filter((m) => m.id === 'reply').map((m) => [m.split, m.numerator, m.denominator, m.breaches]),
    ).toEqual([
      [{ channel: 'email' }, 1, 1, []],
      [{ channel: 'social' }, 1, 1, []],
      [{ channel: 'web' }, 0, 1, ['w']],
      [null, 2, 3, ['w']],
    ]);
  });

  it('handle time: every channel', () => {
    expect(rowOf(doc, 'aht')).toMatchObject({ numerator: 1000, denominator: 4 });
  });

  it('the volume band counts a phone forecast for a service level without channel', () => {
    const banded = withBase(`metrics:
  - { id: sl, kind: service_level, threshold: 30s, target: 80% }
volume: { forecast_tolerance: 10% }
`);
    const forecasts = (['phone', 'email'] as const).map((channel) => ({
      source: 'default',
      intervalStart: at(t),
      intervalMinutes: 30,
      channel,
      queue: null,
      volume: 1,
      ahtSeconds: null,
    }));
    expect(rowOf(runJson(banded, '2026-10', data({ contacts, forecasts })), 'sl')).toMatchObject({
      reason: 'volume_band',
      volume: { forecast: 1, actual: 2, withinBand: false },
    });
  });

  it('live clocks: a service level times no e-mail, a response time no call', () => {
    const open = (id: string, channel: Contact['channel']) =>
      contact(id, { channel, created: '2026-11-30T10:00:00Z' });
    const readings = readClocks(
      withBase(`metrics:
  - { id: sl, kind: service_level, threshold: 30s, target: 80% }
  - { id: reply, kind: response_time, threshold: 1h, target: 90% }
`),
      [open('p', 'phone'), open('e', 'email'), open('c', 'chat'), open('m', 'messaging')].map((c) => ({
        contact: c,
        events: [],
      })),
      at('2026-11-30T10:00:05Z'),
    );
    const ids = ['p', 'e', 'c', 'm'];
    expect(readings.map((r) => [r.metric, ids[r.contact]])).toEqual([
      ['sl', 'p'],
      ['sl', 'c'],
      ['reply', 'e'],
      ['reply', 'm'],
    ]);
  });
});

describe('a split by segment resolves a segment as a population does', () => {
  const contract = withBase(`segments:
  premium: { customer_tier: premium }
  vip: { language: en }
metrics:
  - { id: ftr, kind: rate, measure: first_time_right, split: [segment], target: 50% }
  - { id: premium, kind: rate, measure: first_time_right, population: { segment: premium }, target: 50% }
  - { id: vip, kind: rate, measure: first_time_right, population: { segment: vip }, target: 50% }
  - { id: gold, kind: rate, measure: first_time_right, population: { segment: gold }, target: 50% }
`);
  const t = '2026-10-05T10:00:00Z';
  const c = (id: string, ftr: boolean, fields: Partial<Record<keyof Contact, unknown>>) =>
    contact(id, { created: t, firstTimeRight: ftr, ...fields });
  const segmentData = data({
    contacts: [
      // The column says premium, the contract's premium does not hold it: no segment row.
      c('col-premium', true, { segment: 'premium' }),
      // The contract's premium holds it, whatever its column says.
      c('tier-premium', false, { segment: 'gold', attributes: { customer_tier: 'premium' } }),
      // In both contract segments: the first in the contract (premium) is its row.
      c('both', true, { language: 'en', attributes: { customer_tier: 'premium' } }),
      c('vip', true, { language: 'en' }),
      // No contract segment called gold: the column value.
      c('gold', true, { segment: 'gold' }),
    ],
  });
  const doc = runJson(contract, '2026-10', segmentData);

  it('rows agree with the populations of the same name', () => {
    const rows = doc.metrics.filter((m) => m.id === 'ftr');
    expect(rows.map((m) => [m.split, m.numerator, m.denominator])).toEqual([
      [{ segment: 'gold' }, 1, 1],
      [{ segment: 'premium' }, 1, 2],
      [{ segment: 'vip' }, 1, 1],
      [{ segment: null }, 1, 1],
      [null, 4, 5],
    ]);
    const premiumRow = run(contract, '2026-10', segmentData).result.rows.find(
      (r) => r.id === 'ftr' && r.split?.segment === 'premium',
    );
    expect(premiumRow?.breaches).toEqual(['tier-premium']);
    expect(rowOf(doc, 'premium')).toMatchObject({ numerator: 1, denominator: 2 });
    // A population holds every contact in the segment: `both` is in vip's population too.
    expect(rowOf(doc, 'vip')).toMatchObject({ numerator: 2, denominator: 2 });
    // gold by column only: tier-premium's column says gold, and gold is no contract segment.
    expect(rowOf(doc, 'gold')).toMatchObject({ numerator: 1, denominator: 2 });
  });
});
