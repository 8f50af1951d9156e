/**
 * Instants are epoch milliseconds (numbers) everywhere inside Accord. This module turns ISO 8601 text
 * into them and back. Parsing is hand-written because it sits on the ingest hot path and must refuse a
 * value without an offset instead of guessing a zone (data.md).
 */
import { Temporal } from 'temporal-polyfill';
import { dayNumber } from './zone.js';

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

export type InstantParse = { ok: true; ms: number } | { ok: false; reason: string };

/**
 * Parses `2026-10-05T08:14:02+02:00` / `...Z`; the offset may also be written `+0200` or, as PostgreSQL
 * prints it, `+02`. A value without offset is refused, never read as local. The basic format
 * (`20261005T081402Z`), week and ordinal dates are refused too (docs/data-and-store.md).
 */
export function parseInstant(text: string): InstantParse {
  const m = ISO_INSTANT.exec(text);
  if (!m) {
    if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?$/.test(text))
      return { ok: false, reason: 'has no offset' };
    return { ok: false, reason: 'is not an ISO 8601 instant' };
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: 'has no such date' };
  }
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, reason: 'has no such time of day' };
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 23 || om > 59) return { ok: false, reason: 'has an impossible offset' };
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Not Date.UTC: it reads the years 0–99 as 1900–1999.
  const utc = dayNumber(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return { ok: true, ms: utc - offsetMinutes * 60_000 };
}

/** Like parseInstant but throws; for trusted command-line values the caller wraps the message. */
export function instantOrThrow(text: string, what: string): number {
  const r = parseInstant(text);
  if (!r.ok) throw new RangeError(`${what}: "${text}" ${r.reason}`);
  return r.ms;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function formatOffset(offsetNs: number): string {
  const totalMinutes = Math.round(offsetNs / 60e9);
  const sign = totalMinutes < 0 ? '-' : '+';
  const abs = Math.abs(totalMinutes);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/**
 * `2026-12-01T17:55:00+01:00`: the instant in the zone with its offset; milliseconds only when not zero
 * (interfaces.md).
 */
export function formatInstant(ms: number, timeZone: string): string {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);
  const date = `${String(z.year).padStart(4, '0')}-${pad2(z.month)}-${pad2(z.day)}`;
  const frac = z.millisecond === 0 ? '' : `.${String(z.millisecond).padStart(3, '0')}`;
  const time = `${pad2(z.hour)}:${pad2(z.minute)}:${pad2(z.second)}${frac}`;
  return `${date}T${time}${formatOffset(z.offsetNanoseconds)}`;
}
