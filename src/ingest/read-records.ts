/**
 * Files → batches of normalised records and of errors that name file, line, field and reason. CSV and
 * NDJSON stream; nothing is dropped silently: a bad row becomes an error, an unknown column an attribute
 * or a warning.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { RECORD_KINDS, type RecordKind, type RecordKinds } from '../domain/records.js';
import { readCsvRecords } from './csv-reader.js';
import { type NormaliseContext, normalise, unusedColumns } from './normalise.js';

export interface RecordError {
  readonly file: string;
  /** Physical line on which the bad record starts (0 for a problem with the whole file). */
  readonly line: number;
  readonly field: string | null;
  readonly message: string;
}

export interface ReadRecord<K extends RecordKind = RecordKind> {
  readonly kind: K;
  readonly line: number;
  readonly record: RecordKinds[K];
}

export interface RecordBatch {
  readonly records: ReadRecord[];
  readonly errors: RecordError[];
  /** Records read so far in this file, good and bad, nested ones included (for progress). */
  readonly read: number;
  /** Records of this batch that were rejected (a record with several bad fields counts once). */
  readonly rejected: number;
  readonly bytes: number;
}

export type InputFormat = 'csv' | 'ndjson';

export interface ReadOptions {
  readonly file: string;
  readonly format: InputFormat;
  /** For CSV and for NDJSON lines without `type`. */
  readonly kind: RecordKind | undefined;
  readonly context: NormaliseContext;
  readonly warn?: (message: string) => void;
}

/** `contacts-2026-10.csv` → contacts; `status_events.ndjson` → status_events. */
export function kindFromFileName(file: string): RecordKind | undefined {
  const name = basename(file).toLowerCase();
  return [...RECORD_KINDS].sort((a, b) => b.length - a.length).find((k) => name.startsWith(k));
}

export function formatFromFileName(file: string): InputFormat | undefined {
  const name = basename(file).toLowerCase();
  if (name.endsWith('.csv') || name.endsWith('.tsv') || name.endsWith('.txt')) return 'csv';
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl') || name.endsWith('.json')) return 'ndjson';
  return undefined;
}

/** `Created At` → `created_at`; headers are snake_case by contract but spreadsheets drift. */
export function columnName(header: string): string {
  return header
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');
}

const TYPE_ALIASES: Record<string, RecordKind> = Object.fromEntries(
  RECORD_KINDS.flatMap((k) => [
    [k, k],
    [k.replace(/s$/, ''), k],
  ]),
);
const NESTED: readonly RecordKind[] = ['status_events', 'surveys', 'qa_evaluations'];

function bytesOf(stream: ReturnType<typeof createReadStream>): number {
  return stream.bytesRead;
}

async function* readCsv(opts: ReadOptions): AsyncGenerator<RecordBatch> {
  const kind = opts.kind;
  if (kind === undefined) {
    yield {
      records: [],
      errors: [
        {
          file: opts.file,
          line: 0,
          field: null,
          message:
            'unknown kind of records: name the file after its kind (contacts.csv, surveys.csv …) or pass --kind',
        },
      ],
      read: 0,
      rejected: 0,
      bytes: 0,
    };
    return;
  }
  const stream = createReadStream(opts.file, { highWaterMark: 1 << 20 });
  let header: string[] | undefined;
  let read = 0;
  for await (const batch of readCsvRecords(stream)) {
    const records: ReadRecord[] = [];
    const errors: RecordError[] = [];
    let rejected = 0;
    for (const rec of batch) {
      if (header === undefined) {
        header = rec.values.map(columnName);
        const problem = headerProblem(header);
        if (problem) {
          yield {
            records: [],
            errors: [{ file: opts.file, line: rec.line, field: null, message: problem }],
            read,
            rejected: 0,
            bytes: bytesOf(stream),
          };
          stream.destroy();
          return;
        }
        const unused = unusedColumns(kind, header);
        if (unused.length > 0)
          opts.warn?.(
            `${opts.file}: column${unused.length > 1 ? 's' : ''} ${unused.join(', ')} not used for ${kind}`,
          );
        continue;
      }
      read++;
      if (rec.values.length !== header.length) {
        errors.push({
          file: opts.file,
          line: rec.line,
          field: null,
          message: `has ${rec.values.length} values, the header has ${header.length}`,
        });
        rejected++;
        continue;
      }
      const row: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) row[header[i]!] = rec.values[i]!;
      const r = normalise(kind, row, opts.context);
      if (r.ok) records.push({ kind, line: rec.line, record: r.record });
      else {
        rejected++;
        for (const p of r.problems)
          errors.push({ file: opts.file, line: rec.line, field: p.field, message: p.message });
      }
    }
    yield { records, errors, read, rejected, bytes: bytesOf(stream) };
  }
  if (header === undefined) {
    yield {
      records: [],
      errors: [{ file: opts.file, line: 0, field: null, message: 'is empty: no header line' }],
      read: 0,
      rejected: 0,
      bytes: 0,
    };
  }
}

