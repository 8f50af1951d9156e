/**
 * Files → batches of normalised records and of errors that name file, line, field and reason. CSV and
 * NDJSON stream; nothing is dropped silently: a bad row becomes an error, an unknown column an attribute
 * or a warning.
 */

import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { RECORD_COLUMNS, RECORD_KINDS, type RecordKind, type RecordKinds } from '../domain/records.js';
import { CsvParser, type CsvRecord } from './csv-reader.js';
import { checkHeader } from './header.js';
import { jsonValueProblem, parsedJsonProblem } from './json-text.js';
import {
  type CsvRowMapper,
  compileCsvMapper,
  type NormaliseContext,
  normalise,
  unusedFields,
} from './normalise.js';

/** A bad row (or a file that cannot be read): the one row-error type of every reader. */
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
  /** The file to read, and the name errors give (`body` for a request's body). */
  readonly file: string;
  /** The input in memory instead of in `file` (a request's body). */
  readonly bytes?: Uint8Array;
  /** Rows already parsed (a JSON array): read as NDJSON lines, `line` being the position from 1. */
  readonly rows?: readonly unknown[];
  readonly format: InputFormat;
  /** For CSV and for NDJSON lines without `type`. */
  readonly kind: RecordKind | undefined;
  readonly context: NormaliseContext;
  readonly warn?: (message: string) => void;
  /**
   * A way to deal with whole plain lines of this kind and header directly (see CsvLineHook), tried before
   * the general way; a line it takes counts as read and yields no record. CSV lines go to it as they are;
   * an NDJSON record or JSON array item whose every key is a column of its kind goes to it as the line of
   * its values, separated by NUL (jsonObjectLines).
   */
  readonly direct?: (
    kind: RecordKind,
    header: readonly string[],
    separator: number,
  ) => ((s: string, start: number, end: number) => boolean) | undefined;
}

