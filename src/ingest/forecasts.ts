/**
 * The client's forecast (data.md `forecasts`): `interval_start, interval_minutes, channel, queue, volume,
 * aht_seconds`. Rows become typed records; every bad row is reported with file, line, field and reason
 * (`forecasts.csv:7 volume: "abc" is not a number`) and the good rows are kept. Unknown columns are kept
 * as attributes, never dropped silently.
 */
import { CHANNELS } from '../domain/records.js';
import type { ForecastInterval } from '../domain/staffing.js';
import { parseInstant } from '../domain/time/instant.js';
import { type CsvSeparator, parseCsv } from './csv.js';

export interface ForecastRecord extends ForecastInterval {
  /** Physical line of the row in its file. */
  readonly line: number;
  /** Columns beyond the six of data.md, by name. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** A refused row, in the shape of `ingest --json` errors (interfaces.md). */
export interface RowError {
  readonly file: string;
  readonly line: number;
  /** The column at fault; null when the row as a whole is (a syntax error, a wrong number of fields). */
  readonly field: string | null;
  readonly message: string;
}

export interface ForecastFile {
  readonly separator: CsvSeparator;
  /** Data rows read (good and bad). */
  readonly read: number;
  readonly records: readonly ForecastRecord[];
  readonly errors: readonly RowError[];
}

export const FORECAST_COLUMNS = [
  'interval_start',
  'interval_minutes',
  'channel',
  'queue',
  'volume',
  'aht_seconds',
] as const;
type Column = (typeof FORECAST_COLUMNS)[number];

/** `forecasts.csv:7 volume: "abc" is not a number`. */
export function formatRowError(e: RowError): string {
  return `${e.file}:${e.line}${e.field === null ? ':' : ` ${e.field}:`} ${e.message}`;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseForecasts(text: string, file: string): ForecastFile {
  const table = parseCsv(text);
  const errors: RowError[] = [];
  const fail = (line: number, field: string | null, message: string) =>
    errors.push({ file, line, field, message });

  if (table.header.length === 0) {
    fail(1, null, `no header line (expected ${FORECAST_COLUMNS.join(', ')})`);
    return { separator: table.separator, read: 0, records: [], errors };
  }
  if (table.headerProblem !== null) fail(table.headerLine, null, table.headerProblem);
  const index = new Map<string, number>();
  table.header.forEach((name, i) => {
    const key = name.toLowerCase();
    if (index.has(key)) fail(table.headerLine, key, 'column appears twice');
    else index.set(key, i);
  });
  for (const column of FORECAST_COLUMNS) {
    if (column !== 'queue' && !index.has(column)) fail(table.headerLine, column, 'missing column');
  }
  if (errors.length > 0)
    return { separator: table.separator, read: table.records.length, records: [], errors };

  const extra = [...index.entries()].filter(
    ([name]) => !(FORECAST_COLUMNS as readonly string[]).includes(name),
  );
  const records: ForecastRecord[] = [];
  const seen = new Map<string, number>();
  for (const record of table.records) {
    const line = record.line;
    if (record.problem !== null) {
      fail(line, null, record.problem);
      continue;
    }
    if (record.fields.length !== table.header.length) {
      fail(line, null, `has ${record.fields.length} fields, the header has ${table.header.length}`);
      continue;
    }
    const before = errors.length;
    const cell = (column: Column): string => {
      const i = index.get(column);
      return i === undefined ? '' : (record.fields[i] ?? '').trim();
    };
    const number = (column: Column, allowZero: boolean): number => {
      const raw = cell(column);
      if (raw === '') {
        fail(line, column, 'is empty');
        return Number.NaN;
      }
      if (!NUMBER.test(raw)) {
        fail(line, column, `${JSON.stringify(raw)} is not a number`);
        return Number.NaN;
      }
      const v = Number(raw);
      if (!Number.isFinite(v)) fail(line, column, `${JSON.stringify(raw)} is too large`);
      else if (v < 0) fail(line, column, `${JSON.stringify(raw)} is negative`);
      else if (v === 0 && !allowZero) fail(line, column, `${JSON.stringify(raw)} must be more than 0`);
      return v;
    };

    const intervalStart = cell('interval_start');
    let intervalStartMs = Number.NaN;
    if (intervalStart === '') fail(line, 'interval_start', 'is empty');
    else {
      const parsed = parseInstant(intervalStart);
      if (parsed.ok) intervalStartMs = parsed.ms;
      else fail(line, 'interval_start', `${JSON.stringify(intervalStart)} ${parsed.reason}`);
    }
    const intervalMinutes = number('interval_minutes', false);
    const channel = cell('channel');
    if (channel !== '' && !(CHANNELS as readonly string[]).includes(channel))
      fail(line, 'channel', `${JSON.stringify(channel)} is not one of ${CHANNELS.join(', ')}`);
    const queue = cell('queue');
    const volume = number('volume', true);
    const ahtSeconds = number('aht_seconds', false);
    if (errors.length > before) continue;

    const key = JSON.stringify([intervalStartMs, channel, queue]);
    const first = seen.get(key);
    if (first !== undefined) {
      fail(line, 'interval_start', `the same interval, channel and queue as line ${first}`);
      continue;
    }
    seen.set(key, line);
    const attributes: Record<string, string> = {};
    for (const [name, i] of extra) attributes[name] = record.fields[i] ?? '';
    records.push({
      line,
      intervalStart,
      intervalStartMs,
      intervalMinutes,
      channel,
      queue,
      volume,
      ahtSeconds,
      attributes,
    });
  }
  return { separator: table.separator, read: table.records.length, records, errors };
}
