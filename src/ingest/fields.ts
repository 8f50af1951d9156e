/**
 * Readers for single values of a row, shared by CSV (strings) and NDJSON (JSON values). Each returns the
 * value or records a problem; an empty cell, null or a missing key is unknown (null), never false or zero.
 */
import { daysInMonth, parseInstant } from '../domain/time/instant.js';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v)));

export function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

const LANGUAGE_CACHE = new Map<string, string>();
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * A trimmed, non-empty language value → its normalised BCP 47 tag (`nl`, `pt-BR`), or undefined when it
 * is not a language tag. A file holds a handful of languages in a million rows: each is normalised once.
 */
export function languageTag(v: string): string | undefined {
  const known = LANGUAGE_CACHE.get(v);
  if (known !== undefined) return known;
  if (!LANGUAGE_TAG.test(v)) return undefined;
  const [lang, ...rest] = v.split('-');
  const tag = [lang!.toLowerCase(), ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p))].join('-');
  if (LANGUAGE_CACHE.size < 1000) LANGUAGE_CACHE.set(v, tag);
  return tag;
}

/** Two decimal digits at i, or -1. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The common shapes of an instant, `2026-10-05T08:14:02+02:00` (or `+0200`, `+02`), `…Z` and any with a fraction of a
 * second, read without a regular expression: epoch milliseconds, exactly as parseInstant gives them, or
 * NaN for anything else (another shape, an impossible date, leading or trailing space), which the caller
 * then hands to parseInstant for the answer or the reason.
 */
export function fastInstant(s: string): number {
  return fastInstantAt(s, 0, s.length);
}

/** fastInstant of s[start, end). */
export function fastInstantAt(s: string, start: number, end: number): number {
  if (end - start < 20) return Number.NaN;
  const y1 = digits2(s, start);
  const y2 = digits2(s, start + 2);
  const month = digits2(s, start + 5);
  const day = digits2(s, start + 8);
  const hour = digits2(s, start + 11);
  const minute = digits2(s, start + 14);
  const second = digits2(s, start + 17);
  const t = s.charCodeAt(start + 10);
  if (
    // Years before 100 would take Date.UTC's 1900 + year quirk: leave them to parseInstant.
    y1 < 1 ||
    y2 < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    s.charCodeAt(start + 4) !== 45 ||
    s.charCodeAt(start + 7) !== 45 ||
    (t !== 84 && t !== 116 && t !== 32) ||
    s.charCodeAt(start + 13) !== 58 ||
    s.charCodeAt(start + 16) !== 58
  ) {
    return Number.NaN;
  }
  const year = y1 * 100 + y2;
  // The instants of a file fall on a few days: each day's start is worked out once.
  const dayKey = (year * 100 + month) * 100 + day;
  let dayStart: number;
  if (dayKey === lastDay) dayStart = lastDayStart;
  else {
    if (day > daysInMonth(year, month)) return Number.NaN;
    dayStart = Date.UTC(year, month - 1, day);
    lastDay = dayKey;
    lastDayStart = dayStart;
  }
  let i = start + 19;
  let millis = 0;
  let c = i < end ? s.charCodeAt(i) : -1;
  if (c === 46 || c === 44) {
    // `.5` → 500 ms, `.123456` → 123 ms: the first three digits, padded.
    let count = 0;
    for (i++; i < end; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (count < 3) millis += d * (count === 0 ? 100 : count === 1 ? 10 : 1);
      count++;
    }
    if (count === 0 || count > 9) return Number.NaN;
    c = i < end ? s.charCodeAt(i) : -1;
  }
  let offset = 0;
  if (c === 90 || c === 122) {
    if (i + 1 !== end) return Number.NaN;
  } else if (c === 43 || c === 45) {
    if (i + 3 > end) return Number.NaN;
    const oh = digits2(s, i + 1);
    let om: number;
    if (s.charCodeAt(i + 3) === 58) {
      if (i + 6 !== end) return Number.NaN;
      om = digits2(s, i + 4);
    } else if (i + 3 === end) {
      om = 0; // `+02`, as PostgreSQL writes a whole-hour offset
    } else {
      if (i + 5 !== end) return Number.NaN;
      om = digits2(s, i + 3);
    }
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return Number.NaN;
    offset = (c === 45 ? -1 : 1) * (oh * 60 + om);
  } else {
    return Number.NaN;
  }
  return dayStart + ((hour * 60 + minute - offset) * 60 + second) * 1000 + millis;
}
let lastDay = -1;
let lastDayStart = 0;

/** Row access with problem collection; one per record. */
export class FieldReader {
  readonly problems: FieldProblem[] = [];