/** `contacts.csv:1042 created_at: "05-10-2026 08:14" has no offset`; `contacts.csv: is empty` for line 0. */
export function formatRecordError(e: RecordError): string {
  const where = e.line > 0 ? `${e.file}:${e.line}` : `${e.file}:`;
  return e.field === null ? `${where} ${e.message}` : `${where} ${e.field}: ${e.message}`;
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

/** The bytes of the input in chunks, and how many were read so far. */
interface ByteSource extends AsyncIterable<Uint8Array> {
  bytesRead(): number;
  destroy(): void;
}

function openBytes(opts: ReadOptions): ByteSource {
  const bytes = opts.bytes;
  if (bytes !== undefined) {
    let read = 0;
    return {
      async *[Symbol.asyncIterator]() {
        for (let i = 0; i < bytes.length; i += 1 << 20) {
          const chunk = Buffer.from(bytes.buffer, bytes.byteOffset + i, Math.min(1 << 20, bytes.length - i));
          read += chunk.length;
          yield chunk;
        }
      },
      bytesRead: () => read,
      destroy: () => undefined,
    };
  }
  const stream = createReadStream(opts.file, { highWaterMark: 1 << 20 });
  return {
    [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>,
    bytesRead: () => stream.bytesRead,
    destroy: () => void stream.destroy(),
  };
}

/** What a reader reports after each chunk of a file: a RecordBatch without its records. */
export type ChunkReport = Omit<RecordBatch, 'records'>;

/**
 * Receives each good record, in file order, as soon as it is read; from a CSV file also the row's values
 * as written and the header's column names (for a caller that prints a value back as it was written).
 */
export type RecordSink = <K extends RecordKind>(
  kind: K,
  line: number,
  record: RecordKinds[K],
  values?: readonly string[],
  header?: readonly string[],
) => void;

async function* readCsv(opts: ReadOptions, emit: RecordSink): AsyncGenerator<ChunkReport> {
  const kind = opts.kind;
  if (kind === undefined) {
    yield {
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
  const stream = openBytes(opts);
  let header: string[] | undefined;
  let mapper: CsvRowMapper<RecordKind> | undefined;
  /**
   * The header is refused (a required column missing, a column without a name or named twice, a quote
   * never closed in it): every row is counted as read and rejected, with the header's one error.
   */
  let refused = false;
  let read = 0;
  let errors: RecordError[] = [];
  let rejected = 0;
  const parser = new CsvParser();
  /** Handles parsed records (the header first). */
  const handle = (records: readonly CsvRecord[], clean: boolean): void => {
    for (const rec of records) {
      if (header === undefined || mapper === undefined) readHeader(rec);
      else handleRecord(rec, clean);
    }
  };
  const readHeader = (rec: CsvRecord): void => {
    const names = rec.values.map(columnName);
    header = names;
    mapper = compileCsvMapper(kind, names, opts.context);
    const check = checkHeader(kind, names);
    // A header with a quote never closed cannot say which column is which: no field to name.
    const problem =
      rec.problem === undefined
        ? check.problem === undefined
          ? undefined
          : { message: check.problem, field: check.field }
        : { message: `header: ${rec.problem}`, field: null };
    if (problem !== undefined) {
      // One error for the file; its rows are still read (and counted, `read` is the rows of the file) but
      // none is stored.
      errors.push({ file: opts.file, line: rec.line, field: problem.field, message: problem.message });
      refused = true;
      return;
    }
    for (const w of check.warnings) opts.warn?.(`${opts.file}: ${w}`);
    if (check.missing !== undefined) {
      // One error for the file; its rows are still read (and counted) but none is stored.
      errors.push({ file: opts.file, line: rec.line, field: check.field, message: check.missing });
      refused = true;
      return;
    }
    const direct = opts.direct?.(kind, names, parser.separatorCode ?? 44);
    if (direct !== undefined) {
      // From here on the parser hands over every line at once, in the order of the file: a plain line to
      // the direct way first, anything else (or what the direct way leaves) to handleRecord.
      parser.lineHook = (s, start, end) => {
        if (!pieceClean || !direct(s, start, end)) return false;
        read++;
        return true;
      };
      parser.recordHook = (r) => handleRecord(r, pieceClean);
    }
  };
  const handleRecord = (rec: CsvRecord, clean: boolean): void => {
    read++;
    if (refused) {
      rejected++;
      return;
    }
    if (rec.problem !== undefined) {
      // The quote never closed opens the record's last value.
      const field = header![rec.values.length - 1] ?? null;
      errors.push({ file: opts.file, line: rec.line, field, message: rec.problem });
      rejected++;
      return;
    }
    if (rec.values.length !== header!.length) {
      errors.push({
        file: opts.file,
        line: rec.line,
        field: null,
        message: `has ${rec.values.length} values, the header has ${header!.length}`,
      });
      rejected++;
      return;
    }
    const r = mapper!(rec.values, clean);
    if (r.ok) emit(kind, rec.line, r.record, rec.values, header);
    else {
      rejected++;
      for (const p of r.problems)
        errors.push({ file: opts.file, line: rec.line, field: p.field, message: p.message });
    }
  };
  const decoder = new TextDecoder('utf-8');
  // Whether the text the parser still holds (an unfinished record) may hold a suspect character.
  let pending = false;
  // Whether the text being parsed is free of suspect characters (only then may lines go the direct way).
  let pieceClean = false;
  const report = (): ChunkReport => {
    const out = { errors, read, rejected, bytes: stream.bytesRead() };
    errors = [];
    rejected = 0;
    return out;
  };
  // A chunk of pure ASCII (the common case) is read as Latin-1, several times faster than decoding UTF-8
  // and the same text, unless the decoder may still hold the start of a character from the chunk before.
  let decoderEmpty = true;
  for await (const chunk of stream) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let text: string;
    let dirty: boolean;
    if (decoderEmpty && isAscii(bytes)) {
      text = bytes.toString('latin1');
      dirty = pending || bytes.indexOf(0) >= 0;
    } else {
      text = decoder.decode(bytes, { stream: true });
      dirty = pending || suspect(text);
      // After a chunk that ends in ASCII the decoder holds nothing back.
      decoderEmpty = bytes.length > 0 && bytes[bytes.length - 1]! < 0x80;
    }
    // The parser gets the chunk in pieces, so that the records it returns at once (and their strings)
    // are few and die young instead of being copied by the garbage collector while the rest is handled.
    pieceClean = !dirty;
    // Until the header is read, the parser gets one line at a time, so that the lines after it can
    // already go the direct way.
    let from = 0;
    while (header === undefined && from < text.length) {
      const nl = text.indexOf('\n', from);
      const to = nl < 0 ? text.length : nl + 1;
      handle(parser.push(text.slice(from, to)), !dirty);
      from = to;
    }
    for (let i = from; i < text.length; i += CSV_PIECE)
      handle(parser.push(text.slice(i, i + CSV_PIECE)), !dirty);
    pending = dirty && parser.holdsText();
    yield report();
  }
  const tail = decoder.decode();
  const clean = !(pending || suspect(tail));
  pieceClean = clean;
  handle([...parser.push(tail), ...parser.end()], clean);
  if (header === undefined) {
    yield {
      errors: [{ file: opts.file, line: 0, field: null, message: 'is empty: no header line' }],
      read: 0,
      rejected: 0,
      bytes: 0,
    };
    return;
  }
  yield report();
}

/** Characters of text the CSV parser gets at a time. */
const CSV_PIECE = 1 << 16;

/**
 * Whether text may hold a replacement character (bytes that were not UTF-8) or a NUL. Only records from
 * such text need every value checked for them: both are looked for in the decoded chunk once, rather than
 * in each value.
 */
const suspect = (text: string) => text.includes('\uFFFD') || text.includes('\u0000');

/** Separates the values of a JSON object in the line handed to a direct encoder: no value holds it. */
const OBJECT_SEPARATOR = 0;
const CONTACT_COLUMNS: ReadonlySet<string> = new Set(RECORD_COLUMNS.contacts);

/**
 * The direct way for JSON contacts (an API request's array, NDJSON lines): an object whose keys are all
 * contact columns (no `type`, no nested records, no attributes) and whose values are text, numbers,
 * booleans or null is, to `normalise`, the same as the CSV row of those values as text with null empty
 * (FieldReader reads a number or boolean as its String, an empty value as unknown). Such an object goes
 * to the CSV direct way as the line of its values separated by NUL, compiled once for each order of keys
 * (the objects of one array share theirs); a value holding a NUL yields too many cells and a replacement
 * character is looked for, so either leaves the object to the general way, as does anything the direct
 * way is not certain about. Answers whether the object was taken.
 */
function jsonObjectLines(
  direct: NonNullable<ReadOptions['direct']>,
): (obj: Record<string, unknown>) => boolean {
  let keys: string[] | undefined;
  let encoder: ((s: string, start: number, end: number) => boolean) | undefined;
  const separator = String.fromCharCode(OBJECT_SEPARATOR);
  return (obj) => {
    let same = keys !== undefined;
    if (same) {
      let i = 0;
      for (const key in obj) {
        if (key !== keys![i++]) {
          same = false;
          break;
        }
      }
      if (i !== keys!.length) same = false;
    }
    if (!same) {
      keys = Object.keys(obj);
      encoder = keys.every((k) => CONTACT_COLUMNS.has(k))
        ? direct('contacts', keys, OBJECT_SEPARATOR)
        : undefined;
    }
    if (encoder === undefined) return false;
    let line = '';
    for (let i = 0; i < keys!.length; i++) {
      const v = obj[keys![i]!];
      let cell: string;
      if (typeof v === 'string') cell = v;
      else if (v === null) cell = '';
      else if (typeof v === 'number' || typeof v === 'boolean') cell = String(v);
      else return false;
      line = i === 0 ? cell : line + separator + cell;
    }
    return !line.includes('\uFFFD') && encoder(line, 0, line.length);
  };
}

async function* readNdjson(opts: ReadOptions, emit: RecordSink): AsyncGenerator<ChunkReport> {
  const directObject = opts.direct === undefined ? undefined : jsonObjectLines(opts.direct);
  let lineNo = 0;
  let read = 0;
  let rejected = 0;
  let errors: RecordError[] = [];
  const fail = (field: string | null, message: string) =>
    errors.push({ file: opts.file, line: lineNo, field, message });
  const reject = (field: string | null, message: string) => {
    rejected++;
    fail(field, message);
  };
  // Fields a kind without attributes does not use: one warning for each, at the first line that has it.
  const unused = new Set<string>();
  const warnUnused = (kind: RecordKind, row: Record<string, unknown>) => {
    for (const key of unusedFields(kind, row)) {
      const k = `${kind}\u0000${key}`;
      if (unused.has(k)) continue;
      unused.add(k);
      opts.warn?.(`${opts.file}:${lineNo}: field ${key} not used for ${kind}`);
    }
  };
  /** One NDJSON line (or JSON array item) that was parsed into `value`. */
  const handleValue = (value: unknown) => {
    read++;
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
    if (kind === 'contacts' && directObject !== undefined && directObject(obj)) return;
    // A contact may carry its status events, surveys and QA evaluations; each counts as a record read.
    const nestedLists: [RecordKind, unknown[]][] = [];
    let notAList = 0;
    if (kind === 'contacts') {
      for (const nested of NESTED) {
        const list = obj[nested];
        if (list === undefined || list === null) continue;
        if (!Array.isArray(list)) {
          read++;
          notAList++;
          fail(nested, 'is not a list');
          continue;
        }
        read += list.length;
        nestedLists.push([nested, list]);
      }
    }
    warnUnused(kind, obj);
    const r = normalise(kind, obj, opts.context);
    if (!r.ok) {
      rejected += 1 + notAList;
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
    // A contact is stored whole or not at all: its nested records are checked before anything is kept, and
    // one bad nested record rejects the contact with all of them (a contact stored without some of its
    // events would be judged on a history that is not the one the partner sent).
    const parent = r.record as RecordKinds['contacts'];
    const children: [RecordKind, RecordKinds[RecordKind]][] = [];
    let nestedCount = 0;
    let badChildren = 0;
    for (const [nested, list] of nestedLists) {
      nestedCount += list.length;
      for (const [i, item] of list.entries()) {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          badChildren++;
          fail(`${nested}[${i}]`, 'is not a JSON object');
          continue;
        }
        const child = { source: parent.source, contact_id: parent.id, ...(item as Record<string, unknown>) };
        warnUnused(nested, child);
        const c = normalise(nested, child, opts.context);
        if (c.ok) children.push([nested, c.record]);
        else {
          badChildren++;
          for (const p of c.problems) fail(`${nested}[${i}].${p.field}`, p.message);
        }
      }
    }
    if (badChildren > 0 || notAList > 0) {
      // A nested value that is not a list counts as one record read, as above.
      const all = nestedCount + notAList;
      const bad = badChildren + notAList;
      rejected += 1 + all;
      fail(
        null,
        `is not stored with its ${all} nested record${all === 1 ? '' : 's'}, as ${bad} of them ${bad === 1 ? 'is' : 'are'} bad: a contact is stored whole or not at all`,
      );
      return;
    }
    emit(kind, lineNo, r.record);
    for (const [nested, record] of children) emit(nested, lineNo, record);
  };
  const handleLine = (text: string) => {
    lineNo++;
    const trimmed = text.trim();
    if (trimmed === '') return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      read++;
      reject(null, `is not valid JSON (${(e as Error).message})`);
      return;
    }
    // Duplicate keys and excessive nesting are refused before anything walks the value (json-text.ts).
    const shape = parsedJsonProblem(trimmed, value);
    if (shape !== undefined) {
      read++;
      reject(shape.field ?? null, shape.message);
      return;
    }
    handleValue(value);
  };
  const report = (bytes: number): ChunkReport => {
    const out = { errors, read, rejected, bytes };
    errors = [];
    rejected = 0;
    return out;
  };
  if (opts.rows !== undefined) {
    for (const row of opts.rows) {
      lineNo++;
      const deep = jsonValueProblem(row);
      if (deep !== undefined) {
        read++;
        reject(null, deep);
      } else handleValue(row);
    }
    if (read === 0) fail(null, 'is empty: no records');
    yield report(0);
    return;
  }
  const stream = openBytes(opts);
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of stream) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) handleLine(line);
    yield report(stream.bytesRead());
  }
  const tail = rest + decoder.decode();
  if (tail.length > 0) handleLine(tail);
  if (read === 0 && errors.length === 0) {
    lineNo = 0;
    fail(null, 'is empty: no records');
  }
  yield report(stream.bytesRead());
}

/** Streams the records of one file in batches. A missing or unreadable file is one error, not a crash. */
export async function* readRecordFile(opts: ReadOptions): AsyncGenerator<RecordBatch> {
  let records: ReadRecord[] = [];
  const collect: RecordSink = (kind, line, record) => void records.push({ kind, line, record });
  for await (const report of readRecordsInto(opts, collect)) {
    yield { records, ...report };
    records = [];
  }
}

/**
 * The records of one file handed to `emit` one by one as they are read (nothing is held per chunk), with
 * a report after each chunk. A missing or unreadable file is one error, not a crash.
 */
export async function* readRecordsInto(opts: ReadOptions, emit: RecordSink): AsyncGenerator<ChunkReport> {
  try {
    yield* opts.format === 'csv' ? readCsv(opts, emit) : readNdjson(opts, emit);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Only a file that cannot be read is this file's error; anything else (no pseudonymisation key) is not.
    if (typeof code !== 'string') throw e;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    yield {
      errors: [{ file: opts.file, line: 0, field: null, message: `cannot be read (${why})` }],
      read: 0,
      rejected: 0,
      bytes: 0,
    };
  }
}
