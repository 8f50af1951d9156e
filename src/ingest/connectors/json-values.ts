/**
 * The JSON values of a native file, however the system wrote them: one document (an API response page, a
 * JSON array export), one value per line (NDJSON), or values written back to back without a separator
 * (Kinesis Data Firehose delivers contact records to S3 that way). Each value comes with the line it starts
 * on, and so does each item of a top-level array, so that an error names the record's line. The values pass
 * the same checks as any JSON the ingest reads (json-text.ts: duplicate keys, depth); the file's size is
 * bounded before (read-files.ts).
 */

import { parsedJsonProblem } from '../json-text.js';
import type { RecordError } from '../read-records.js';
import type { ConnectorFile } from './connector.js';
import { itemLines } from './json-file.js';

export interface JsonValueAt {
  readonly line: number;
  readonly value: unknown;
  /** For a top-level array: the line each item starts on. */
  readonly itemLines?: readonly number[];
}

const NL = 10;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Where the top-level value starting at `start` ends (the index after it) and the lines it spans, or -1
 * when the text ends first. Strings are skipped with their escapes.
 */
function valueEnd(text: string, start: number): { end: number; newlines: number } {
  let depth = 0;
  let newlines = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === NL) newlines++;
    else if (ch === QUOTE) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
        else if (s === NL) newlines++;
      }
    } else if (ch === 123 || ch === 91) depth++;
    else if ((ch === 125 || ch === 93) && --depth === 0) return { end: i + 1, newlines };
  }
  return { end: -1, newlines };
}

/** The top-level values of the file; what cannot be read is an error (file, line, reason). */
export function jsonValues(file: ConnectorFile, errors: RecordError[]): JsonValueAt[] {
  const text = file.text;
  const before = errors.length;
  const fail = (line: number, message: string) =>
    errors.push({ file: file.name, line, field: null, message });
  const out: JsonValueAt[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === NL || c === 32 || c === 9 || c === 13 || c === 0xfeff) {
      if (c === NL) line++;
      i++;
      continue;
    }
    if (c !== 123 && c !== 91) {
      const eol = text.indexOf('\n', i);
      const start = text.slice(i, Math.min(i + 20, eol < 0 ? text.length : eol));
      fail(line, `is not a JSON object or array (starts ${JSON.stringify(start)})`);
      return out;
    }
    const startLine = line;
    const { end, newlines } = valueEnd(text, i);
    if (end < 0) {
      fail(startLine, 'the JSON value that starts here never ends (the file is cut short)');
      return out;
    }
    const slice = text.slice(i, end);
    i = end;
    line += newlines;
    let value: unknown;
    try {
      value = JSON.parse(slice);
    } catch (e) {
      fail(startLine, `is not valid JSON (${(e as Error).message})`);
      return out;
    }
    // The lines of a top-level list's items, as the framework finds them for a single document.
    const items = Array.isArray(value) ? itemLines(slice) : undefined;
    const lineOfItem = (k: number) => startLine - 1 + (items?.get(`[${k}]`) ?? 1);
    const problem = parsedJsonProblem(slice, value);
    if (problem !== undefined) {
      fail(problem.item === undefined ? startLine : lineOfItem(problem.item - 1), problem.message);
      continue;
    }
    out.push(
      Array.isArray(value)
        ? { line: startLine, value, itemLines: value.map((_, k) => lineOfItem(k)) }
        : { line: startLine, value },
    );
  }
  if (out.length === 0 && errors.length === before) fail(0, 'is empty: no JSON values');
  return out;
}

/** The records of the values: each array's items (with their lines) and each object by itself. */
export function jsonRecords(values: readonly JsonValueAt[]): { line: number; value: unknown }[] {
  const out: { line: number; value: unknown }[] = [];
  for (const v of values) {
    if (!Array.isArray(v.value)) out.push({ line: v.line, value: v.value });
    else
      for (const [k, item] of v.value.entries()) out.push({ line: v.itemLines?.[k] ?? v.line, value: item });
  }
  return out;
}
