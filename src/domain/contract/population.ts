/**
 * Populations (`population:` of a metric, `segments:` of a contract): field → value or list of values.
 * Values are compared as text, so `priority: 1` and `priority: "1"` are the same population. Fields with a
 * fixed vocabulary in data.md (`channel`, `direction`, `priority`, `severity`) only take its words, so that
 * a misspelt channel is an error rather than an empty population.
 */
import { z } from 'zod';
import type { Issue, IssuePath } from '../issues.js';
import { quote } from '../issues.js';
import type { Population } from './types.js';
import { readFieldName } from './values.js';

export const CHANNELS = ['phone', 'email', 'chat', 'messaging', 'social', 'web', 'other'] as const;

/** The fields whose values data.md fixes. */
export const FIELD_VOCABULARY: Readonly<Record<string, readonly string[]>> = {
  channel: CHANNELS,
  direction: ['inbound', 'outbound'],
  priority: ['low', 'normal', 'high', 'urgent'],
  severity: ['critical', 'high', 'normal', 'low'],
};

/** Checks one value of a field against its vocabulary; undefined when fine. */
export function vocabularyProblem(field: string, value: string): string | undefined {
  const words = FIELD_VOCABULARY[field];
  if (!words || words.includes(value)) return undefined;
  return `${quote(value)} is not a ${field} (${words.join(', ')})`;
}

function readValue(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/** Reads a population value, pushing issues with paths relative to it. */
export function readPopulation(input: unknown, issues: Issue[]): Population | undefined {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    issues.push({
      path: [],
      message: `${quote(input)} is not a map of fields to values (e.g. { channel: phone })`,
    });
    return undefined;
  }
  const before = issues.length;
  const out: Record<string, string[]> = {};
  for (const [field, raw] of Object.entries(input)) {
    const name = readFieldName(field);
    if (!name.ok) {
      issues.push({ path: [field], message: name.message });
      continue;
    }
    const list = Array.isArray(raw) ? raw : [raw];
    if (list.length === 0) {
      issues.push({ path: [field], message: 'is an empty list: name at least one value' });
      continue;
    }
    const values = new Set<string>();
    list.forEach((item, i) => {
      const path: IssuePath = Array.isArray(raw) ? [field, i] : [field];
      const text = readValue(item);
      if (text === undefined) {
        issues.push({ path, message: `${quote(item)} is not a value (a text, number or true/false)` });
        return;
      }
      const problem = vocabularyProblem(field, text);
      if (problem) issues.push({ path, message: problem });
      else values.add(text);
    });
    out[field] = [...values].sort();
  }
  return issues.length === before ? out : undefined;
}

/** The population reader as a zod schema, for use inside a strict object. */
export const populationSchema: z.ZodType<Population> = z.unknown().transform((value, ctx) => {
  const issues: Issue[] = [];
  const population = readPopulation(value, issues);
  for (const i of issues)
    ctx.addIssue({ code: 'custom', message: i.message, path: [...i.path], input: value });
  return population ?? z.NEVER;
});
