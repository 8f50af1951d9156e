/**
 * A contact's reading on a timed metric's clock (the drill-down's "why it counts") agrees with the
 * evaluation: a contact is in the metric's breaches exactly when its reading is not within the threshold;
 * the pauses are the status intervals the clock pauses in, on the metric's calendar.
 */
import { describe, expect, it } from 'vitest';
import type { Metric } from '../../src/domain/contract/types.js';
import { contactReading, isTimed } from '../../src/domain/kpis/contact-reading.js';
import { contact, data, event, run, withBase } from '../support/evaluation.js';

const c = withBase(`metrics:
  - id: resolution
    kind: resolution_time
    clock: { pause_when: [ pending_customer ] }
    threshold: 4h
    target: 90%
  - id: calls
    kind: service_level
    threshold: 30s
    target: 80%
  - id: office-resolution
    kind: resolution_time
    clock: { calendar: standard }
    threshold: 4h
    target: 90%
`);
const metric = (id: string) => {
  const m = c.metrics.find((x) => x.id === id) as Metric;
  if (!isTimed(m)) throw new Error(`${id} is not timed`);
  return m;
};
const asOf = Date.parse('2026-11-28T08:00:00Z');

// Monday 5 October 2026, Amsterdam (UTC+2).
const fast = contact('T-1', {
  created: '2026-10-05T09:00:00+02:00',
  resolvedAt: '2026-10-05T14:00:00+02:00',
});
const fastEvents = [
  event('T-1', 'open', '2026-10-05T09:00:00+02:00'),
  event('T-1', 'pending_customer', '2026-10-05T10:00:00+02:00'),
  event('T-1', 'open', '2026-10-05T12:00:00+02:00'),
  event('T-1', 'solved', '2026-10-05T14:00:00+02:00'),
];
// Friday 21:00 to Monday 10:00: 61 h of real time, 3 h of office time (Friday 21–22, Monday 08–10).
const slow = contact('T-2', {
  created: '2026-10-09T21:00:00+02:00',
  resolvedAt: '2026-10-12T10:00:00+02:00',
});
const slowEvents = [
  event('T-2', 'open', '2026-10-09T21:00:00+02:00'),
  event('T-2', 'solved', '2026-10-12T10:00:00+02:00'),
];

// Abandoned after 16 s: within the threshold, yet a failure (abandons count as failures by default).
const dropped = contact('T-3', {
  created: '2026-10-06T10:00:00+02:00',
  abandonedAt: '2026-10-06T10:00:16+02:00',
});
const answered = contact('T-4', {
  created: '2026-10-06T11:00:00+02:00',
  answeredAt: '2026-10-06T11:00:45+02:00',
});

describe('contactReading', () => {
  it('judges a call as its kind does: an abandon within the threshold is a failure', () => {
    expect(contactReading(c, metric('calls'), dropped, [], asOf)).toMatchObject({
      stoppedBy: 'abandoned',
      elapsedMs: 16_000,
      within: false,
    });
    expect(contactReading(c, metric('calls'), answered, [], asOf)).toMatchObject({
      stoppedBy: 'answered',
      elapsedMs: 45_000,
      within: false,
    });
    const doc = run(c, '2026-10', data({ contacts: [dropped, answered] }));
    const against = doc.result.rows.filter((r) => r.id === 'calls').flatMap((r) => [...r.breaches]);
    expect(against.sort()).toEqual(['T-3', 'T-4']);
  });

  it('pauses in the statuses of the clock and stops at the resolution', () => {
    const r = contactReading(c, metric('resolution'), fast, fastEvents, asOf);
    expect(r).toMatchObject({
      stoppedBy: 'resolved',
      elapsedMs: 3 * 3_600_000,
      thresholdMs: 4 * 3_600_000,
      within: true,
    });
    expect(r.pauses).toEqual([[Date.parse('2026-10-05T08:00:00Z'), Date.parse('2026-10-05T10:00:00Z')]]);
  });

  it('runs on the metric calendar', () => {
    expect(contactReading(c, metric('resolution'), slow, slowEvents, asOf)).toMatchObject({
      elapsedMs: 61 * 3_600_000,
      within: false,
    });
    // Office hours Mon–Fri 08:00–22:00: Friday 21–22 and Monday 08–10.
    expect(contactReading(c, metric('office-resolution'), slow, slowEvents, asOf)).toMatchObject({
      elapsedMs: 3 * 3_600_000,
      within: true,
    });
  });

  it('agrees with the evaluation: a contact counts against the metric exactly when it is not within', () => {
    const doc = run(
      c,
      '2026-10',
      data({ contacts: [fast, slow], status_events: [...fastEvents, ...slowEvents] }),
    );
    for (const id of ['resolution', 'office-resolution']) {
      const against = doc.result.rows.filter((r) => r.id === id).flatMap((r) => [...r.breaches]);
      for (const [k, events] of [
        [fast, fastEvents],
        [slow, slowEvents],
      ] as const) {
        const reading = contactReading(c, metric(id), k, events, asOf);
        expect(against.includes(k.id), `${id} ${k.id}`).toBe(reading.within === false);
      }
    }
  });
});
