/** A period's records from the store: the store's one period reader (`store.records.readPeriodData`). */
import type { DataSet } from '../domain/records.js';
import type { Store } from '../store/index.js';

export function readPeriodData(
  store: Store,
  range: { from: number; to: number },
  sources: readonly string[] | undefined,
): Promise<DataSet> {
  return store.records.readPeriodData(range, sources === undefined ? {} : { sources });
}
