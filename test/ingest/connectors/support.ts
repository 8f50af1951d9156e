/**
 * Connector fixtures read the way `accord ingest --format …` reads them: the files bounded and detected,
 * mapped by the connector, then the rows through the pipeline's own reader (normalise, pseudonymise), so
 * a test sees the records that would be stored and the errors the import would report.
 */
import { createHmac } from 'node:crypto';
import { readdirSync } from 'node:fs';
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
