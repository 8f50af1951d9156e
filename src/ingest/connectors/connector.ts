/**
 * A connector reads the files one system exports (or the response pages of its API, saved as files) and
 * maps them onto the normalised rows of data.md: the same rows a normalised NDJSON file holds, with
 * `type` naming the kind. The rows then take the one ingest pipeline (services/ingest.service.ts), which
 * checks every field, pseudonymises personal values and stores them, exactly as for a normalised file;
 * a connector never writes records itself.
 *
 * Each row keeps where it came from (file, line, JSON path, and which native field each normalised
 * field was read from), so that a problem the pipeline finds in a row is reported against the native
 * file: `tickets.json:14 tickets[2].priority: "asap" is not a priority`.
 */
import type { RecordKind } from '../../domain/records.js';
import type { RecordError } from '../read-records.js';

/** The formats `accord ingest --format` takes beside csv and ndjson (interfaces.md). */
export const CONNECTOR_FORMATS = [
  'zendesk',
  'freshdesk',
  'genesys',
  'connect',
  'asterisk',
  'intercom',
] as const;
export type ConnectorFormat = (typeof CONNECTOR_FORMATS)[number];

export function isConnectorFormat(v: string): v is ConnectorFormat {
  return (CONNECTOR_FORMATS as readonly string[]).includes(v);
}

/** One input file, read whole (inputs are bounded before: read-files.ts). */
export interface ConnectorFile {
  /** The path as given; errors name it. */
  readonly name: string;
  readonly text: string;
}

/** Where a mapped row came from. */
export interface Origin {
  readonly file: string;
  /** The line on which the native record starts (1-based), 0 when unknown. */
  readonly line: number;
  /** The native record's JSON path in its file (`tickets[2]`), or '' for a line of text. */
  readonly path: string;
  /** Normalised field → the native field (relative to `path`) it was read from. */
  readonly fields?: Readonly<Record<string, string>>;
}

/** A normalised row (data.md columns, `type` naming its kind) and its origin. */
export interface MappedRow {
  readonly row: Readonly<Record<string, unknown>>;
  readonly origin: Origin;
}

/** What a connector made of its files. */
export interface MappedInput {
  readonly rows: readonly MappedRow[];
  /** Native records that could not be mapped at all (and files that are not this system's). */
  readonly errors: readonly RecordError[];
  /** Native records read: those mapped into rows are counted by the pipeline; these are the others. */
  readonly rejected: number;
  /** Which export or endpoint each file was taken for (the audit log). */
  readonly detected: readonly DetectedFile[];
  /** What the import should say without it being an error (records a system marks deleted, left out). */
  readonly notes?: readonly string[];
}

export interface DetectedFile {
  readonly file: string;
  /** The endpoint or export (`incremental_tickets`, `ticket_metric_events` …). */
  readonly endpoint: string;
}

export interface Connector {
  readonly format: ConnectorFormat;
  /** The system's name in messages and docs. */
  readonly system: string;
  /**
   * Which endpoint or export of this system the file's content is (never its name: pages are saved
   * under any name), or why it is none of them.
   */
  detect(file: ConnectorFile): { readonly endpoint: string } | { readonly problem: string };
  /**
   * The files' records as normalised rows. The files may be several pages of several endpoints in any
   * order: records of one ticket in different files are joined, a record sent twice (overlapping pages
   * of an incremental export) counts once, the latest version winning.
   */
  read(files: readonly ConnectorFile[]): MappedInput;
  /**
   * The source's own SLA verdicts per contact, for systems that compute them (reconciliation,
   * services/reconcile.service.ts); absent for systems that do not.
   */
  verdicts?(files: readonly ConnectorFile[]): readonly SourceVerdict[];
}

/** What the source's own SLA measures, in the contract's terms. */
export type SourceMeasure = 'response' | 'resolution';

/** The source's own verdict on one contact's SLA target. */
export interface SourceVerdict {
  /** The contact's id (as in the mapped rows). */
  readonly contact: string;
  /** First reply (contract kind `response_time`) or resolution (`resolution_time`). */
  readonly measure: SourceMeasure;
  /** The source's name of its metric (`reply_time`, `requester_wait_time`, `fr_escalated`). */
  readonly native: string;
  readonly breached: boolean;
  /** The source's target, when it says: seconds, and whether only its business hours count. */
  readonly targetSeconds: number | null;
  readonly businessHours: boolean | null;
  /** The source's deadline (epoch ms), when it gives one instead of a target (Freshdesk's due dates). */
  readonly deadline: number | null;
  /** The source's policy name (Zendesk's SLA policy title). */
  readonly policy: string | null;
  /** Whether the source paused this metric's clock for the contact; null when it does not say. */
  readonly paused: boolean | null;
}

/**
 * Collects a connector's rows and errors. A row's problems are found later by the pipeline; what the
 * connector itself cannot map (a record without an id, a value of the wrong JSON type) is rejected here,
 * named by file, line, JSON path and field.
 */
export class RowCollector {
  readonly rows: MappedRow[] = [];
  readonly errors: RecordError[] = [];
  rejected = 0;

  add(kind: RecordKind, row: Record<string, unknown>, origin: Origin): void {
    this.rows.push({ row: { type: kind, ...row }, origin });
  }

  /** One native record could not be mapped. `field` is relative to the origin's path. */
  reject(origin: Origin, field: string | null, message: string): void {
    this.rejected++;
    this.problem(origin, field, message);
  }

  /** A problem that rejects nothing by itself (a file that is not of this system). */
  problem(origin: Origin, field: string | null, message: string): void {
    this.errors.push({ file: origin.file, line: origin.line, field: joinPath(origin.path, field), message });
  }

  result(detected: readonly DetectedFile[]): MappedInput {
    return { rows: this.rows, errors: this.errors, rejected: this.rejected, detected };
  }
}

/** `tickets[2]` + `priority` → `tickets[2].priority`; a field alone or the path alone when one is missing. */
export function joinPath(path: string, field: string | null): string | null {
  if (field === null || field === '') return path === '' ? null : path;
  if (path === '') return field;
  return field.startsWith('[') ? `${path}${field}` : `${path}.${field}`;
}

/**
 * A problem the pipeline found in a mapped row (its `line` being the row's position from 1), moved to
 * the native record it came from.
 */
export function relocateError(rows: readonly MappedRow[], e: RecordError): RecordError {
  const mapped = e.line > 0 ? rows[e.line - 1] : undefined;
  if (mapped === undefined) return e;
  const { origin } = mapped;
  const native = e.field === null ? null : (origin.fields?.[e.field] ?? null);
  const field =
    e.field === null
      ? joinPath(origin.path, null)
      : native !== null
        ? joinPath(origin.path, native)
        : `${joinPath(origin.path, null) ?? ''}${origin.path === '' ? '' : ' '}(${e.field})`;
  return { file: origin.file, line: origin.line, field, message: e.message };
}
