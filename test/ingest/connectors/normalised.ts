/**
 * A connector's rows through the pipeline's own `normalise` (as `accord ingest` maps every row), nested
 * records included, so the tests compare the records the store would get, not the connector's raw rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordKind, RecordKinds } from '../../../src/domain/records.js';
import type { NativeFile, NativeRead } from '../../../src/ingest/connectors/native-rows.js';
import { type NormaliseContext, normalise } from '../../../src/ingest/normalise.js';
import { Pseudonymiser } from '../../../src/ingest/pseudonym.js';

export const PSEUDONYMS = new Pseudonymiser(Buffer.from('connector-test-key'));
export const CONTEXT: NormaliseContext = { source: 'default', pseudonymise: (v) => PSEUDONYMS.hash(v) };

export const FIXTURES = join(import.meta.dirname, '../../fixtures/connectors');

export function fixture(system: string, name: string): NativeFile {
  return { name, text: readFileSync(join(FIXTURES, system, name), 'utf8') };
}

export type Normalised = { [K in RecordKind]?: RecordKinds[K][] };

const NESTED = ['status_events', 'surveys', 'qa_evaluations'] as const;

/** Every row normalised; a row `normalise` refuses fails the test with its problems. */
export function normaliseAll(read: NativeRead): Normalised {
  const out: Normalised = {};
  const add = <K extends RecordKind>(kind: K, record: RecordKinds[K]) => {
    const list = (out[kind] ??= []) as RecordKinds[K][];
    list.push(record);
  };
  for (const { file, line, row } of read.rows) {
    const kind = row.type as RecordKind;
    const r = normalise(kind, row, CONTEXT);
    if (!r.ok) throw new Error(`${file}:${line} ${JSON.stringify(r.problems)}`);
    add(kind, r.record);
    for (const nested of NESTED) {
      for (const item of (row[nested] as Record<string, unknown>[] | undefined) ?? []) {
        const c = normalise(nested, { source: row.source, contact_id: row.id, ...item }, CONTEXT);
        if (!c.ok) throw new Error(`${file}:${line} ${nested} ${JSON.stringify(c.problems)}`);
        add(nested, c.record);
      }
    }
  }
  return out;
}

export const at = (text: string) => Date.parse(text);
export const customer = (raw: string) => PSEUDONYMS.hash(raw);
