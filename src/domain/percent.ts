/**
 * Percentages are exact: `99.5%` is held as 995_000 parts per million, so that judging `80%` compares
 * integers (`numerator × 1e6 >= ppm × denominator`), never rounded floats (kpis.md).
 */
export const PPM = 1_000_000;

const PERCENT = /^(\d{1,3})(?:\.(\d{1,4}))?\s*%$/;

/** `80%` → 800000; undefined when not a percentage in 0..100 with at most four decimals. */
export function parsePercent(text: string): number | undefined {
  const m = PERCENT.exec(text.trim());
  if (!m) return undefined;
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? '').padEnd(4, '0'));
  const ppm = whole * 10_000 + frac;
  return ppm <= 100 * 10_000 ? ppm : undefined;
}

/** A percentage above 100% (a pool of 200%, a factor); same notation, no upper bound. */
export function parseUnboundedPercent(text: string): number | undefined {
  const m = /^(\d{1,6})(?:\.(\d{1,4}))?\s*%$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
}

/** 800000 → `80%`, 995000 → `99.5%`. */
export function formatPercent(ppm: number): string {
  const whole = Math.floor(ppm / 10_000);
  const frac = String(ppm % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return frac === '' ? `${whole}%` : `${whole}.${frac}%`;
}

/** The fraction a percentage stands for, as a float for display and JSON (`0.8`). */
export function percentToFraction(ppm: number): number {
  return ppm / PPM;
}
