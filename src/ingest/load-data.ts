/**
 * Reads `--data` files straight into memory for an evaluation that stores nothing: each file's kind from
 * its name (`contacts.csv`) or from `KIND=FILE`. Rows that cannot be read become warnings that name file,
 * line, field and reason, so nothing is dropped silently.
 *
 * The records go into the columns of an `EvaluationData` (src/domain/evaluation/columns.ts): CSV files of
 * contacts, status events and surveys through the column reader (columnar-reader.ts), straight from their
 * bytes; every other file through readRecordFile and normalise. The input digest is taken from the same
 * bytes as they are read.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { EvaluationData } from '../domain/evaluation/columns.js';
import { sourceAndKey } from '../domain/record-keys.js';
import { RECORD_KINDS, type RecordKind, type Survey } from '../domain/records.js';
import { COLUMNAR_KINDS, type ColumnarKind, readColumnarCsv } from './columnar-reader.js';
import type { NormaliseContext } from './normalise.js';
import { Pseudonymiser } from './pseudonym.js';
import { formatFromFileName, kindFromFileName, type RecordError, readRecordFile } from './read-records.js';

export interface DataFile {
  readonly file: string;
  readonly kind: RecordKind;
}

export interface LoadOptions {
  /**
   * The contact fields the contracts read (`fieldsUsed` in src/domain/evaluation/population.ts): queue,
   * segment, agent and attribute columns outside it are not kept. Undefined keeps every one.
   */
  readonly fields?: ReadonlySet<string> | undefined;
}

/** `contacts.csv` or `contacts=./export/calls.csv` → file and kind; undefined kind when the name does not tell. */
export function parseDataArgument(arg: string): { file: string; kind: RecordKind | undefined } {
  const eq = arg.indexOf('=');
  if (eq > 0) {
    const kind = arg.slice(0, eq) as RecordKind;
    if (RECORD_KINDS.includes(kind)) return { file: arg.slice(eq + 1), kind };
  }
  return { file: arg, kind: kindFromFileName(arg) };
}

/**
 * The pseudonymiser under a fixed, public key: nothing is stored, but the output must be reproducible (and
 * no key file is needed to evaluate files).
 */
const TRANSIENT = new Pseudonymiser(Buffer.from('accord-evaluate', 'utf8'));
export const transientPseudonym = (value: string) => TRANSIENT.hash(value);

/** Adds a file's bytes to the digest; an unreadable file adds none (the reader reports it). */
async function hashFile(h: Hash, file: string): Promise<void> {
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  } catch {
    // The digest only has to be stable.
  }
}

/** The digest as a worker computes it: the same bytes in the same order (see `loadDataFiles`). */
const DIGEST_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const h = createHash('sha256');
const buf = Buffer.allocUnsafe(1 << 20);
for (const f of workerData) {
  h.update('\\n#' + f.kind + '\\n');
  let fd;
  try {
    fd = openSync(f.file, 'r');
  } catch {
    continue;
  }
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
  } catch {
    // An unreadable file is reported by the reader; the digest only has to be stable.
  } finally {
    closeSync(fd);
  }
}
parentPort.postMessage('sha256:' + h.digest('hex'));
`;

/** Inputs at least this large are hashed on another thread while they are read. */
const DIGEST_IN_WORKER_BYTES = 32 << 20;

function digestInWorker(files: readonly DataFile[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(DIGEST_WORKER, {
      eval: true,
      workerData: files.map((f) => ({ file: f.file, kind: f.kind })),
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
    worker.once('message', (digest: string) => {
      resolve(digest);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

const sizeOf = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/**
 * Loads the files, in the order given. `digest` is the SHA-256 over each file's kind and bytes, in that
 * order: what `inputDigest` means by "the data".
 */
export async function loadDataFiles(
  files: readonly DataFile[],
  options: LoadOptions = {},
): Promise<{ data: EvaluationData; errors: RecordError[]; digest: string }> {
  // A large input is hashed by a worker thread while this one parses it (same digest, less waiting).
  const total = files.reduce((sum, f) => sum + sizeOf(f.file), 0);
  const worker = total >= DIGEST_IN_WORKER_BYTES ? digestInWorker(files) : null;
  const h = worker === null ? createHash('sha256') : null;
  const data = new EvaluationData();
  const errors: RecordError[] = [];
  const context: NormaliseContext = { source: 'default', pseudonymise: transientPseudonym };
  for (const f of files) {
    h?.update(`\n#${f.kind}\n`);
    const format = formatFromFileName(f.file) ?? 'csv';
    if (format === 'csv' && COLUMNAR_KINDS.has(f.kind)) {
      errors.push(
        ...readColumnarCsv({
          file: f.file,
          kind: f.kind as ColumnarKind,
          data,
          context,
          fields: options.fields,
          onBytes: h === null ? undefined : (bytes) => h.update(bytes),
        }),
      );
      continue;
    }
    if (h !== null) await hashFile(h, f.file);
    for await (const batch of readRecordFile({ file: f.file, format, kind: f.kind, context })) {
      for (const r of batch.records) data.add(r.kind, r.record, options.fields);
      errors.push(...batch.errors);
    }
  }
  const digest = worker === null ? `sha256:${h!.digest('hex')}` : await worker;
  return { data, errors, digest };
}

/**
 * The survey answers with a comment answered in [from, to), from the surveys files among `files` (a
 * report of `--data` files whose contract keeps comments): the evaluation's columns keep no free text, so
 * the surveys are read once more by the same reader. Bad rows were reported by `loadDataFiles`. An answer
 * that a later row with the same source and key replaces is not among them (the later one is, if it has
 * a comment), as in the evaluation.
 */
export async function readSurveyComments(
  files: readonly DataFile[],
  range: { readonly from: number; readonly to: number },
): Promise<Survey[]> {
  const context: NormaliseContext = { source: 'default', pseudonymise: transientPseudonym };
  const latest = new Map<string, Survey | null>();
  for (const f of files.filter((x) => x.kind === 'surveys')) {
    const format = formatFromFileName(f.file) ?? 'csv';
    for await (const batch of readRecordFile({ file: f.file, format, kind: f.kind, context }))
      for (const r of batch.records) {
        if (r.kind !== 'surveys') continue;
        const s = r.record as Survey;
        const kept = s.comment !== null && s.answeredAt >= range.from && s.answeredAt < range.to;
        latest.set(sourceAndKey('surveys', s), kept ? s : null);
      }
  }
  return [...latest.values()].filter((s) => s !== null);
}
