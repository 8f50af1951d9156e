/**
 * Small readers of native values shared by the connectors: ids written as numbers or strings, epoch
 * seconds, ISO instants shifted by a duration, and the walk over the items of a page's list with their
 * origin. The values are passed on as written wherever the normalised field takes them; the pipeline
 * checks them (fields.ts) and names the native field when one is wrong.
 */
import type { ConnectorFile, Origin, RowCollector } from './connector.js';
import { isObject, type JsonObject, parseJsonFile } from './json-file.js';

/** An id written as a whole number or a non-empty string, as text; undefined otherwise. */
export function idOf(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return undefined;
}

/** A value that is absent or null: unknown. */
export const absent = (v: unknown): v is null | undefined => v === undefined || v === null;

/** Epoch seconds (Intercom, Asterisk) → ISO 8601 UTC; undefined when not a number. */
export function isoFromSeconds(v: unknown): string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  const ms = Math.round(v * 1000);
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : undefined;
}

/** Epoch milliseconds of an ISO instant as the source writes it (always with Z or an offset), or NaN. */
export function msOf(v: unknown): number {
  return typeof v === 'string' ? Date.parse(v) : Number.NaN;
}

/** An ISO instant plus whole seconds, as ISO UTC; undefined when either is unusable. */
export function plusSeconds(iso: unknown, seconds: unknown): string | undefined {
  const ms = msOf(iso);
  if (Number.isNaN(ms) || typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)
    return undefined;
  return new Date(ms + seconds * 1000).toISOString();
}

/** Whether ISO instant `a` is after `b` (false when either is not an instant). */
export function later(a: unknown, b: unknown): boolean {
  const x = msOf(a);
  const y = msOf(b);
  return !Number.isNaN(x) && !Number.isNaN(y) && x > y;
}

/** A page's list: `key` of the top-level object, or the top-level list itself when key is ''. */
export function pageList(file: ConnectorFile, key: string): unknown[] | undefined {
  const parsed = parseJsonFile(file);
  if (!parsed.ok) return undefined;
  const v = key === '' ? parsed.value : isObject(parsed.value) ? parsed.value[key] : undefined;
  return Array.isArray(v) ? v : undefined;
}

/**
 * Each object of a page's list with its origin; an item that is not an object is rejected, named by its
 * path.
 */
export function* pageItems(
  file: ConnectorFile,
  key: string,
  out: RowCollector,
): Generator<{ item: JsonObject; origin: Origin }> {
  const parsed = parseJsonFile(file);
  const list = pageList(file, key);
  if (!parsed.ok || list === undefined) return;
  for (let i = 0; i < list.length; i++) {
    const path = `${key}[${i}]`;
    const origin: Origin = { file: file.name, line: parsed.lines.line(path), path };
    const item = list[i];
    if (!isObject(item)) out.reject(origin, null, 'is not a JSON object');
    else yield { item, origin };
  }
}

/** The first item of a page's list as an object, for detection; undefined for an empty list. */
export function firstItem(file: ConnectorFile, key: string): JsonObject | undefined {
  const first = pageList(file, key)?.[0];
  return isObject(first) ? first : undefined;
}

/** Whether an object has every one of the keys (detection by shape). */
export function hasKeys(o: JsonObject | undefined, keys: readonly string[]): boolean {
  return o !== undefined && keys.every((k) => k in o);
}

/**
 * Keeps one version of each record by id: the one `newer` prefers (the latest update of an incremental
 * export, whose pages overlap), the first met when they tie.
 */
export class Latest<T> {
  private readonly byId = new Map<string, T>();

  constructor(private readonly newer: (candidate: T, kept: T) => boolean) {}

  put(id: string, value: T): void {
    const kept = this.byId.get(id);
    if (kept === undefined || this.newer(value, kept)) this.byId.set(id, value);
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  values(): IterableIterator<T> {
    return this.byId.values();
  }

  entries(): IterableIterator<[string, T]> {
    return this.byId.entries();
  }
}

/** A text attribute from a value written as text, number or boolean; lists joined by spaces (tags). */
export function attributeText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
    return v.length === 0 ? undefined : v.join(' ');
  return undefined;
}

/** The row without its undefined values (an absent native value is an empty cell). */
export function defined(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in row) if (row[k] !== undefined) out[k] = row[k];
  return out;
}
