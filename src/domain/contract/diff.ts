/**
 * The difference between two contract versions, key by key over their canonical JSON (the signed form).
 * Lists of objects that carry an `id` (metrics) are matched by id, so that inserting a metric shows as one
 * added metric rather than every later metric changed; a changed order of ids is reported on its own.
 * Keys and values are given as the contract writes them (`credits.at_risk`, `80%`, `30s`, `120000.00`),
 * not in the canonical form's exact units (`atRiskPpm`, 800000, 30000, 12000000): see `written.ts`.
 */
import { isTarget, writtenKey, writtenText, writtenValue } from './written.js';

export interface DiffEntry {
  /** `metrics[id=phone-service-level].target`, `monthly_fee`, `report[1]`, `credits.at_risk`. */
  readonly path: string;
  readonly op: 'added' | 'removed' | 'changed' | 'reordered';
  /** As the contract writes it: `80%`, `30s`, `120000.00`; objects with their keys as written. */
  readonly from?: unknown;
  readonly to?: unknown;
  /** The change in one line: `metrics[id=phone-service-level].target: 80% → 85%`. */
  readonly text: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  }
  return false;
}

function idsOf(list: readonly Json[]): string[] | undefined {
  const ids: string[] = [];
  for (const x of list) {
    if (!isObject(x) || typeof x.id !== 'string') return undefined;
    ids.push(x.id);
  }
  return new Set(ids).size === ids.length ? ids : undefined;
}

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** One entry, its values as written; `keys` are the canonical keys of its path (the unit comes from them). */
function entry(
  path: string,
  keys: readonly string[],
  op: DiffEntry['op'],
  values: { from?: Json; to?: Json },
): DiffEntry {
  const from = values.from === undefined ? undefined : writtenValue(keys, values.from);
  const to = values.to === undefined ? undefined : writtenValue(keys, values.to);
  const text =
    op === 'added'
      ? `${path}: added ${writtenText(to)}`
      : op === 'removed'
        ? `${path}: removed (was ${writtenText(from)})`
        : op === 'reordered'
          ? `${path}: order ${writtenText(from)} → ${writtenText(to)}`
          : `${path}: ${writtenText(from)} → ${writtenText(to)}`;
  return {
    path,
    op,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    text,
  };
}

function walk(
  a: Json | undefined,
  b: Json | undefined,
  path: string,
  keys: readonly string[],
  out: DiffEntry[],
): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) return void out.push(entry(path, keys, 'added', { to: b! }));
  if (b === undefined) return void out.push(entry(path, keys, 'removed', { from: a }));
  if (isObject(a) && isObject(b) && !(isTarget(a) && isTarget(b))) {
    const all = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    const parent = keys.at(-1);
    for (const k of all) walk(a[k], b[k], join(path, writtenKey(k, parent)), [...keys, k], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const ia = idsOf(a);
    const ib = idsOf(b);
    if (ia !== undefined && ib !== undefined && (a.length > 0 || b.length > 0)) {
      const byId = (list: Json[]) => new Map(list.map((x) => [(x as { id: string }).id, x]));
      const ma = byId(a);
      const mb = byId(b);
      for (const id of [...new Set([...ia, ...ib])])
        walk(ma.get(id), mb.get(id), `${path}[id=${id}]`, [...keys, `[id=${id}]`], out);
      const common = (ids: string[], other: Map<string, Json>) => ids.filter((id) => other.has(id));
      const oa = common(ia, mb);
      const ob = common(ib, ma);
      if (!same(oa, ob)) out.push(entry(path, [], 'reordered', { from: oa, to: ob }));
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) walk(a[i], b[i], `${path}[${i}]`, [...keys, `[${i}]`], out);
    return;
  }
  if (!same(a, b)) out.push(entry(path, keys, 'changed', { from: a, to: b }));
}

/** Every difference from `a` to `b`, in key order, keys and values as the contract writes them. */
export function diffCanonical(a: unknown, b: unknown): DiffEntry[] {
  const out: DiffEntry[] = [];
  walk(a as Json, b as Json, '', [], out);
  return out;
}
