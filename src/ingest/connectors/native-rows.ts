/**
 * What the telephony connectors (Genesys Cloud, Amazon Connect, Asterisk) hand to the one ingest pipeline:
 * rows in the layout of data.md (snake_case columns, ISO 8601 instants, `type` naming the kind, a contact's
 * status events, surveys and QA evaluations nested in it), each with the file and line of the native input
 * it came from. The pipeline's `normalise` then checks them and pseudonymises the customer, exactly as for a
 * normalised file, so a connector never decides a rule of its own.
 */
import type { RecordError } from '../read-records.js';

/** One data.md row (a contact with its nested records) from a native input. */
export interface NativeRow {
  readonly file: string;
  /** Line of the native file the record starts on (1 for a JSON document read whole). */
  readonly line: number;
  readonly row: Readonly<Record<string, unknown>>;
}

/** What a connector read: rows, the errors (file, line, field, reason) and what it left aside and why. */
export interface NativeRead {
  readonly rows: NativeRow[];
  readonly errors: RecordError[];
  /** Native records read and not mapped, by reason (`RINGNOANSWER: an agent's ring, not a customer's wait`). */
  readonly ignored: Readonly<Record<string, number>>;
}

/** A native file's text and name. */
export interface NativeFile {
  readonly name: string;
  readonly text: string;
}

/** An instant (epoch ms) as data.md writes it: ISO 8601 UTC with milliseconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Counts one ignored native record under its reason. */
export function countIgnored(ignored: Record<string, number>, reason: string): void {
  ignored[reason] = (ignored[reason] ?? 0) + 1;
}

/** Whole seconds, at most millisecond precision, as data.md's handle_seconds writes them. */
export function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}
