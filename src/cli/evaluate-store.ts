/**
 * `accord evaluate --db`: the records an evaluation needs, read from the store. The range runs from the
 * first version's `effective_from` (the history earn-back, bonus and acceptance need) to the end of the
 * period, or to asOf when that comes first.
 */
import type { Contract } from '../domain/contract/types.js';
import { parsePeriod } from '../domain/period.js';
import type { DataSet } from '../domain/records.js';
import { dayNumberFromIso, localToEpoch } from '../domain/time/zone.js';
import { InputError } from './errors.js';
import { withStore } from './store-options.js';

export function evaluationRange(
  versions: readonly Contract[],
  period: string,
  asOf: number,
): { from: number; to: number } {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const first = sorted[0]!;
  const zone = sorted[sorted.length - 1]!.timezone;
  const p = parsePeriod(period, zone);
  if (!p) throw new InputError(`--period: "${period}" is not a period (2026-10, 2026-Q4, 2026-W53)`);
  const from = Math.min(localToEpoch(zone, dayNumberFromIso(first.effectiveFrom), 0), p.start);
  return { from, to: Math.max(from, Math.min(p.end, asOf + 1)) };
}

export async function readStoreData(
  db: string | undefined,
  range: { from: number; to: number },
): Promise<DataSet> {
  return withStore(db, (store) => store.records.readDataSet(range));
}
