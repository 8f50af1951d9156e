/**
 * Readers for single values of a row, shared by CSV (strings) and NDJSON (JSON values). Each returns the
 * value or records a problem; an empty cell, null or a missing key is unknown (null), never false or zero.
 */
import { parseInstant } from '../domain/time/instant.js';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v)));

export function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

const LANGUAGE_CACHE = new Map<string, string>();

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
    // A file holds a handful of languages in a million rows: normalise each once.
    const known = LANGUAGE_CACHE.get(v);
    if (known !== undefined) return known;
    if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v))
      return this.fail(field, `${show(v)} is not a language tag (nl, de, en, fr, pt-BR)`);
    const [lang, ...rest] = v.split('-');
    const tag = [lang!.toLowerCase(), ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p))].join('-');
    if (LANGUAGE_CACHE.size < 1000) LANGUAGE_CACHE.set(v, tag);
    return tag;
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
