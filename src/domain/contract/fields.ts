/**
 * Zod as the walker of a contract's structure: strict objects (a misspelt key is an error that names it and
 * suggests the key meant), lists and maps, with the leaves read by the readers of `values.ts`. Every issue
 * comes back as ours, with its full path, and zod collects all of them, not just the first.
 */
import { z } from 'zod';
import { valueAt } from '../calendar/definition.js';
import { type Issue, quote } from '../issues.js';
import type { Parsed } from './values.js';

/** A leaf read by one of our readers; its message becomes the issue's. */
export function leaf<T>(read: (value: unknown) => Parsed<T>): z.ZodType<T> {
  return z.unknown().transform((value, ctx) => {
    const r = read(value);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.message, input: value });
    return z.NEVER;
  });
}

/** A key that must be given; `missing` explains what it is for (the SMART rule). */
export function required<T>(schema: z.ZodType<T>, missing = 'is required'): z.ZodType<T> {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (value === undefined) ctx.addIssue({ code: 'custom', message: missing, input: value });
      else if (value === null)
        ctx.addIssue({ code: 'custom', message: `has no value: it ${missing}`, input: value });
    })
    .pipe(schema);
}

/** A key that may be left out; `null` (an empty YAML value) counts as left out. */
export function optional<T>(schema: z.ZodType<T>): z.ZodType<T | undefined> {
  return z.preprocess((v) => (v === null ? undefined : v), schema.optional()) as z.ZodType<T | undefined>;
}

/** A key that is known but has no meaning here: an error whenever it is given. */
export function forbidden(message: string): z.ZodType<undefined> {
  return optional(leaf<undefined>(() => ({ ok: false, message })));
}

const KNOWN = '\u0000known:';

/** A strict object: a key outside `shape` is an error at that key, with a suggestion. */
export function strict<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `${KNOWN}${known.join(',')}` : undefined),
  });
}

/** A list; a single value stands for a list of one (`pause_when: pending_customer`). */
export function listOf<T>(item: z.ZodType<T>, options: { nonEmpty?: boolean } = {}): z.ZodType<T[]> {
  const list = z.array(item).superRefine((items, ctx) => {
    if (options.nonEmpty && items.length === 0) ctx.addIssue({ code: 'custom', message: 'is an empty list' });
  });
  return z.preprocess(
    (v) => (v !== undefined && v !== null && !Array.isArray(v) && typeof v !== 'object' ? [v] : v),
    list,
  );
}

/** The edit distance of two keys, to suggest the key a typo meant. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const scored = known
    .map((k) => ({ k, d: distance(key.toLowerCase(), k) }))
    .filter(({ k, d }) => d <= Math.max(1, Math.floor(k.length / 3)))
    .sort((a, b) => a.d - b.d);
  if (scored[0]) return `is not a known key (did you mean ${scored[0].k}?)`;
  return `is not a known key (known keys: ${known.join(', ')})`;
}

function expected(e: string): string {
  if (e === 'object' || e === 'record') return 'a map of keys to values';
  if (e === 'array') return 'a list';
  return `a ${e}`;
}

/** Zod's issues as ours; `input` is the value that was parsed, to quote the offending value. */
export function toIssues(error: z.ZodError, input: unknown): Issue[] {
  const issues: Issue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = issue.message.startsWith(KNOWN) ? issue.message.slice(KNOWN.length).split(',') : [];
      for (const key of issue.keys)
        issues.push({ path: [...path, key], message: unknownKeyMessage(key, known) });
      continue;
    }
    if (issue.code === 'custom') {
      issues.push({ path, message: issue.message });
      continue;
    }
    const value = valueAt(input, path);
    if (value === undefined) issues.push({ path, message: 'is required' });
    else if (issue.code === 'invalid_type')
      issues.push({ path, message: `${quote(value)} is not ${expected(issue.expected)}` });
    else issues.push({ path, message: `${quote(value)}: ${issue.message}` });
  }
  return issues;
}

/** Runs a schema on a value; issues get `prefix` in front of their paths. */
export function run<T>(
  schema: z.ZodType<T>,
  value: unknown,
  prefix: readonly (string | number)[],
  issues: Issue[],
): T | undefined {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  for (const i of toIssues(r.error, value)) issues.push({ path: [...prefix, ...i.path], message: i.message });
  return undefined;
}

/** A value read by a hand-written function that reports issues with paths relative to the value. */
export function custom<T>(read: (value: unknown, issues: Issue[]) => T | undefined): z.ZodType<T> {
  return z.unknown().transform((value, ctx) => {
    const issues: Issue[] = [];
    const result = read(value, issues);
    for (const i of issues)
      ctx.addIssue({ code: 'custom', message: i.message, path: [...i.path], input: value });
    return issues.length > 0 || result === undefined ? z.NEVER : result;
  });
}
