import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessClock } from '../../../src/domain/clock.js';
import type { Contract } from '../../../src/domain/contract/types.js';
import {
  atRiskMs,
  dueInstants,
  type LiveContact,
  readClocks,
  realTimeClock,
} from '../../../src/domain/monitor/live-clock.js';
import type { Contact, StatusEvent } from '../../../src/domain/records.js';
import { always, calendarB } from '../../support/calendars.js';
import { contact, data, event, run, withBase } from '../../support/evaluation.js';

const at = (iso: string) => Date.parse(iso);
const live = (c: Contact, events: StatusEvent[] = []): LiveContact => ({ contact: c, events });

const chat = (rest = '') =>
  withBase(`metrics:
  - { id: chat-sl, kind: service_level, population: { channel: [chat] }, threshold: 30s, target: 80%${rest} }
`);

describe('live clocks', () => {
  it('an unanswered chat: at-risk point at 80% of 30 s, deadline at 30 s, breach 1 ms later', () => {
    const c = contact('c1', { created: '2026-11-30T10:00:00Z', channel: 'chat' });
    const [r] = readClocks(chat(), [live(c)], at('2026-11-30T10:00:05Z'));
    expect(r).toMatchObject({
      metric: 'chat-sl',
      state: 'running',
      elapsedMs: 5000,
      atRiskAt: at('2026-11-30T10:00:24Z'),
      deadline: at('2026-11-30T10:00:30Z'),
      breachAt: at('2026-11-30T10:00:30.001Z'),
    });
  });

  it('at_risk_at moves the at-risk point', () => {
    const c = contact('c1', { created: '2026-11-30T10:00:00Z', channel: 'chat' });
    const [r] = readClocks(chat(', at_risk_at: 70%'), [live(c)], at('2026-11-30T10:00:05Z'));
    expect(r?.atRiskAt).toBe(at('2026-11-30T10:00:21Z'));
  });

  it('an answered chat has stopped; an outbound chat, a phone call and an excluded contact have no clock', () => {
    const answered = contact('a', {
      created: '2026-11-30T10:00:00Z',
      channel: 'chat',
      answeredAt: '2026-11-30T10:00:10Z',
    });
    const outbound = contact('o', {
      created: '2026-11-30T10:00:00Z',
      channel: 'chat',
      direction: 'outbound',
    });
    const phone = contact('p', { created: '2026-11-30T10:00:00Z' });
    const readings = readClocks(
      chat(),
      [live(answered), live(outbound), live(phone)],
      at('2026-11-30T10:01:00Z'),
    );
    expect(readings).toHaveLength(1);
    expect(readings[0]).toMatchObject({
      contact: 0,
      state: 'stopped',
      stoppedAt: at('2026-11-30T10:00:10Z'),
      elapsedMs: 10_000,
    });
    const excluded = withBase(`metrics:
  - { id: chat-sl, kind: service_level, population: { channel: [chat] }, threshold: 30s, target: 80% }
exclusions:
  - { from: 2026-11-30T10:00, to: 2026-11-30T12:00, reason: outage }
`);
    const inside = contact('x', { created: '2026-11-30T10:30:00+01:00', channel: 'chat' });
    expect(readClocks(excluded, [live(inside)], at('2026-11-30T10:31:00+01:00'))).toEqual([]);
  });

  it('a response clock pauses in pending_customer: paused now, and the pause moves the deadline once it ends', () => {
    const c = withBase(`metrics:
  - { id: mail, kind: response_time, population: { channel: [email] }, threshold: 4h, target: 90%, clock: { pause_when: [pending_customer] } }
`);
    const mail = contact('m', { created: '2026-11-30T08:00:00Z', channel: 'email' });
    const pending = event('m', 'pending_customer', '2026-11-30T09:00:00Z');
    const [paused] = readClocks(c, [live(mail, [pending])], at('2026-11-30T09:30:00Z'));
    expect(paused).toMatchObject({ state: 'paused', elapsedMs: 3_600_000, deadline: null, atRiskAt: null });
    const reopened = event('m', 'open', '2026-11-30T10:00:00Z');
    const [running] = readClocks(c, [live(mail, [pending, reopened])], at('2026-11-30T10:30:00Z'));
    expect(running).toMatchObject({
      state: 'running',
      elapsedMs: 1.5 * 3_600_000,
      deadline: at('2026-11-30T13:00:00Z'),
      atRiskAt: at('2026-11-30T12:12:00Z'),
    });
  });

  it('on a business calendar: the spec example 1 deadline, and a breach only when the clock runs again', () => {
    const c = withBase(`metrics:
  - { id: mail, kind: response_time, population: { channel: [email] }, threshold: 24h, target: 90%, clock: { calendar: standard } }
`);
    const mail = contact('m', { created: '2026-11-27T21:55:00+01:00', channel: 'email' });
    const [r] = readClocks(c, [live(mail)], at('2026-11-27T22:30:00+01:00'));
    expect(r?.deadline).toBe(at('2026-12-01T17:55:00+01:00'));
    expect(r?.breachAt).toBe(at('2026-12-01T17:55:00.001+01:00'));
    // 9 h ends at the closing instant: a reply before the next opening still meets it.
    const nine = withBase(`metrics:
  - { id: mail, kind: response_time, population: { channel: [email] }, threshold: 9h, target: 90%, clock: { calendar: standard } }
`);
    const early = contact('e', { created: '2026-11-30T13:00:00+01:00', channel: 'email' });
    const [n] = readClocks(nine, [live(early)], at('2026-11-30T13:00:00+01:00'));
    expect(n?.deadline).toBe(at('2026-11-30T22:00:00+01:00'));
    expect(n?.breachAt).toBe(at('2026-12-01T08:00:00.001+01:00'));
  });

  it('agrees with the evaluation: answered at the deadline meets the threshold, at the breach instant misses', () => {
    const c = chat();
    const created = '2026-11-10T10:00:00Z';
    const open = contact('c', { created, channel: 'chat' });
    const [r] = readClocks(c, [live(open)], at(created));
    const answeredAt = (ms: number) =>
      contact('c', { created, channel: 'chat', answeredAt: new Date(ms).toISOString() });
    const rowOf = (x: Contact) =>
      run(c, '2026-11', data({ contacts: [x] }), '2026-12-01T00:00:00Z').result.rows.find(
        (row) => row.id === 'chat-sl',
      );
    expect(rowOf(answeredAt(r!.deadline!))).toMatchObject({ numerator: 1, denominator: 1 });
    expect(rowOf(answeredAt(r!.breachAt!))).toMatchObject({ numerator: 0, denominator: 1 });
  });

  const pausesArb = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 5 * 86_400_000 }), fc.integer({ min: 1, max: 86_400_000 })), {
      maxLength: 3,
    })
    .map((list) => list.flatMap(([from, len]) => [from, from + len]));

  it.each([
    ['real time', realTimeClock],
    ['calendar B', new BusinessClock(calendarB)],
    ['24/7 calendar', new BusinessClock(always)],
  ])(
    '%s: the at-risk point is never after the deadline, the breach is its first instant past (property)',
    (_, clock) => {
      const base = at('2026-11-02T00:00:00Z');
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 30 * 86_400_000 }),
          fc.integer({ min: 1, max: 48 * 3_600_000 }),
          fc.integer({ min: 1, max: 999_999 }),
          pausesArb,
          (offset, threshold, ppm, rel) => {
            const from = base + offset;
            const pauses = rel.map((p) => from + p);
            const d = dueInstants(clock, from, threshold, atRiskMs(threshold, ppm), pauses);
            expect(d.atRiskAt).toBeLessThanOrEqual(d.deadline);
            expect(d.deadline).toBeLessThan(d.breachAt);
            expect(clock.elapsed(from, d.deadline, pauses)).toBe(threshold);
            expect(clock.elapsed(from, d.breachAt, pauses)).toBe(threshold + 1);
            expect(clock.elapsed(from, d.breachAt - 1, pauses)).toBeLessThanOrEqual(threshold);
          },
        ),
        { numRuns: 200 },
      );
    },
  );

  it('real time agrees with a 24/7 business calendar (property)', () => {
    const cal = new BusinessClock(always);
    const base = at('2026-03-20T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 * 86_400_000 }),
        fc.integer({ min: 0, max: 48 * 3_600_000 }),
        pausesArb,
        (offset, target, rel) => {
          const from = base + offset;
          const pauses = rel.map((p) => from + p);
          expect(realTimeClock.deadline(from, target, pauses)).toBe(cal.deadline(from, target, pauses));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a contract without timed metrics has no clocks', () => {
    const c: Contract = withBase(`metrics:
  - { id: csat, kind: mean_score, measure: csat, target: 8.0 }
`);
    expect(
      readClocks(c, [live(contact('a', { created: '2026-11-30T10:00:00Z' }))], at('2026-11-30T10:00:00Z')),
    ).toEqual([]);
  });
});