function headerProblem(header: readonly string[]): string | undefined {
  const empty = header.indexOf('');
  if (empty >= 0) return `header: column ${empty + 1} has no name`;
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) return `header: column ${h} appears twice`;
    seen.add(h);
  }
  return undefined;
}

async function* readNdjson(opts: ReadOptions): AsyncGenerator<RecordBatch> {
  const stream = createReadStream(opts.file, { highWaterMark: 1 << 20 });
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let lineNo = 0;
  let read = 0;
  let rejected = 0;
  const handle = (text: string, records: ReadRecord[], errors: RecordError[]) => {
    lineNo++;
    const trimmed = text.trim();
    if (trimmed === '') return;
    read++;
    const fail = (field: string | null, message: string) =>
      errors.push({ file: opts.file, line: lineNo, field, message });
    const reject = (field: string | null, message: string) => {
      rejected++;
      fail(field, message);
    };
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      reject(null, `is not valid JSON (${(e as Error).message})`);
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      reject(null, 'is not a JSON object');
      return;
    }
    const obj = value as Record<string, unknown>;
    let kind = opts.kind;
    if (obj.type !== undefined) {
      kind = typeof obj.type === 'string' ? TYPE_ALIASES[obj.type.toLowerCase()] : undefined;
      if (!kind)
        return void reject(
          'type',
          `${JSON.stringify(obj.type)} is not a kind of record (${RECORD_KINDS.join(', ')})`,
        );
    }
    if (!kind)
      return void reject('type', 'is required: the file name does not say which kind of records it holds');
    // A contact may carry its status events, surveys and QA evaluations; each counts as a record read.
    const nestedLists: [RecordKind, unknown[]][] = [];
    if (kind === 'contacts') {
      for (const nested of NESTED) {
        const list = obj[nested];
        if (list === undefined || list === null) continue;
        if (!Array.isArray(list)) {
          read++;
          reject(nested, 'is not a list');
          continue;
        }
        read += list.length;
        nestedLists.push([nested, list]);
      }
    }
    const r = normalise(kind, obj, opts.context);
    if (!r.ok) {
      rejected++;
      for (const p of r.problems) fail(p.field, p.message);
      // Children of a rejected contact are not stored either: they would belong to no contact.
      for (const [nested, list] of nestedLists) {
        if (list.length === 0) continue;
        rejected += list.length;
        fail(
          nested,
          `${list.length} nested record${list.length > 1 ? 's' : ''} not stored with the rejected contact`,
        );
      }
      return;
    }
    records.push({ kind, line: lineNo, record: r.record });
    const parent = r.record as RecordKinds['contacts'];
    for (const [nested, list] of nestedLists) {
      for (const [i, item] of list.entries()) {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          reject(`${nested}[${i}]`, 'is not a JSON object');
          continue;
        }
        const child = { source: parent.source, contact_id: parent.id, ...(item as Record<string, unknown>) };
        const c = normalise(nested, child, opts.context);
        if (c.ok) records.push({ kind: nested, line: lineNo, record: c.record });
        else {
          rejected++;
          for (const p of c.problems) fail(`${nested}[${i}].${p.field}`, p.message);
        }
      }
    }
  };
  for await (const chunk of stream) {
    const text = rest + decoder.decode(chunk as Uint8Array, { stream: true });
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    const records: ReadRecord[] = [];
    const errors: RecordError[] = [];
    rejected = 0;
    for (const line of lines) handle(line, records, errors);
    yield { records, errors, read, rejected, bytes: bytesOf(stream) };
  }
  const records: ReadRecord[] = [];
  const errors: RecordError[] = [];
  rejected = 0;
  const tail = rest + decoder.decode();
  if (tail.length > 0) handle(tail, records, errors);
  if (read === 0 && errors.length === 0)
    errors.push({ file: opts.file, line: 0, field: null, message: 'is empty: no records' });
  yield { records, errors, read, rejected, bytes: bytesOf(stream) };
}

/** Streams the records of one file in batches. A missing or unreadable file is one error, not a crash. */
export async function* readRecordFile(opts: ReadOptions): AsyncGenerator<RecordBatch> {
  try {
    yield* opts.format === 'csv' ? readCsv(opts) : readNdjson(opts);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Only a file that cannot be read is this file's error; anything else (no pseudonymisation key) is not.
    if (typeof code !== 'string') throw e;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    yield {
      records: [],
      errors: [{ file: opts.file, line: 0, field: null, message: `cannot be read (${why})` }],
      read: 0,
      rejected: 0,
      bytes: 0,
    };
  }
}
