/**
 * The demo written as one system's native export (`accord demo --format genesys|connect|asterisk …`): the
 * records that system would hold go to its writer in the system's own file format, everything else stays in
 * the normalised files. A record of a contact the system holds that the system cannot carry (a follow-up's
 * status history, a CSAT answer from the survey tool) stays in the normalised files under the system's
 * source name, so that it still belongs to its contact once both are imported.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordKind, RecordKinds } from '../../domain/records.js';
import type { ConnectorFormat } from '../../ingest/connectors/connector.js';

export interface NativeDemoFile {
  readonly path: string;
  /** Native records in it (calls, contact records, conversations, queue_log lines). */
  readonly records: number;
}

export interface NativeDemoWriter {
  readonly format: ConnectorFormat;
  /** The source name its import gives the records (the connector's format). */
  readonly source: string;
  /**
   * Takes a record the system holds and can carry: a contact of its channels, or (`ofTaken`) a record of
   * such a contact. False: the record stays in the normalised files.
   */
  take<K extends RecordKind>(kind: K, record: RecordKinds[K], ofTaken: boolean): boolean;
  /** After each generated day: files complete by now may be written. */
  day(): void;
  /** Writes what is left; the files written, in order. */
  close(): NativeDemoFile[];
}

const DAY = 86_400_000;

/**
 * Text grouped by the UTC day of its instant and written one file per day (`<prefix>-2026-10-05<suffix>`),
 * the way these systems rotate their logs and deliveries. A day is written once no later record can fall
 * in it: the generator's contacts end within hours, so two days back is complete.
 */
export class DailyFiles {
  private readonly days = new Map<number, { at: number; order: number; text: string }[]>();
  private latest = 0;
  private order = 0;
  readonly written: NativeDemoFile[] = [];

  constructor(
    private readonly dir: string,
    private readonly name: (day: string) => string,
    /** How a day's items are joined into the file. */
    private readonly join: (items: readonly string[]) => string,
  ) {}

  add(at: number, text: string): void {
    const day = Math.floor(at / DAY);
    let list = this.days.get(day);
    if (list === undefined) this.days.set(day, (list = []));
    list.push({ at, order: this.order++, text });
    if (day > this.latest) this.latest = day;
  }

  /** Writes the days that are complete (or all of them). */
  flush(all = false): void {
    for (const day of [...this.days.keys()].sort((a, b) => a - b)) {
      if (!all && day >= this.latest - 1) continue;
      const items = this.days.get(day)!.sort((a, b) => a.at - b.at || a.order - b.order);
      this.days.delete(day);
      const path = join(this.dir, this.name(new Date(day * DAY).toISOString().slice(0, 10)));
      writeFileSync(path, this.join(items.map((i) => i.text)));
      this.written.push({ path, records: items.length });
    }
  }
}

/** A stable UUID-shaped id for a name (Genesys Cloud and Amazon Connect name their objects by UUID). */
export function uuidOf(name: string): string {
  const words: string[] = [];
  for (let k = 0; k < 4; k++) {
    let h = 0x811c9dc5 ^ k;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
    words.push(h.toString(16).padStart(8, '0'));
  }
  const hex = words.join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
