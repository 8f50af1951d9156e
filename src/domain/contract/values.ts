/**
 * Readers for the single values of a contract file: ids, dates, durations, percentages, money, targets. Each
 * takes the value as YAML/JSON gave it and returns the exact value or a message that quotes what was written
 * (`"30 sec" is not a duration`). The message never carries the path: the caller adds it.
 */
import { isIsoDate, isLocalDateTime } from '../calendar/definition.js';
import { parseDuration } from '../duration.js';
import { quote } from '../issues.js';
import { parsePercent, parseUnboundedPercent } from '../percent.js';
import { isTimeZone } from '../time/zone.js';
import {
  PERIOD_KINDS,
  type PercentTarget,
  type PeriodKind,
  type RetentionUnit,
  type Target,
} from './types.js';

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = (message: string): Parsed<never> => ({ ok: false, message });

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Contract, metric, calendar and segment ids: `acme-customer-service`, `phone-service-level`. */
export function readId(value: unknown): Parsed<string> {
  if (typeof value === 'string' && ID.test(value)) return ok(value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return ok(String(value));
  return fail(
    `${quote(value)} is not an id: use up to 64 letters, digits, "-", "_" and "." (e.g. phone-service-level)`,
  );
}

/** snake_case names of data fields and measures: `channel`, `first_time_right`, `customer_tier`. */
export function readFieldName(value: unknown): Parsed<string> {
  if (typeof value === 'string' && /^[a-z][a-z0-9_]*$/.test(value)) return ok(value);
  return fail(`${quote(value)} is not a field name (snake_case, e.g. first_time_right)`);
}

export function readText(value: unknown): Parsed<string> {
  if (typeof value === 'string' && value.trim() !== '') return ok(value.trim());
  if (typeof value === 'number' || typeof value === 'boolean') return ok(String(value));
  return fail(typeof value === 'string' ? 'is empty' : `${quote(value)} is not a text`);
}

export function readPositiveInteger(value: unknown): Parsed<number> {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return ok(value);
  return fail(`${quote(value)} is not a whole number of at least 1`);
}

export function readDate(value: unknown): Parsed<string> {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  if (typeof text === 'string' && isIsoDate(text)) return ok(text);
  return fail(`${quote(value)} is not a date (YYYY-MM-DD)`);
}

export function readLocalDateTime(value: unknown): Parsed<string> {
  if (typeof value === 'string' && isLocalDateTime(value)) return ok(value);
  return fail(`${quote(value)} is not a local date-time (YYYY-MM-DDTHH:MM, without offset)`);
}

export function readTimeZone(value: unknown): Parsed<string> {
  if (typeof value === 'string' && isTimeZone(value)) return ok(value);
  return fail(`${quote(value)} is not an IANA time zone (e.g. Europe/Amsterdam)`);
}

const supportedCurrencies = new Set<string>(Intl.supportedValuesOf('currency'));

export function readCurrency(value: unknown): Parsed<string> {
  if (typeof value === 'string' && /^[A-Z]{3}$/.test(value) && supportedCurrencies.has(value))
    return ok(value);
  return fail(`${quote(value)} is not an ISO 4217 currency code (3 capital letters, e.g. EUR)`);
}

export function readPeriodKind(value: unknown): Parsed<PeriodKind> {
  if (typeof value === 'string' && (PERIOD_KINDS as readonly string[]).includes(value))
    return ok(value as PeriodKind);
  return fail(`${quote(value)} is not a period (week, month or quarter)`);
}

/** One of a fixed list of words. */
export function readChoice<T extends string>(choices: readonly T[], what: string) {
  return (value: unknown): Parsed<T> => {
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return ok(value as T);
    return fail(`${quote(value)} is not ${what} (${choices.join(', ')})`);
  };
}

/** `24 months`, `1 year`, `90 days`: a whole number of at least 1 and a calendar unit, singular or plural. */
export function readRetention(value: unknown): Parsed<{ count: number; unit: RetentionUnit }> {
  const m = typeof value === 'string' ? /^\s*(\d+)\s*(day|week|month|year)s?\s*$/.exec(value) : null;
  const count = m ? Number(m[1]) : 0;
  if (m && Number.isSafeInteger(count) && count >= 1) return ok({ count, unit: m[2] as RetentionUnit });
  return fail(
    `${quote(value)} is not a period of time (N days, weeks, months or years with N at least 1, e.g. 24 months)`,
  );
}

/** `120000.00`, `"120000.00"`, `120000` → cents; at most 2 decimals, not negative. */
export function readMoney(value: unknown): Parsed<number> {
  let text: string | undefined;
  if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (typeof value === 'string') text = value.trim();
  const m = text === undefined ? null : /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return fail(`${quote(value)} is not an amount of money like 120000.00`);
  const decimals = m[2] ?? '';
  if (decimals.length > 2) return fail(`${quote(value)} has more than 2 decimals`);
  const cents = Number(m[1]) * 100 + Number(decimals.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return fail(`${quote(value)} is too large an amount`);
  return ok(cents);
}

/** A duration (`30s`, `24h`, `2h30m`, `1d`) in ms; a bare `0` is zero. */
export function readDuration(value: unknown): Parsed<number> {
  if (value === 0) return ok(0);
  if (typeof value === 'number')
    return fail(`${quote(value)} is not a duration: write ${value}s or ${value}m`);
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined) return fail(`${quote(value)} is not a duration`);
  return ok(ms);
}

export function readPositiveDuration(value: unknown): Parsed<number> {
  const r = readDuration(value);
  if (r.ok && r.value === 0) return fail(`${quote(value)} is not more than 0s`);
  return r;
}

/** How a number that should have been a percentage is written as one: 0.8 → 80%, 95 → 95%. */
function asPercentText(n: number): string {
  const points = n > 0 && n <= 1 ? Number((n * 100).toFixed(4)) : n;
  return `${points}%`;
}

/** `80%`, `99.5%` → ppm (0..100%). A bare number is refused with the way to write it. */
export function readPercent(value: unknown): Parsed<number> {
  if (typeof value === 'number')
    return fail(`${quote(value)} is not a percentage: write ${asPercentText(value)}`);
  if (typeof value === 'string') {
    const ppm = parsePercent(value);
    if (ppm !== undefined) return ok(ppm);
    if (parseUnboundedPercent(value) !== undefined) return fail(`${quote(value)} is more than 100%`);
  }
  return fail(`${quote(value)} is not a percentage like 80% or 99.5%`);
}

/** A percentage that may exceed 100% (a pool of 200%, a tolerance of 150%). */
export function readUnboundedPercent(value: unknown): Parsed<number> {
  if (typeof value === 'number')
    return fail(`${quote(value)} is not a percentage: write ${asPercentText(value)}`);
  const ppm = typeof value === 'string' ? parseUnboundedPercent(value) : undefined;
  if (ppm === undefined) return fail(`${quote(value)} is not a percentage like 15% or 200%`);
  return ok(ppm);
}

/** A percentage above 0% and at most 100% (ramp-up factors). */
export function readFactor(value: unknown): Parsed<number> {
  const r = readPercent(value);
  if (r.ok && r.value === 0) return fail(`${quote(value)} is not more than 0%`);
  return r;
}

/** A plain decimal number with at most 4 decimals (mean scores, NPS). */
export function readPlainNumber(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const scaled = value * 10_000;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6 ? (value === 0 ? 0 : value) : undefined;
}

/** Percentage points, written as a number: `exceed_by: 5` → 50000 ppm. */
export function readPercentagePoints(value: unknown): Parsed<number> {
  const n = readPlainNumber(value);
  if (n === undefined || n < 0 || n > 100) {
    if (typeof value === 'string' && parsePercent(value) !== undefined)
      return fail(
        `${quote(value)} is not a number of percentage points: write ${value.replace(/\s*%$/, '')}`,
      );
    return fail(`${quote(value)} is not a number of percentage points from 0 to 100 (e.g. 5)`);
  }
  return ok(Math.round(n * 10_000));
}

/** A percentage target (`NN%`), the target of every kind whose `targetUnit` is `percent`. */
export function readPercentTarget(value: unknown): Parsed<Target> {
  const r = readPercent(value);
  return r.ok ? ok<PercentTarget>({ unit: 'percent', ppm: r.value }) : r;
}
