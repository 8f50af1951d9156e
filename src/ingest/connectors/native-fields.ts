/**
 * Reading the fields of a native JSON record (an Amazon Connect contact record, a Genesys conversation) by
 * their documented path, each problem named by that path (`Queue.EnqueueTimestamp: "…" has no offset`).
 */
import { parseInstant } from '../../domain/time/instant.js';
import type { FieldProblem } from '../fields.js';
import { isObject } from './json-file.js';

export class NativeFields {
  readonly problems: FieldProblem[] = [];

  problem(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  /** The object at `key`, or undefined when absent or null; anything else is a problem. */
  object(obj: Record<string, unknown>, key: string, path: string): Record<string, unknown> | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (isObject(v)) return v as Record<string, unknown>;
    this.problem(path, 'is not an object');
    return undefined;
  }

  list(obj: Record<string, unknown>, key: string, path: string): unknown[] {
    const v = obj[key];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    this.problem(path, 'is not a list');
    return [];
  }

  text(obj: Record<string, unknown>, key: string, path: string, required = false): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null || v === '') {
      if (required) this.problem(path, 'is required');
      return undefined;
    }
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    this.problem(path, `${JSON.stringify(v)} is not text`);
    return undefined;
  }

  /** An ISO 8601 instant with offset, as epoch ms. */
  instant(obj: Record<string, unknown>, key: string, path: string, required = false): number | undefined {
    const v = this.text(obj, key, path, required);
    if (v === undefined) return undefined;
    const r = parseInstant(v.trim());
    if (r.ok) return r.ms;
    this.problem(path, `${JSON.stringify(v)} ${r.reason}`);
    return undefined;
  }

  /** A number of at least 0. */
  amount(obj: Record<string, unknown>, key: string, path: string): number | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
    this.problem(path, `${JSON.stringify(v)} is not a number of at least 0`);
    return undefined;
  }
}
