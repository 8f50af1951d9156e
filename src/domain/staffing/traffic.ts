/**
 * Offered traffic: A = volume × AHT / interval, in Erlang (kpis.md, "Staffing"). Kept both as a double for
 * the queueing formulas and as an exact rational for the integer decisions (stability `N > A`, the
 * occupancy cap) so that A = 10 exactly makes 10 agents unstable and `ceil(8.5 / 85%)` is 10, not 11.
 */
import { PPM } from '../percent.js';
import { div, floor, mul, type Rational, rational, rationalFromNumber, toNumber } from './rational.js';

export interface Load {
  /** Contacts offered in the interval (a forecast may be fractional). */
  readonly volume: number;
  readonly intervalSeconds: number;
  /** Average handle time: talk + hold + after-contact work. */
  readonly ahtSeconds: number;
}

export interface Traffic extends Load {
  /** A in Erlang, as a double. */
  readonly erlangs: number;
  /** A exactly, from the decimals the inputs were written as. */
  readonly exact: Rational;
  /** λ, contacts per second. */
  readonly arrivalRate: number;
}

function check(value: number, what: string, allowZero: boolean): void {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0))
    throw new RangeError(`${what} must be ${allowZero ? 'zero or more' : 'more than zero'}, not ${value}`);
}

/**
 * The traffic of a load; `upliftPpm` raises the volume by that share first (300000 = +30%, a campaign
 * peak), exactly: 90 contacts + 30% is 117, not 117.00000000000001. A negative uplift lowers it (at most
 * −100%).
 */
export function trafficOf(load: Load, upliftPpm = 0): Traffic {
  check(load.volume, 'volume', true);
  check(load.intervalSeconds, 'interval', false);
  check(load.ahtSeconds, 'AHT', false);
  if (!Number.isInteger(upliftPpm) || upliftPpm < -PPM) throw new RangeError(`uplift ${upliftPpm} ppm`);
  const volume = mul(rationalFromNumber(load.volume), rational(BigInt(PPM + upliftPpm), BigInt(PPM)));
  const exact = div(
    mul(volume, rationalFromNumber(load.ahtSeconds)),
    rationalFromNumber(load.intervalSeconds),
  );
  const v = toNumber(volume);
  return {
    volume: v,
    intervalSeconds: load.intervalSeconds,
    ahtSeconds: load.ahtSeconds,
    erlangs: toNumber(exact),
    exact,
    arrivalRate: v / load.intervalSeconds,
  };
}

/** Whether `agents` exceed the traffic exactly (`N > A`): Erlang C is defined only then. */
export function isStable(traffic: Traffic, agents: number): boolean {
  return BigInt(agents) > floor(traffic.exact);
}

/** The fewest agents with `N > A`: floor(A) + 1. */
export function minimumStableAgents(traffic: Traffic): number {
  return Number(floor(traffic.exact)) + 1;
}
