/**
 * Money in integer cents (contract.md, Money). Products of fees and percentages run in BigInt so that
 * `0.1 × 0.2 × 100000` is exactly 2000.00; each line is rounded half-up to the cent.
 */
import { PPM } from './percent.js';

export type Cents = number;

const BIG_PPM = BigInt(PPM);

/** Rounds numerator / denominator half-up (both non-negative). */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** cents × ppm₁ × ppm₂ × … / 1e6ⁿ, rounded half-up once at the end. */
export function applyPercents(cents: Cents, ...ppms: readonly number[]): Cents {
  let num = BigInt(cents);
  let den = 1n;
  for (const p of ppms) {
    num *= BigInt(p);
    den *= BIG_PPM;
  }
  return Number(divideHalfUp(num, den));
}

/** cents × numerator / denominator, rounded half-up (the weekly fee is monthly × 12 / 52). */
export function scaleCents(cents: Cents, numerator: number, denominator: number): Cents {
  return Number(divideHalfUp(BigInt(cents) * BigInt(numerator), BigInt(denominator)));
}

/**
 * Shrinks lines pro rata so that they add up to `cap`: each gets floor(line × cap / sum), and the cents
 * left over go one by one to the largest remainders; a tie goes to the line listed first.
 */
export function shrinkProRata(lines: readonly Cents[], cap: Cents): Cents[] {
  const sum = lines.reduce((a, b) => a + b, 0);
  if (sum <= cap) return [...lines];
  const bigSum = BigInt(sum);
  const shares = lines.map((line, index) => {
    const exact = BigInt(line) * BigInt(cap);
    return { index, floor: exact / bigSum, remainder: exact % bigSum };
  });
  let left = cap - shares.reduce((a, s) => a + Number(s.floor), 0);
  const order = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  const out = shares.map((s) => Number(s.floor));
  for (const s of order) {
    if (left <= 0) break;
    out[s.index]! += 1;
    left--;
  }
  return out;
}

/** `12345678` → `"123456.78"`; negative amounts keep their sign. */
export function formatCents(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `"120000.00"` / `120000` / `"1234.5"` → cents; undefined for more than two decimals or non-numbers. */
export function parseCents(value: string | number): Cents | undefined {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
