/**
 * Reads `--data` files straight into memory for an evaluation that stores nothing: each file's kind from
 * its name (`contacts.csv`) or from `KIND=FILE`. Rows that cannot be read become warnings that name file,
 * line, field and reason, so nothing is dropped silently.
 */
import { createHash } from 'node:crypto';
import { emptyDataSet, RECORD_KINDS, type DataSet, type RecordKind } from '../domain/records.js';
import { type NormaliseContext } from './normalise.js';
import { formatFromFileName, kindFromFileName, readRecordFile, type RecordError } from './read-records.js';

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
const transientPseudonym = (value: string) => createHash('sha256').update(`accord-evaluate\u0000${value}`).digest('hex').slice(0, 32);

export async function loadDataFiles(files: readonly DataFile[]): Promise<{ data: DataSet; errors: RecordError[] }> {
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
  return { data, errors };
}
