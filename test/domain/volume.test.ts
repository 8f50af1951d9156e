import { describe, expect, it } from 'vitest';
import type { Forecast } from '../../src/domain/records.js';
import { compareVolumes } from '../../src/domain/volume.js';
import { call } from '../support/evaluation.js';

const at = (iso: string) => Date.parse(iso);
const forecast = (
  start: string,
  channel: Forecast['channel'],
  queue: string | null,
  volume: number,
): Forecast => ({
  source: 'default',
  intervalStart: at(start),
  intervalMinutes: 30,
  channel,
  queue,
  volume,
  ahtSeconds: 180,
});

describe('forecast against actual volume', () => {
  const contacts = [
    call('a', '2026-10-05T09:00:00Z', 5, 'answered', { queue: 'nl' }),
    call('b', '2026-10-05T09:29:59.999Z', 5, 'answered', { queue: 'nl' }),
    call('c', '2026-10-05T09:30:00Z', 5, 'answered', { queue: 'de' }),
    call('d', '2026-10-05T09:31:00Z', 5, 'answered', { queue: 'nl', direction: 'outbound' }),
  ];
  const forecasts = [
    forecast('2026-10-05T09:00:00Z', 'phone', 'nl', 1),
    forecast('2026-10-05T09:30:00Z', 'phone', 'nl', 1),
    forecast('2026-10-05T09:30:00Z', 'phone', null, 1),
  ];

  it('counts inbound contacts per interval, channel and queue; a row without queue counts every queue', () => {
    const r = compareVolumes(forecasts, contacts, 150_000);
    expect(r.intervals.map((i) => [i.queue, i.forecast, i.actual])).toEqual([
      ['nl', 1, 2],
      ['nl', 1, 0],
      [null, 1, 1],
    ]);
  });

  it('gives the period totals and the band verdict: actual × 100 > forecast × (100 + tolerance) leaves it', () => {
    const r = compareVolumes(forecasts, contacts, 150_000);
    // A group counts the rows a metric of its channel and queue counts (contract.md, Volume band): the
    // phone row without queue counts for the nl queue too.
    expect(r.groups).toEqual([
      { channel: 'phone', queue: 'nl', forecast: 3, actual: 2, ratio: 2 / 3, withinBand: true },
      { channel: 'phone', queue: null, forecast: 1, actual: 3, ratio: 3, withinBand: false },
    ]);
    expect(compareVolumes(forecasts, contacts, null).groups[0]?.withinBand).toBeNull();
  });

  it('adds decimal volumes exactly: 5.1 + 5.3 + 7.9 + 1.7 is 20, and 23 contacts are at the 15% edge, inside', () => {
    const rows = [5.1, 5.3, 7.9, 1.7].map((v, i) => forecast(`2026-10-05T0${i}:00:00Z`, 'phone', 'nl', v));
    const calls = Array.from({ length: 23 }, (_, i) =>
      call(`e${i}`, '2026-10-05T01:00:00Z', 5, 'answered', { queue: 'nl' }),
    );
    const [group] = compareVolumes(rows, calls, 150_000).groups;
    expect(group).toMatchObject({ forecast: 20, actual: 23, withinBand: true });
    const over = [...calls, call('e23', '2026-10-05T01:00:00Z', 5, 'answered', { queue: 'nl' })];
    expect(compareVolumes(rows, over, 150_000).groups[0]).toMatchObject({ forecast: 20, withinBand: false });
  });
});
