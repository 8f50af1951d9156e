/**
 * Normalised records → CSV lines in the layout of data.md, which `accord ingest` and `readRecordFile` read
 * back. Instants print in the given zone with their offset (`2026-10-05T08:14:02+02:00`); unknown values
 * are empty cells; booleans `true`/`false`. Contact and QA attributes become extra columns named up front.
 */
import { RECORD_COLUMNS, type RecordKind, type RecordKinds } from '../domain/records.js';
import { csvCell } from './csv-writer.js';
import { InstantFormatter } from './instant-format.js';

/** The data.md layout the files are written in (the one `accord ingest` reads). */
export const CSV_COLUMNS = RECORD_COLUMNS;

const num = (n: number | null) => (n === null ? '' : String(n));
const bool = (b: boolean | null) => (b === null ? '' : b ? 'true' : 'false');

export type LineOf<K extends RecordKind> = (record: RecordKinds[K]) => string;

/** Line builders for every kind, with instants in `timeZone` and the given attribute columns. */
export class CsvRows {
  private readonly fmt: InstantFormatter;

  constructor(
    timeZone: string,
    readonly attributeColumns: {
      readonly contacts: readonly string[];
      readonly qa_evaluations: readonly string[];
    } = { contacts: [], qa_evaluations: [] },
  ) {
    this.fmt = new InstantFormatter(timeZone);
  }

  private t(ms: number | null): string {
    return ms === null ? '' : this.fmt.format(ms);
  }

  private attrs(values: Readonly<Record<string, string>>, columns: readonly string[]): string {
    let out = '';
    for (const c of columns) out += `,${csvCell(values[c] ?? null)}`;
    return out;
  }

  columns(kind: RecordKind): string[] {
    const base = [...CSV_COLUMNS[kind]];
    if (kind === 'contacts') return [...base, ...this.attributeColumns.contacts];
    if (kind === 'qa_evaluations') return [...base, ...this.attributeColumns.qa_evaluations];
    return base;
  }

  readonly contacts: LineOf<'contacts'> = (r) =>
    `${csvCell(r.id)},${csvCell(r.source)},${r.channel},${r.direction},${csvCell(r.language)},${csvCell(r.queue)},` +
    `${csvCell(r.segment)},${csvCell(r.priority)},${csvCell(r.category)},${this.t(r.createdAt)},` +
    `${this.t(r.answeredAt)},${this.t(r.abandonedAt)},${this.t(r.firstResponseAt)},${this.t(r.resolvedAt)},` +
    `${this.t(r.firstResolvedAt)},${num(r.reopenCount)},${num(r.handleSeconds)},${bool(r.firstTimeRight)},` +
    `${csvCell(r.agent)},${csvCell(r.customer)}${this.attrs(r.attributes, this.attributeColumns.contacts)}`;

  readonly status_events: LineOf<'status_events'> = (r) =>
    `${csvCell(r.contactId)},${csvCell(r.source)},${r.status},${csvCell(r.nativeStatus)},${this.t(r.at)}`;

  readonly surveys: LineOf<'surveys'> = (r) =>
    `${csvCell(r.contactId)},${csvCell(r.source)},${r.kind},${r.score},${r.scaleMin},${r.scaleMax},` +
    `${this.t(r.answeredAt)},${csvCell(r.comment)}`;

  readonly qa_evaluations: LineOf<'qa_evaluations'> = (r) =>
    `${csvCell(r.contactId)},${csvCell(r.source)},${this.t(r.evaluatedAt)},${num(r.score)},` +
    `${bool(r.scriptCompliant)},${bool(r.toneOfVoiceOk)},${csvCell(r.evaluator)}` +
    this.attrs(r.attributes, this.attributeColumns.qa_evaluations);

  readonly outages: LineOf<'outages'> = (r) =>
    `${csvCell(r.source)},${this.t(r.from)},${this.t(r.to)},${r.channel ?? ''},${csvCell(r.reason)}`;

  readonly incidents: LineOf<'incidents'> = (r) =>
    `${csvCell(r.id)},${csvCell(r.source)},${r.severity},${this.t(r.raisedAt)},${this.t(r.acknowledgedAt)},` +
    `${this.t(r.resolvedAt)},${csvCell(r.summary)}`;

  readonly privacy_incidents: LineOf<'privacy_incidents'> = (r) =>
    `${csvCell(r.id)},${csvCell(r.source)},${this.t(r.reportedAt)},${bool(r.confirmed)},${csvCell(r.summary)}`;

  readonly forecasts: LineOf<'forecasts'> = (r) =>
    `${csvCell(r.source)},${this.t(r.intervalStart)},${r.intervalMinutes},${r.channel ?? ''},${csvCell(r.queue)},` +
    `${r.volume},${num(r.ahtSeconds)}`;
}
