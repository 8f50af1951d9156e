/**
 * The charts of a report, drawn as inline SVG (no script, no external file): attainment per period against
 * the target line, and volume against forecast with the band. Plain strings, so the HTML stays
 * self-contained and Chromium prints it as vectors.
 */
import type { TrendPoint, VolumePoint } from './model.js';

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const W = 520;
const H = 130;
const LEFT = 56;
const RIGHT = 12;
const TOP = 14;
const BOTTOM = 28;

const COLOURS = { met: '#2e7d32', missed: '#c62828', unjudged: '#9e9e9e', forecast: '#1565c0' };

interface Scale {
  readonly lo: number;
  readonly hi: number;
}

function scaleOf(values: readonly number[], clampUnit: boolean): Scale {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const pad = hi - lo === 0 ? Math.max(Math.abs(hi) * 0.1, clampUnit ? 0.05 : 1) : (hi - lo) * 0.15;
  lo -= pad;
  hi += pad;
  if (clampUnit) {
    lo = Math.max(0, lo);
    hi = Math.min(1, hi);
    if (hi <= lo) hi = lo + 0.01;
  }
  if (!clampUnit && Math.min(...values) >= 0) lo = Math.max(0, lo);
  return { lo, hi };
}

const yOf = (s: Scale, v: number) => TOP + (H - TOP - BOTTOM) * (1 - (v - s.lo) / (s.hi - s.lo));
const f = (n: number) => n.toFixed(1);

function frame(label: string, body: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(label)}">${body.join('')}</svg>`;
}

function axis(s: Scale, format: (v: number) => string): string[] {
  const out: string[] = [];
  const mid = (s.lo + s.hi) / 2;
  // A middle tick that reads like an end (counts: 0, 0.5, 1) says nothing.
  const ticks = [format(s.lo), format(s.hi)].includes(format(mid)) ? [s.lo, s.hi] : [s.lo, mid, s.hi];
  for (const v of ticks) {
    const y = yOf(s, v);
    out.push(
      `<line x1="${LEFT}" x2="${W - RIGHT}" y1="${f(y)}" y2="${f(y)}" stroke="#e0e0e0" stroke-width="1"/>`,
      `<text x="${LEFT - 4}" y="${f(y + 3)}" text-anchor="end" font-size="9" fill="#555">${escapeXml(format(v))}</text>`,
    );
  }
  return out;
}

function slots(n: number): { x: (i: number) => number; width: number } {
  const step = (W - LEFT - RIGHT) / Math.max(1, n);
  return { x: (i) => LEFT + step * i + step * 0.2, width: step * 0.6 };
}

function periodLabels(periods: readonly string[]): string[] {
  const { x, width } = slots(periods.length);
  return periods.map(
    (p, i) =>
      `<text x="${f(x(i) + width / 2)}" y="${H - 10}" text-anchor="middle" font-size="9" fill="#333">${escapeXml(p)}</text>`,
  );
}

/** The value per period as a line of points (coloured by verdict, provisional ones hollow) and the target line. */
export function attainmentChart(
  points: readonly TrendPoint[],
  options: { label: string; targetLabel: string; format: (v: number) => string; percentage: boolean },
): string {
  const values = points.flatMap((p) => (p.value === null ? [p.target] : [p.value, p.target]));
  if (values.length === 0) return '';
  const s = scaleOf(values, options.percentage);
  const { x, width } = slots(points.length);
  const body = axis(s, options.format);
  // The value as a line through the periods, each point coloured by its verdict (hollow: provisional).
  const known = points.flatMap((p, i) => (p.value === null ? [] : [{ p, i, y: yOf(s, p.value) }]));
  if (known.length > 1)
    body.push(
      `<path class="value" d="${known.map((k, j) => `${j === 0 ? 'M' : 'L'}${f(x(k.i) + width / 2)},${f(k.y)}`).join(' ')}" fill="none" stroke="#546e7a" stroke-width="1.5"/>`,
    );
  for (const { p, i, y } of known) {
    const colour = p.met === null ? COLOURS.unjudged : p.met ? COLOURS.met : COLOURS.missed;
    body.push(
      `<circle class="point" data-period="${escapeXml(p.period)}" cx="${f(x(i) + width / 2)}" cy="${f(y)}" r="4" fill="${p.provisional ? '#fff' : colour}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${f(x(i) + width / 2)}" y="${f(y - 7)}" text-anchor="middle" font-size="9" fill="#222">${escapeXml(options.format(p.value!))}</text>`,
    );
  }
  // The target as a line through the periods (it may change between versions or with a ramp-up).
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${f(x(i) - width * 0.3)},${f(yOf(s, p.target))}h${f(width * 1.6)}`)
    .join(' ');
  body.push(
    `<path class="target" d="${path}" fill="none" stroke="#000" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    `<text x="${W - RIGHT}" y="${f(yOf(s, points[points.length - 1]!.target) - 3)}" text-anchor="end" font-size="9" fill="#000">${escapeXml(options.targetLabel)}</text>`,
    ...periodLabels(points.map((p) => p.period)),
  );
  return frame(options.label, body);
}

/** Actual volume per period as bars, the forecast as a line with the band above it shaded. */
export function volumeChart(
  points: readonly VolumePoint[],
  options: {
    label: string;
    bandLabel: string;
    tolerancePpm: number | null;
    format: (v: number) => string;
  },
): string {
  const limit = (p: VolumePoint) =>
    p.forecast === null || options.tolerancePpm === null
      ? null
      : (p.forecast * (1_000_000 + options.tolerancePpm)) / 1_000_000;
  const values = points.flatMap((p) =>
    [p.actual, p.forecast, limit(p)].filter((v): v is number => v !== null),
  );
  if (values.length === 0) return '';
  const s = scaleOf([0, ...values], false);
  const base = yOf(s, s.lo);
  const { x, width } = slots(points.length);
  const body = axis(s, options.format);
  points.forEach((p, i) => {
    const top = limit(p);
    if (p.forecast !== null && top !== null)
      body.push(
        `<rect class="band" x="${f(x(i) - width * 0.3)}" y="${f(yOf(s, top))}" width="${f(width * 1.6)}" height="${f(yOf(s, p.forecast) - yOf(s, top))}" fill="#bbdefb" opacity="0.7"/>`,
      );
    const y = yOf(s, p.actual);
    const over = top !== null && p.actual > top;
    body.push(
      `<rect class="bar" data-period="${escapeXml(p.period)}" x="${f(x(i))}" y="${f(y)}" width="${f(width)}" height="${f(base - y)}" fill="${over ? COLOURS.missed : '#78909c'}"/>`,
      `<text x="${f(x(i) + width / 2)}" y="${f(y - 3)}" text-anchor="middle" font-size="9" fill="#222">${escapeXml(options.format(p.actual))}</text>`,
    );
    if (p.forecast !== null)
      body.push(
        `<line class="forecast" x1="${f(x(i) - width * 0.3)}" x2="${f(x(i) + width * 1.3)}" y1="${f(yOf(s, p.forecast))}" y2="${f(yOf(s, p.forecast))}" stroke="${COLOURS.forecast}" stroke-width="2"/>`,
      );
  });
  body.push(
    `<text x="${W - RIGHT}" y="${TOP}" text-anchor="end" font-size="9" fill="${COLOURS.forecast}">${escapeXml(options.bandLabel)}</text>`,
    ...periodLabels(points.map((p) => p.period)),
  );
  return frame(options.label, body);
}
