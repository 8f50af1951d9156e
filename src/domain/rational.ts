/**
 * Exact rationals over BigInt, for judging results against targets without floating-point rounding
 * (kpis.md: "Judging compares exactly"). The base operations live with staffing, which needed them first.
 */
import { type Rational, rational } from './staffing/rational.js';

export { type Rational, rational, rationalFromNumber, toNumber } from './staffing/rational.js';

export const ZERO: Rational = { num: 0n, den: 1n };

export function fromInt(n: number): Rational {
  return { num: BigInt(n), den: 1n };
}

/** n / d for integers. */
export function ratio(n: number, d: number): Rational {
  return rational(BigInt(n), BigInt(d));
}

export function add(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function times(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

export function over(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den, a.den * b.num);
}

/** -1, 0 or 1. */
export function compare(a: Rational, b: Rational): number {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** A percentage in ppm as a fraction of one. */
export function fromPpm(ppm: number): Rational {
  return rational(BigInt(ppm), 1_000_000n);
}
