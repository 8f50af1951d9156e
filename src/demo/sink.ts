/** Where generated records go: one function per kind of record (data.md), called in generation order. */
import { RECORD_KINDS, type RecordKind, type RecordKinds } from '../domain/records.js';

export type RecordSink = { readonly [K in RecordKind]: (record: RecordKinds[K]) => void };

export interface DemoProgress {
  /** `2026-09` */
  readonly month: string;
  /** 0-based index of the month, and how many there are. */
  readonly monthIndex: number;
  readonly months: number;
  /** Local date whose contacts were just generated, `2026-09-14`. */
  readonly day: string;
  /** Contacts generated so far, and in all. */
  readonly contacts: number;
  readonly totalContacts: number;
}

export interface DemoSink extends RecordSink {
  /**
   * Called after each day's records (and once more at the end of each month). An asynchronous consumer
   * (a database batch, a stream that needs draining) returns a promise and generation waits for it, so
   * at most one day of records is ever in flight.
   */
  readonly checkpoint?: (progress: DemoProgress) => void | Promise<void>;
}

export type DemoCounts = { [K in RecordKind]: number };

export function zeroCounts(): DemoCounts {
  return Object.fromEntries(RECORD_KINDS.map((k) => [k, 0])) as DemoCounts;
}

/** The sink with every record counted on the way through. */
export function countingSink(sink: RecordSink, counts: DemoCounts): RecordSink {
  return {
    contacts: (r) => {
      counts.contacts++;
      sink.contacts(r);
    },
    status_events: (r) => {
      counts.status_events++;
      sink.status_events(r);
    },
    surveys: (r) => {
      counts.surveys++;
      sink.surveys(r);
    },
    qa_evaluations: (r) => {
      counts.qa_evaluations++;
      sink.qa_evaluations(r);
    },
    outages: (r) => {
      counts.outages++;
      sink.outages(r);
    },
    incidents: (r) => {
      counts.incidents++;
      sink.incidents(r);
    },
    privacy_incidents: (r) => {
      counts.privacy_incidents++;
      sink.privacy_incidents(r);
    },
    forecasts: (r) => {
      counts.forecasts++;
      sink.forecasts(r);
    },
  };
}
