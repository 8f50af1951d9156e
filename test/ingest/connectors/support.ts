/**
 * Connector fixtures read the way `accord ingest --format …` reads them: the files bounded and detected,
 * mapped by the connector, then the rows through the pipeline's own reader (normalise, pseudonymise), so
 * a test sees the records that would be stored and the errors the import would report.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RecordKind, RecordKinds } from '../../../src/domain/records.js';
import {
  type ConnectorFormat,
  type MappedInput,
  relocateError,
} from '../../../src/ingest/connectors/connector.js';
import { loadConnectorFiles, mapConnectorFiles } from '../../../src/ingest/connectors/read-files.js';
import { type RecordError, readRecordFile } from '../../../src/ingest/read-records.js';

export const PSEUDONYM_KEY = 'connector-test-key';
export const pseudonym = (value: string) => createHmac('sha256', PSEUDONYM_KEY).update(value).digest('hex');

export const FIXTURES = resolve(import.meta.dirname, '../../fixtures/connectors');

/** The fixture files of a system, sorted by name. */
export function fixtureFiles(system: string): string[] {
  const dir = join(FIXTURES, system);
  return readdirSync(dir)
    .sort()
    .map((f) => join(dir, f));
}

export type Records = { [K in RecordKind]?: RecordKinds[K][] };

export interface ConnectorImport {
  readonly mapped: MappedInput;
  readonly records: Records;
  readonly errors: RecordError[];
}

export async function importFiles(
  format: ConnectorFormat,
  files: readonly string[],
): Promise<ConnectorImport> {
  const mapped = mapConnectorFiles(format, loadConnectorFiles(files));
  const records: Records = {};
  const errors: RecordError[] = [...mapped.errors];
  if (mapped.rows.length > 0) {
    const batches = readRecordFile({
      file: 'rows',
      rows: mapped.rows.map((r) => r.row),
      format: 'ndjson',
      kind: undefined,
      context: { source: format, pseudonymise: pseudonym },
    });
    for await (const batch of batches) {
      for (const r of batch.records) ((records[r.kind] ??= []) as unknown[]).push(r.record);
      for (const e of batch.errors) errors.push(relocateError(mapped.rows, e));
    }
  }
  return { mapped, records, errors };
}

/** The records of an import in one order whatever the order of the files: by kind, then by content. */
export function sortedRecords(records: Records): Records {
  const out: Records = {};
  for (const [kind, list] of Object.entries(records)) {
    (out as Record<string, unknown[]>)[kind] = [...(list as unknown[])].sort((a, b) =>
      JSON.stringify(a).localeCompare(JSON.stringify(b)),
    );
  }
  return out;
}

/** A deterministic shuffle (seeded), for detection tests that feed the files in other orders. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Writes files to a fresh temporary folder; returns their paths in the order given. */
export function writeTemp(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'accord-connector-'));
  return Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}

export const at = (iso: string) => Date.parse(iso);
