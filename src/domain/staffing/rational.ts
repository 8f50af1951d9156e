/**
 * Exact rationals (BigInt numerator and denominator) for the few staffing decisions that must not depend on
 * floating-point rounding: whether N agents exceed the traffic A (`N > A`), `ceil(A / max_occupancy)` and
 * `ceil(N / (1 − shrinkage))`. The queueing formulas themselves run in floating point.
 */
export interface Rational {
  readonly num: bigint;
  /** Always positive. */
  readonly den: bigint;
}

const abs = (v: bigint) => (v < 0n ? -v : v);

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError('rational: denominator 0');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

/**
 * The decimal a number was written as: `0.1` → 1/10, `12.5` → 25/2, `1e-7` → 1/10000000. It reads the
 * shortest decimal that round-trips (`String(x)`), so a value parsed from `"0.1"` is exactly one tenth,
 * not the binary fraction nearest to it.
 */
export function rationalFromNumber(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`rational: ${x} is not finite`);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) throw new RangeError(`rational: cannot read ${x}`);
  const frac = m[3] ?? '';
  const exponent = Number(m[4] ?? '0') - frac.length;
  let num = BigInt(`${m[2]}${frac}`);
  let den = 1n;
  if (exponent >= 0) num *= 10n ** BigInt(exponent);
  else den = 10n ** BigInt(-exponent);
  return rational(m[1] === '-' ? -num : num, den);
}

export const mul = (a: Rational, b: Rational): Rational => rational(a.num * b.num, a.den * b.den);
export const div = (a: Rational, b: Rational): Rational => rational(a.num * b.den, a.den * b.num);

/** Largest integer <= r. */
export function floor(r: Rational): bigint {
  const q = r.num / r.den;
  return r.num < 0n && q * r.den !== r.num ? q - 1n : q;
}

/** Smallest integer >= r. */
export function ceil(r: Rational): bigint {
  const q = r.num / r.den;
  return r.num > 0n && q * r.den !== r.num ? q + 1n : q;
}

/** -1, 0 or 1 as r is below, equal to or above the integer n. */
export function compareToInteger(r: Rational, n: bigint): number {
  const d = r.num - n * r.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

const SAFE = 2n ** 53n;

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/** The nearest double (exactly rounded when numerator and denominator fit in 53 bits). */
export function toNumber(r: Rational): number {
  const n = abs(r.num);
  const sign = r.num < 0n ? -1 : 1;
  if (n <= SAFE && r.den <= SAFE) return (sign * Number(n)) / Number(r.den);
  // Scale so that the integer quotient carries 64 significant bits, then divide by the power of two.
  const shift = 64 - (bitLength(n) - bitLength(r.den));
  const q = shift >= 0 ? (n << BigInt(shift)) / r.den : n / (r.den << BigInt(-shift));
  return sign * Number(q) * 2 ** -shift;
}
