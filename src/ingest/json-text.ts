/**
 * What JSON.parse lets through but a record must not have: a key written twice in one object (JSON.parse
 * keeps the last one silently) and nesting deeper than any record needs (a record is a few levels deep:
 * a contact, its list of events, an event; 100,000 levels only exhaust the stack of whatever walks the
 * value next). `parsedJsonProblem` checks text that JSON.parse (which does not recurse) has parsed, cheaply;
 * `jsonTextProblem` is the full scan, one pass without recursion, that names the problem.
 */

/** Objects and arrays nested deeper than this are refused (a contact with nested events is 3 deep). */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COMMA = 44;
const COLON = 58;

export const tooDeep = (max: number) => `is nested more than ${max} deep`;
export const duplicateKey = (key: string) =>
  `duplicate key ${JSON.stringify(key)}: a key may appear only once`;

export interface JsonProblem {
  readonly message: string;
  /** When the text is an array: the 1-based position of the item the problem is in. */
  readonly item: number | undefined;
  /**
   * The key written twice, as a path within its record (`channel`, `status_events[0].status`); for an
   * array, within the item. Undefined for a problem of nesting.
   */
  readonly field?: string | undefined;
}

/**
 * The first duplicate key or excessive nesting in JSON text, or undefined. Text that is not JSON is left to
 * JSON.parse (this may still report what it finds before the syntax error).
 */
export function jsonTextProblem(text: string, maxDepth = MAX_JSON_DEPTH): JsonProblem | undefined {
  // The keys of each open object (null for an array), innermost last.
  const keys: (Set<string> | null)[] = [];
  // The current key (object) or index (array) of each open object or array, for the path of a duplicate.
  const names: (string | number)[] = [];
  let expectKey = false;
  let item = 0;
  const problem = (message: string, field?: string): JsonProblem => ({
    message,
    item: keys[0] === null ? item : undefined,
    field,
  });
  /** `status_events[0].status`: the path of `key` in the innermost object, from the record down. */
  const pathOf = (key: string): string => {
    let path = '';
    for (let d = keys[0] === null ? 1 : 0; d < names.length - 1; d++) {
      const name = names[d]!;
      path = typeof name === 'number' ? `${path}[${name}]` : path === '' ? name : `${path}.${name}`;
    }
    return path === '' ? key : `${path}.${key}`;
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return undefined;
      if (expectKey) {
        const set = keys[keys.length - 1];
        let key = text.slice(i + 1, end);
        if (key.indexOf('\\') >= 0) {
          try {
            key = JSON.parse(text.slice(i, end + 1)) as string;
          } catch {
            return undefined;
          }
        }
        if (set !== undefined && set !== null) {
          if (set.has(key)) return problem(duplicateKey(key), pathOf(key));
          set.add(key);
          names[names.length - 1] = key;
        }
        expectKey = false;
      }
      i = end + 1;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (keys.length === 0) item = 1;
      if (keys.length >= maxDepth) return problem(tooDeep(maxDepth));
      keys.push(c === OPEN_OBJECT ? new Set() : null);
      names.push(c === OPEN_OBJECT ? '' : 0);
      expectKey = c === OPEN_OBJECT;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      keys.pop();
      names.pop();
      expectKey = false;
    } else if (c === COMMA) {
      if (keys.length === 1) item++;
      const top = keys[keys.length - 1];
      if (top === null) names[names.length - 1] = (names[names.length - 1] as number) + 1;
      expectKey = top !== undefined && top !== null;
    } else if (c === COLON) {
      expectKey = false;
    }
    i++;
  }
  return undefined;
}

/** The index of the quote that closes the string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return -1;
    let slashes = 0;
    for (let k = q - 1; k > start && text.charCodeAt(k) === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return q;
    from = q + 1;
  }
}

/**
 * How deeply a value already parsed nests objects and arrays, walked without recursion: a problem when it
 * goes deeper than `maxDepth`, else undefined (rows handed over as values rather than text).
 */
export function jsonValueProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > maxDepth) return tooDeep(maxDepth);
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const child of children)
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return undefined;
}

/**
 * jsonTextProblem for text already parsed into `value`, at a fraction of its cost on clean input: the value
 * is walked (without recursion) for its depth, its keys and its strings. When the text holds no backslash,
 * every quote in it delimits a key or a string, so it holds twice as many quotes as it writes keys and
 * strings; the value holds each of them too, except the key (and its value) that a duplicate replaced.
 * Equal counts therefore mean no key was written twice. Anything else is left to the full scan, which
 * names the problem.
 */
export function parsedJsonProblem(
  text: string,
  value: unknown,
  maxDepth = MAX_JSON_DEPTH,
): JsonProblem | undefined {
  let strings = 0;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const v = stack.pop();
    const depth = depths.pop()!;
    if (typeof v === 'string') {
      strings++;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth > maxDepth)
      return jsonTextProblem(text, maxDepth) ?? { message: tooDeep(maxDepth), item: undefined };
    if (Array.isArray(v)) {
      for (const child of v) {
        if (typeof child === 'string') strings++;
        else if (child !== null && typeof child === 'object') {
          stack.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      const o = v as Record<string, unknown>;
      for (const k in o) {
        strings++;
        const child = o[k];
        if (typeof child === 'string') strings++;
        else if (child !== null && typeof child === 'object') {
          stack.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  if (text.indexOf('\\') >= 0) return jsonTextProblem(text, maxDepth);
  // Native searches: about a third of JSON.parse's time on a body of 500 contacts, a charCodeAt loop twice that.
  let quotes = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) quotes++;
  return quotes === 2 * strings ? undefined : jsonTextProblem(text, maxDepth);
}
