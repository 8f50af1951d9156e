/**
 * `accord demo --format zendesk|freshdesk|intercom`: the demo written as that system's export. Contacts,
 * their status events and the surveys the system carries go into its API pages (./<format>.ts); the
 * records no helpdesk holds (QA evaluations, outages, incidents, privacy incidents, forecasts, the
 * surveys it cannot carry) stay normalised CSV files beside them, so that the folder is still the whole
 * demo. What each format loses is in docs/connectors.md.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RECORD_KINDS, type RecordKind } from '../../domain/records.js';
import { CsvRows } from '../csv-rows.js';
import { CsvFileWriter } from '../csv-writer.js';
import { generateDemo } from '../generate.js';
import type { DemoOptions } from '../plan.js';
import type { DemoCounts, DemoProgress, DemoSink } from '../sink.js';
import { DEMO_CONTACT_ATTRIBUTES, DEMO_FILE_NAMES } from '../write-files.js';
import { freshdeskPages } from './freshdesk.js';
import { intercomPages } from './intercom.js';
import type { DemoTicket, NativePages } from './pages.js';
import { zendeskPages } from './zendesk.js';

export const NATIVE_DEMO_FORMATS = ['zendesk', 'freshdesk', 'intercom'] as const;
export type NativeDemoFormat = (typeof NATIVE_DEMO_FORMATS)[number];

const WRITERS: Readonly<Record<NativeDemoFormat, (dir: string) => NativePages>> = {
  zendesk: zendeskPages,
  freshdesk: freshdeskPages,
  intercom: intercomPages,
};

/** The kinds that stay CSV: everything but contacts and status events (surveys: those not carried). */
const CSV_KINDS = RECORD_KINDS.filter((k) => k !== 'contacts' && k !== 'status_events');

export interface NativeDemoFiles {
  readonly dir: string;
  /** The system's pages, for `accord ingest --format <format>`. */
  readonly pages: readonly string[];
  /** The normalised CSV files of the other records, for `accord ingest`. */
  readonly csv: readonly { readonly kind: RecordKind; readonly path: string; readonly rows: number }[];
  readonly counts: DemoCounts;
}

export async function writeNativeDemo(
  format: NativeDemoFormat,
  options: DemoOptions,
  dir: string,
  progress?: (p: DemoProgress) => void,
): Promise<NativeDemoFiles> {
  mkdirSync(dir, { recursive: true });
  const pages = WRITERS[format](dir);
  const rows = new CsvRows(options.timezone, { contacts: DEMO_CONTACT_ATTRIBUTES, qa_evaluations: [] });
  const temp = (kind: RecordKind) => join(dir, `.${DEMO_FILE_NAMES[kind]}.${process.pid}.partial`);
  const writers = {} as Record<RecordKind, CsvFileWriter>;
  // A day's contacts with their events and surveys, handed over at the day's checkpoint.
  let day = new Map<string, DemoTicket>();
  const ticketOf = (id: string) => day.get(id);
  try {
    for (const kind of CSV_KINDS) writers[kind] = new CsvFileWriter(temp(kind), rows.columns(kind));
    const sink: DemoSink = {
      contacts: (r) => void day.set(r.id, { contact: r, events: [], surveys: [] }),
      status_events: (r) => {
        const t = ticketOf(r.contactId);
        if (t === undefined) throw new Error(`demo: status event of ${r.contactId} before its contact`);
        t.events.push(r);
      },
      surveys: (r) => {
        const t = ticketOf(r.contactId);
        if (t !== undefined && pages.carries(r)) t.surveys.push(r);
        else writers.surveys.line(rows.surveys(r));
      },
      qa_evaluations: (r) => writers.qa_evaluations.line(rows.qa_evaluations(r)),
      outages: (r) => writers.outages.line(rows.outages(r)),
      incidents: (r) => writers.incidents.line(rows.incidents(r)),
      privacy_incidents: (r) => writers.privacy_incidents.line(rows.privacy_incidents(r)),
      forecasts: (r) => writers.forecasts.line(rows.forecasts(r)),
      checkpoint: (p) => {
        pages.add([...day.values()]);
        day = new Map();
        progress?.(p);
      },
    };
    const counts = await generateDemo(options, sink);
    pages.add([...day.values()]);
    const written = pages.finish();
    const csv = CSV_KINDS.map((kind) => {
      const w = writers[kind];
      w.close();
      const path = join(dir, DEMO_FILE_NAMES[kind]);
      renameSync(w.path, path);
      return { kind, path, rows: w.rows };
    });
    return { dir, pages: written, csv, counts };
  } catch (e) {
    for (const kind of CSV_KINDS) {
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
