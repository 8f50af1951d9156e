/**
 * The client's forecast (data.md `forecasts`) for a staffing plan: the file is read exactly as `accord
 * ingest --kind forecasts` reads it (read-records.ts, normalise.ts: the same tokenizer, the same rules, the
 * same errors), and then checked for what a plan needs on top of a stored forecast: a known, positive
 * handle time and one row per interval, channel and queue. The decisions are in docs/data-and-store.md
 * ("Forecasts").
 */
import type { Forecast } from '../domain/records.js';
import type { ForecastInterval } from '../domain/staffing.js';
import { formatFromFileName, type RecordError, readRecordsInto } from './read-records.js';

export interface ForecastRecord extends ForecastInterval {
  /** Physical line of the row in its file. */
  readonly line: number;
}

export interface ForecastFile {
  /** Data rows read (good and bad). */
  readonly read: number;
  /** The records as `accord ingest` stores them (source `default`), with their lines. */
  readonly stored: readonly { readonly line: number; readonly record: Forecast }[];
  /** The rows a plan can use. */
  readonly records: readonly ForecastRecord[];
  /** What `accord ingest --kind forecasts` reports for the file. */
  readonly errors: readonly RecordError[];
  /** Good rows a plan cannot use (no handle time, an interval twice). */
  readonly planErrors: readonly RecordError[];
}

/** Forecast values are never personal; nothing is pseudonymised. */
const NO_PSEUDONYMS = (value: string) => value;

/** Reads a forecasts file (CSV, or NDJSON by its name) for a staffing plan. */
export async function readForecastFile(file: string): Promise<ForecastFile> {
  const stored: { line: number; record: Forecast }[] = [];
  const texts = new Map<number, string>();
  let read = 0;
  const readErrors: RecordError[] = [];
  const reports = readRecordsInto(
    {
      file,
      format: formatFromFileName(file) ?? 'csv',
      kind: 'forecasts',
      context: { source: 'default', pseudonymise: NO_PSEUDONYMS },
    },
    (_kind, line, record, values, header) => {
      stored.push({ line, record: record as Forecast });
      // The plan prints interval_start as it was written, offset and all.
      const i = header?.indexOf('interval_start') ?? -1;
      if (values !== undefined && i >= 0) texts.set(line, values[i]!.trim());
    },
  );
  for await (const report of reports) {
    read = report.read;
    readErrors.push(...report.errors);
  }
  const planErrors: RecordError[] = [];
  const records: ForecastRecord[] = [];
  const seen = new Map<string, number>();
  for (const { line, record } of stored) {
    const fail = (field: string, message: string) => planErrors.push({ file, line, field, message });
    if (record.ahtSeconds === null) {
      fail('aht_seconds', 'is unknown (empty): a staffing plan needs the handle time');
      continue;
    }
    if (record.ahtSeconds === 0) {
      fail('aht_seconds', '0 is not a handle time a staffing plan can use (more than 0 needed)');
      continue;
    }
    const key = JSON.stringify([record.intervalStart, record.channel, record.queue]);
    const first = seen.get(key);
    if (first !== undefined) {
      fail('interval_start', `the same interval, channel and queue as line ${first}`);
      continue;
    }
    seen.set(key, line);
    records.push({
      line,
      intervalStart: texts.get(line) ?? new Date(record.intervalStart).toISOString(),
      intervalStartMs: record.intervalStart,
      intervalMinutes: record.intervalMinutes,
      channel: record.channel ?? '',
      queue: record.queue ?? '',
      volume: record.volume,
      ahtSeconds: record.ahtSeconds,
    });
  }
  return { read, stored, records, errors: readErrors, planErrors };
}
