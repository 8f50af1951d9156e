/**
 * Canonical contract keys and values back as the contract file writes them, for people comparing versions:
 * `monthlyFeeCents: 12000000` → `monthly_fee: 120000.00`, `target: {unit: 'percent', ppm: 800000}` → `80%`,
 * `thresholdMs: 30000` → `threshold: 30s`, `credits.allocationPpm.csat` → `credits.allocation.csat: 30%`.
 * The canonical form (and its digest) keeps the exact units; this is only how a difference is shown.
 */
import { formatDuration } from '../duration.js';
import { formatCents } from '../money.js';
import { formatPercent } from '../percent.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Unit = 'percent' | 'duration' | 'money' | 'points';

const SUFFIX = /^(.+?)(Ppm|Ms|Cents)$/;
/** Maps whose keys the contract's author chose (metric ids, names): their keys stay as written. */
const MAPS = new Set(['allocationPpm', 'minimumPpm', 'calendars', 'segments', 'population', 'hours']);

const isObject = (v: unknown): v is Record<string, Json> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A target (`{unit: 'percent', ppm}`, `{unit: 'duration', ms}`, …): one value in the contract. */
export function isTarget(v: unknown): v is Record<string, Json> {
  return isObject(v) && typeof v.unit === 'string' && Object.keys(v).length === 2;
}

/** `monthlyFeeCents` → `monthly_fee`, `splitTargets` → `split_targets`; a key of an author's map as it is. */
export function writtenKey(key: string, parent: string | undefined): string {
  if (parent !== undefined && MAPS.has(parent)) return key;
  const base = SUFFIX.exec(key)?.[1] ?? key;
  return base.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The unit of a value from the canonical keys of its path (`allocationPpm`, `rampUpPpm[0]`, `thresholdMs`). */
function unitOf(keys: readonly string[]): Unit | undefined {
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!;
    const m = SUFFIX.exec(key);
    if (m) {
      if (key === 'exceedByPpm') return 'points';
      return m[2] === 'Ppm' ? 'percent' : m[2] === 'Ms' ? 'duration' : 'money';
    }
    const inMap = i > 0 && MAPS.has(keys[i - 1]!);
    if (!key.startsWith('[') && !inMap) return undefined;
  }
  return undefined;
}

function target(t: Record<string, Json>): Json {
  switch (t.unit) {
    case 'percent':
      return formatPercent(t.ppm as number);
    case 'duration':
      return formatDuration(t.ms as number);
    case 'count':
      return `${t.count} incident${t.count === 1 ? '' : 's'}`;
    default:
      return t.value ?? null;
  }
}

/** A canonical value as the contract writes it; objects get their keys as written too. */
export function writtenValue(keys: readonly string[], value: Json): Json {
  if (isTarget(value)) return target(value);
  if (typeof value === 'number') {
    switch (unitOf(keys)) {
      case 'percent':
        return formatPercent(value);
      case 'points':
        return formatPercent(value).slice(0, -1);
      case 'duration':
        return formatDuration(value);
      case 'money':
        return formatCents(value);
      default:
        return value;
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => writtenValue([...keys, `[${i}]`], v));
  if (isObject(value)) {
    const parent = keys.at(-1);
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [writtenKey(k, parent), writtenValue([...keys, k], v)]),
    );
  }
  return value;
}

/**
 * A written value in a line of text: `80%`, `[week, month]`, `{"count":"as_failure","short":"5s"}`; a metric
 * by its kind and target (`average, target 1m30s`).
 */
export function writtenText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.kind === 'string' && typeof value.id === 'string')
    return `${value.kind}, target ${writtenText(value.target)}`;
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object'))
    return `[${value.map((v) => writtenText(v)).join(', ')}]`;
  return JSON.stringify(value);
}
