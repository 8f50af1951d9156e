/**
 * The difference between two contract versions, key by key over their canonical JSON (the signed form).
 * Lists of objects that carry an `id` (metrics) are matched by id, so that inserting a metric shows as one
 * added metric rather than every later metric changed; a changed order of ids is reported on its own.
 */
export interface DiffEntry {
  /** `metrics[id=phone-service-level].target`, `monthlyFeeCents`, `report[1]`. */
  readonly path: string;
  readonly op: 'added' | 'removed' | 'changed' | 'reordered';
  readonly from?: unknown;
  readonly to?: unknown;
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

function walk(a: Json | undefined, b: Json | undefined, path: string, out: DiffEntry[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) return void out.push({ path, op: 'added', to: b });
  if (b === undefined) return void out.push({ path, op: 'removed', from: a });
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk(a[k], b[k], join(path, k), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const ia = idsOf(a);
    const ib = idsOf(b);
    if (ia !== undefined && ib !== undefined && (a.length > 0 || b.length > 0)) {
      const byId = (list: Json[]) => new Map(list.map((x) => [(x as { id: string }).id, x]));
      const ma = byId(a);
      const mb = byId(b);
      for (const id of [...new Set([...ia, ...ib])]) walk(ma.get(id), mb.get(id), `${path}[id=${id}]`, out);
      const common = (ids: string[], other: Map<string, Json>) => ids.filter((id) => other.has(id));
      const oa = common(ia, mb);
      const ob = common(ib, ma);
      if (!same(oa, ob)) out.push({ path, op: 'reordered', from: oa, to: ob });
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (!same(a, b)) out.push({ path, op: 'changed', from: a, to: b });
}

/** Every difference from `a` to `b`, in key order. */
export function diffCanonical(a: unknown, b: unknown): DiffEntry[] {
  const out: DiffEntry[] = [];
  walk(a as Json, b as Json, '', out);
  return out;
}
