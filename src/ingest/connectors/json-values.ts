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

export interface JsonValueAt {
  readonly line: number;
  readonly value: unknown;
  /** For a top-level array: the line each item starts on. */
  readonly itemLines?: readonly number[];
}

const NL = 10;
const QUOTE = 34;
const BACKSLASH = 92;

/** The top-level values of the file; what cannot be read is an error (file, line, reason). */
export function jsonValues(file: ConnectorFile, errors: RecordError[]): JsonValueAt[] {
  const text = file.text;
  const before = errors.length;
  const fail = (line: number, message: string) =>
    errors.push({ file: file.name, line, field: null, message });
  const out: JsonValueAt[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NL) line++;
    if (c === NL || c === 32 || c === 9 || c === 13 || c === 0xfeff) {
      i++;
      continue;
    }
    const startLine = line;
    const start = i;
    const itemLines: number[] = [];
    const isArray = c === 91;
    if (c !== 123 && !isArray) {
      const end = text.indexOf('\n', i);
      fail(
        startLine,
        `is not a JSON object or array (starts ${JSON.stringify(text.slice(i, Math.min(i + 20, end < 0 ? n : end)))})`,
      );
      return out;
    }
    let depth = 0;
    let expectItem = false;
    for (; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch === NL) {
        line++;
        continue;
      }
      if (expectItem && ch !== 32 && ch !== 9 && ch !== 13 && ch !== 93) {
        itemLines.push(line);
        expectItem = false;
      }
      if (ch === QUOTE) {
        for (i++; i < n; i++) {
          const s = text.charCodeAt(i);
          if (s === BACKSLASH) i++;
          else if (s === QUOTE) break;
          else if (s === NL) line++;
        }
        continue;
      }
      if (ch === 123 || ch === 91) {
        depth++;
        if (isArray && depth === 1) expectItem = true;
      } else if (ch === 125 || ch === 93) {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      } else if (ch === 44 && isArray && depth === 1) expectItem = true;
    }
    if (depth !== 0) {
      fail(startLine, 'the JSON value that starts here never ends (the file is cut short)');
      return out;
    }
    const slice = text.slice(start, i);
    let value: unknown;
    try {
      value = JSON.parse(slice);
    } catch (e) {
      fail(startLine, `is not valid JSON (${(e as Error).message})`);
      return out;
    }
    const problem = parsedJsonProblem(slice, value);
    if (problem !== undefined) {
      const at = problem.item === undefined ? startLine : (itemLines[problem.item - 1] ?? startLine);
      fail(at, problem.message);
      continue;
    }
    out.push(isArray ? { line: startLine, value, itemLines } : { line: startLine, value });
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
