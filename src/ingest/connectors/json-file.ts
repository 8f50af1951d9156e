/**
 * A connector's JSON file: parsed with the checks every JSON input gets (json-text.ts: no key written
 * twice, no excessive nesting), and the line on which each item of its lists starts, so that errors name
 * the line as well as the JSON path.
 */
import { parsedJsonProblem } from '../json-text.js';
import type { ConnectorFile } from './connector.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export type ParsedJson =
  | { readonly ok: true; readonly value: unknown; readonly lines: ItemLines }
  | { readonly ok: false; readonly problem: string };

/** The line of `tickets[2]` (an item of a top-level object's list) or `[2]` (of a top-level list). */
export interface ItemLines {
  line(path: string): number;
}

/** Parses once per file: detect and read both ask. */
const PARSED = new WeakMap<ConnectorFile, ParsedJson>();

export function parseJsonFile(file: ConnectorFile): ParsedJson {
  const known = PARSED.get(file);
  if (known !== undefined) return known;
  const parsed = parse(file.text);
  PARSED.set(file, parsed);
  return parsed;
}

function parse(text: string): ParsedJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `is not valid JSON (${(e as Error).message})` };
  }
  const shape = parsedJsonProblem(text, value);
  if (shape !== undefined) return { ok: false, problem: shape.message };
  let lines: Map<string, number> | undefined;
  return {
    ok: true,
    value,
    lines: { line: (path) => (lines ??= itemLines(text)).get(path) ?? 0 },
  };
}

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Lines of the items of the lists at the top of a JSON text: `key[i]` for a list under a top-level key,
 * `[i]` for a top-level list. One pass, no recursion; strings are skipped with their escapes.
 */
export function itemLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let line = 1;
  let depth = 0;
  /** Depth at which the list being indexed is open (1: top-level list; 2: list under a top-level key). */
  let listDepth = -1;
  let listKey = '';
  let index = -1;
  let expectItem = false;
  let lastKey = '';
  let lastString = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (depth === listDepth && expectItem && c !== 93) {
      index++;
      out.set(`${listKey}[${index}]`, line);
      expectItem = false;
    }
    if (c === 34) {
      const start = i + 1;
      i++;
      while (i < text.length && text.charCodeAt(i) !== 34) {
        if (text.charCodeAt(i) === 92) i++;
        i++;
      }
      if (depth === 1) lastString = text.slice(start, i);
      continue;
    }
    if (c === 58 && depth === 1) lastKey = lastString;
    else if (c === 44 && depth === listDepth) expectItem = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (c === 91 && depth === 1 && listDepth === -1) {
        listDepth = 1;
        listKey = '';
        index = -1;
        expectItem = true;
      } else if (c === 91 && depth === 2) {
        listDepth = 2;
        listKey = lastKey;
        index = -1;
        expectItem = true;
      }
    } else if (c === 93 || c === 125) {
      if (depth === listDepth) listDepth = -1;
      depth--;
    }
  }
  return out;
}
