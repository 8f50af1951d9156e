/**
 * The demo as CSV files, one per kind of record (contacts.csv, status_events.csv, …), in the layout that
 * `accord ingest` reads. Files are written under a temporary name and renamed when complete, so a run
 * that fails never leaves a half-written file looking finished.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RECORD_KINDS, type RecordKind } from '../domain/records.js';
import { CsvRows } from './csv-rows.js';
import { CsvFileWriter } from './csv-writer.js';
import { generateDemo } from './generate.js';
import type { NativeDemoFile, NativeDemoWriter } from './native/index.js';
import type { DemoOptions } from './plan.js';
import type { DemoCounts, DemoProgress, RecordSink } from './sink.js';

export const DEMO_FILE_NAMES: { readonly [K in RecordKind]: string } = {
  contacts: 'contacts.csv',
  status_events: 'status_events.csv',
  surveys: 'surveys.csv',
  qa_evaluations: 'qa_evaluations.csv',
  outages: 'outages.csv',
  incidents: 'incidents.csv',
  privacy_incidents: 'privacy_incidents.csv',
  forecasts: 'forecasts.csv',
};

/** Attribute columns the demo's contacts carry (the contract's `premium` segment reads `customer_tier`). */
export const DEMO_CONTACT_ATTRIBUTES: readonly string[] = ['customer_tier'];

export interface DemoFile {
  readonly kind: RecordKind;
  readonly path: string;
  /** Data rows, the header not counted. */
  readonly rows: number;
}

export interface DemoFiles {
  readonly dir: string;
  /** In the order of RECORD_KINDS. */
  readonly files: readonly DemoFile[];
  readonly counts: DemoCounts;
  /** With a native writer (`accord demo --format …`): the system's own files, in the order written. */
  readonly native?: { readonly format: string; readonly files: readonly NativeDemoFile[] };
}

/**
 * Generates the demo into `dir` (created when missing; existing demo files are replaced). With a native
 * writer, the records its system holds are written in its own format instead (native/native-writer.ts).
 */
export async function writeDemoFiles(
  options: DemoOptions,
  dir: string,
  progress?: (p: DemoProgress) => void,
  native?: NativeDemoWriter,
): Promise<DemoFiles> {
  mkdirSync(dir, { recursive: true });
  const rows = new CsvRows(options.timezone, { contacts: DEMO_CONTACT_ATTRIBUTES, qa_evaluations: [] });
  const writers = {} as Record<RecordKind, CsvFileWriter>;
  // A name of this process's own: two runs writing the same folder never rename each other's files.
  const temp = (kind: RecordKind) => join(dir, `.${DEMO_FILE_NAMES[kind]}.${process.pid}.partial`);
  try {
    for (const kind of RECORD_KINDS) writers[kind] = new CsvFileWriter(temp(kind), rows.columns(kind));
    const csv: RecordSink = {
      contacts: (r) => writers.contacts.line(rows.contacts(r)),
      status_events: (r) => writers.status_events.line(rows.status_events(r)),
      surveys: (r) => writers.surveys.line(rows.surveys(r)),
      qa_evaluations: (r) => writers.qa_evaluations.line(rows.qa_evaluations(r)),
      outages: (r) => writers.outages.line(rows.outages(r)),
      incidents: (r) => writers.incidents.line(rows.incidents(r)),
      privacy_incidents: (r) => writers.privacy_incidents.line(rows.privacy_incidents(r)),
      forecasts: (r) => writers.forecasts.line(rows.forecasts(r)),
    };
    const sink: RecordSink & { checkpoint?: (p: DemoProgress) => void } = {
      ...(native === undefined ? csv : nativeSink(csv, native)),
      checkpoint: (p) => {
        native?.day();
        progress?.(p);
      },
    };
    const counts = await generateDemo(options, sink);
    const nativeFiles = native?.close();
    const files: DemoFile[] = [];
    for (const kind of RECORD_KINDS) {
      const w = writers[kind];
      w.close();
      const path = join(dir, DEMO_FILE_NAMES[kind]);
      renameSync(w.path, path);
      files.push({ kind, path, rows: w.rows });
    }
    return {
      dir,
      files,
      counts,
      ...(native === undefined || nativeFiles === undefined
        ? {}
        : { native: { format: native.format, files: nativeFiles } }),
    };
  } catch (e) {
    for (const kind of RECORD_KINDS) {
      const w = writers[kind];
      if (w === undefined) continue;
      try {
        w.close();
      } finally {
        rmSync(w.path, { force: true });
      }
    }
    throw e;
  }
}

/**
 * Routes each record: to the native writer when its system takes it, else to the normalised files. A
 * contact's status events, surveys and QA evaluations are generated right after it (contacts.ts), so the
 * contact just seen tells whose they are; those of a taken contact that the system cannot carry keep
 * their place in the normalised files under the system's source name, so they still meet their contact.
 */
function nativeSink(csv: RecordSink, native: NativeDemoWriter): RecordSink {
  let taken: { source: string; id: string } | null = null;
  const ofTaken = (source: string, contactId: string) =>
    taken !== null && taken.source === source && taken.id === contactId;
  return {
    ...csv,
    contacts: (r) => {
      taken = native.take('contacts', r, false) ? { source: r.source, id: r.id } : null;
      if (taken === null) csv.contacts(r);
    },
    status_events: (r) => {
      if (!ofTaken(r.source, r.contactId)) csv.status_events(r);
      else if (!native.take('status_events', r, true)) csv.status_events({ ...r, source: native.source });
    },
    surveys: (r) => {
      if (!ofTaken(r.source, r.contactId)) csv.surveys(r);
      else if (!native.take('surveys', r, true)) csv.surveys({ ...r, source: native.source });
    },
    qa_evaluations: (r) => {
      if (!ofTaken(r.source, r.contactId)) csv.qa_evaluations(r);
      else if (!native.take('qa_evaluations', r, true)) csv.qa_evaluations({ ...r, source: native.source });
    },
  };
}
