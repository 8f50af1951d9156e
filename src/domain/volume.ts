/**
 * Forecast against actual volume (contract.md, Volume band): per forecast interval and per period, for
 * each channel and queue of the forecast. A population's targets bind only while
 * actual × 100 <= forecast × (100 + tolerance); this shows where a peak lifted a period out of the band.
 */
import type { Contact, Forecast } from './records.js';

export interface IntervalVolume {
  readonly intervalStart: number;
  readonly intervalMinutes: number;
  readonly channel: string | null;
  readonly queue: string | null;
  readonly forecast: number;
  readonly actual: number;
}

export interface GroupVolume {
  readonly channel: string | null;
  readonly queue: string | null;
  readonly forecast: number;
  /** Contacts of the period with this channel and queue (null matches any). */
  readonly actual: number;
  /** actual / forecast; null without forecast volume. */
  readonly ratio: number | null;
  /** Null when no tolerance is given (no band agreed). */
  readonly withinBand: boolean | null;
}

export interface VolumeComparison {
  readonly intervals: readonly IntervalVolume[];
  readonly groups: readonly GroupVolume[];
}

const matches = (c: Contact, channel: string | null, queue: string | null) =>
  (channel === null || c.channel === channel) && (queue === null || c.queue === queue);

/**
 * Compares the forecast rows of a period with the inbound contacts created in it. `contacts` must be sorted
 * by `createdAt`; `tolerancePpm` is the contract's `forecast_tolerance` (null: no band).
 */
export function compareVolumes(
  forecasts: readonly Forecast[],
  contacts: readonly Contact[],
  tolerancePpm: number | null,
): VolumeComparison {
  const inbound = contacts.filter((c) => c.direction === 'inbound');
  const first = (t: number) => {
    let lo = 0;
    let hi = inbound.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (inbound[mid]!.createdAt < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const intervals = [...forecasts]
    .sort(
      (a, b) =>
        a.intervalStart - b.intervalStart ||
        String(a.channel).localeCompare(String(b.channel)) ||
        String(a.queue).localeCompare(String(b.queue)),
    )
    .map((f) => {
      const end = f.intervalStart + f.intervalMinutes * 60_000;
      let actual = 0;
      for (let i = first(f.intervalStart); i < inbound.length && inbound[i]!.createdAt < end; i++) {
        if (matches(inbound[i]!, f.channel, f.queue)) actual++;
      }
      return {
        intervalStart: f.intervalStart,
        intervalMinutes: f.intervalMinutes,
        channel: f.channel,
        queue: f.queue,
        forecast: f.volume,
        actual,
      };
    });
  const groups = new Map<string, { channel: string | null; queue: string | null; forecast: number }>();
  for (const f of forecasts) {
    const key = `${f.channel}\u0000${f.queue}`;
    const g = groups.get(key) ?? { channel: f.channel, queue: f.queue, forecast: 0 };
    g.forecast += f.volume;
    groups.set(key, g);
  }
  const out = [...groups.values()]
    .sort(
      (a, b) =>
        String(a.channel).localeCompare(String(b.channel)) || String(a.queue).localeCompare(String(b.queue)),
    )
    .map((g) => {
      const actual = inbound.filter((c) => matches(c, g.channel, g.queue)).length;
      // actual × 100 > forecast × (100 + tolerance) leaves the band; compared in integers of ppm.
      const withinBand =
        tolerancePpm === null ? null : actual * 1_000_000 <= g.forecast * (1_000_000 + tolerancePpm);
      return { ...g, actual, ratio: g.forecast > 0 ? actual / g.forecast : null, withinBand };
    });
  return { intervals, groups: out };
}
