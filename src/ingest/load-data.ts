/**
 * Reads `--data` files straight into memory for an evaluation that stores nothing: each file's kind from
 * its name (`contacts.csv`) or from `KIND=FILE`. Rows that cannot be read become warnings that name file,
 * line, field and reason, so nothing is dropped silently.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type DataSet, emptyDataSet, RECORD_KINDS, type RecordKind } from '../domain/records.js';
import type { NormaliseContext } from './normalise.js';
import { formatFromFileName, kindFromFileName, type RecordError, readRecordFile } from './read-records.js';

export interface DataFile {
  readonly file: string;
  readonly kind: RecordKind;
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

/** A deterministic stand-in for the keyed hash: nothing is stored, but the output must be reproducible. */
const transientPseudonym = (value: string) =>
  createHash('sha256').update(`accord-evaluate\u0000${value}`).digest('hex').slice(0, 32);

/** SHA-256 over each file's kind and bytes, in the order given: what `inputDigest` means by "the data". */
async function digestFiles(files: readonly DataFile[]): Promise<string> {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(`\n#${f.kind}\n`);
    try {
      for await (const chunk of createReadStream(f.file, { highWaterMark: 1 << 20 }))
        h.update(chunk as Buffer);
    } catch {
      // An unreadable file is reported by the reader; the digest only has to be stable.
    }
  }
  return `sha256:${h.digest('hex')}`;
}

export async function loadDataFiles(
  files: readonly DataFile[],
): Promise<{ data: DataSet; errors: RecordError[]; digest: string }> {
  const digest = await digestFiles(files);
  const data = emptyDataSet();
  const errors: RecordError[] = [];
  const context: NormaliseContext = { source: 'default', pseudonymise: transientPseudonym };
  for (const f of files) {
    const format = formatFromFileName(f.file) ?? 'csv';
    for await (const batch of readRecordFile({ file: f.file, format, kind: f.kind, context })) {
      for (const r of batch.records) (data[r.kind] as unknown[]).push(r.record);
      errors.push(...batch.errors);
    }
  }
  return { data, errors, digest };
}