  constructor(private readonly row: Readonly<Record<string, unknown>>) {}

  raw(field: string): unknown {
    return this.row[field];
  }

  private fail(field: string, message: string): null {
    this.problems.push({ field, message });
    return null;
  }

  private present(field: string, required: boolean): unknown {
    const v = this.row[field];
    if (isEmpty(v)) {
      if (required) this.fail(field, 'is required');
      return undefined;
    }
    if (typeof v === 'string' && v.includes('\uFFFD')) {
      this.fail(field, `${show(v)} contains bytes that are not UTF-8 (save the file as UTF-8)`);
      return undefined;
    }
    if (typeof v === 'string' && v.includes('\u0000')) {
      this.fail(field, `${show(v)} contains a NUL character`);
      return undefined;
    }
    return v;
  }

  text(field: string, required = false): string | null {
    const v = this.present(field, required);
    if (v === undefined) return null;
    if (typeof v === 'string')
      return v.trim() === '' ? (required ? this.fail(field, 'is required') : null) : v.trim();
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.fail(field, `${show(v)} is not a text value`);
  }

  instant(field: string, required = false): number | null {
    const v = this.present(field, required);
    if (v === undefined) return null;
    if (typeof v !== 'string') return this.fail(field, `${show(v)} is not an ISO 8601 instant`);
    const text = v.trim();
    const r = parseInstant(text);
    if (r.ok) return r.ms;
    // `05-10-2026 08:14`: say first what cannot be guessed (the offset), then how to write it.
    if (
      r.reason === 'is not an ISO 8601 instant' &&
      /\d:\d\d/.test(text) &&
      !/(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/.test(text)
    ) {
      return this.fail(
        field,
        `${show(v)} has no offset and is not ISO 8601 (write e.g. 2026-10-05T08:14:00+02:00)`,
      );
    }
    return this.fail(field, `${show(v)} ${r.reason}`);
  }

  number(
    field: string,
    options: { required?: boolean; min?: number; max?: number; integer?: boolean } = {},
  ): number | null {
    const v = this.present(field, options.required ?? false);
    if (v === undefined) return null;
    const n =
      typeof v === 'number'
        ? v
        : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)
          ? Number(v)
          : Number.NaN;
    if (!Number.isFinite(n)) return this.fail(field, `${show(v)} is not a number`);
    if (options.integer && !Number.isInteger(n)) return this.fail(field, `${show(v)} is not a whole number`);
    // Beyond 2^53 − 1 a double no longer holds every whole number: 2^53 + 1 would be read as 2^53.
    if (options.integer && !Number.isSafeInteger(n))
      return this.fail(
        field,
        `${show(v)} is beyond 2^53 − 1 (${Number.MAX_SAFE_INTEGER}), the largest whole number kept exactly`,
      );
    if (options.min !== undefined && n < options.min)
      return this.fail(field, `${show(v)} is below ${options.min}`);
    if (options.max !== undefined && n > options.max)
      return this.fail(field, `${show(v)} is above ${options.max}`);
    return n;
  }

  boolean(field: string, required = false): boolean | null {
    const v = this.present(field, required);
    if (v === undefined) return null;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      const t = v.trim().toLowerCase();
      if (t === 'true') return true;
      if (t === 'false') return false;
    }
    return this.fail(field, `${show(v)} is not true or false`);
  }

  oneOf<T extends string>(
    field: string,
    allowed: readonly T[],
    options: { required?: boolean; what: string },
  ): T | null {
    const v = this.present(field, options.required ?? false);
    if (v === undefined) return null;
    const t = typeof v === 'string' ? v.trim().toLowerCase() : v;
    if (typeof t === 'string' && (allowed as readonly string[]).includes(t)) return t as T;
    return this.fail(field, `${show(v)} is not ${options.what} (${allowed.join(', ')})`);
  }

  /** A BCP 47 language tag, normalised to lower-case language and upper-case region (`nl`, `pt-BR`). */
  language(field: string): string | null {
    const v = this.text(field);
    if (v === null) return null;
    return languageTag(v) ?? this.fail(field, `${show(v)} is not a language tag (nl, de, en, fr, pt-BR)`);
  }

  /** A second instant must not lie before the first: a negative wait or handling time is impossible. */
  notBefore(field: string, value: number | null, earlierField: string, earlier: number | null): void {
    if (value !== null && earlier !== null && value < earlier) {
      this.fail(field, `${show(this.row[field])} is before ${earlierField} ${show(this.row[earlierField])}`);
    }
  }

  problem(field: string, message: string): void {
    this.fail(field, message);
  }
}
