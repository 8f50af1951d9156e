/**
 * Forecast against actual volume (contract.md, Volume band): per forecast interval and per period, for
 * each channel and queue of the forecast. A population's targets bind only while
 * actual × 100 <= forecast × (100 + tolerance); this shows where a peak lifted a period out of the band.
 */
import { add, compare, type Rational, ratio, rationalFromNumber, times, toNumber, ZERO } from './rational.js';
import type { Contact, Forecast } from './records.js';

/**
 * Whether a forecast row counts for a population naming `channels` and `queues` (contract.md, Volume band):
 * its non-empty channel and queue must each be named; a row without them counts for every population.
 */
export function forecastCounts(
  f: { readonly channel: string | null; readonly queue: string | null },
  channels: readonly string[] | undefined,
  queues: readonly string[] | undefined,
): boolean {
  return (
    (f.channel === null || channels?.includes(f.channel) === true) &&
    (f.queue === null || queues?.includes(f.queue) === true)
  );
}

/**
 * The exact sum of forecast volumes, null for none. Volumes are decimals (`5.1`, `7.9`) and a
 * floating-point sum lands beside their total (19.999999999999996 for 20), which decides the band at its
 * edge: millionths are added in an integer (exact below 2^53), a finer volume as a rational.
 */
export function exactVolume(volumes: Iterable<number>): Rational | null {
  let rows = 0;
  let micro = 0;
  let finer: Rational = ZERO;
  for (const v of volumes) {
    rows++;
    const m = Math.round(v * 1e6);
    if (m / 1e6 === v) micro += m;
    else finer = add(finer, rationalFromNumber(v));
  }
  return rows === 0 ? null : add(ratio(micro, 1e6), finer);
}

/** actual × 100 <= forecast × (100 + tolerance), exactly (tolerance in ppm). */
export function withinVolumeBand(actual: number, forecast: Rational, tolerancePpm: number): boolean {
  return compare(ratio(actual, 1), times(forecast, ratio(1_000_000 + tolerancePpm, 1_000_000))) <= 0;
}

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
  // One group per channel and queue the forecast names; each counts the rows that count for such a
  // population, as the band of a metric does (a row without channel or queue counts for every group).
  const groups = new Map<string, { channel: string | null; queue: string | null }>();
  for (const f of forecasts)
    groups.set(`${f.channel}\u0000${f.queue}`, { channel: f.channel, queue: f.queue });
  const out = [...groups.values()]
    .sort(
      (a, b) =>
        String(a.channel).localeCompare(String(b.channel)) || String(a.queue).localeCompare(String(b.queue)),
    )
    .map((g) => {
      const channels = g.channel === null ? undefined : [g.channel];
      const queues = g.queue === null ? undefined : [g.queue];
      const exact = exactVolume(
        forecasts.filter((f) => forecastCounts(f, channels, queues)).map((f) => f.volume),
      )!;
      const forecast = toNumber(exact);
      const actual = inbound.filter((c) => matches(c, g.channel, g.queue)).length;
      const withinBand = tolerancePpm === null ? null : withinVolumeBand(actual, exact, tolerancePpm);
      return { ...g, forecast, actual, ratio: exact.num > 0n ? actual / forecast : null, withinBand };
    });
  return { intervals, groups: out };
}
