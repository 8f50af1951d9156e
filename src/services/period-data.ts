/** Interim: the store's readers until the store has its one period reader (issue 11, store part). */
import { type DataSet, emptyDataSet, type RecordKinds } from '../domain/records.js';
import type { Store } from '../store/index.js';

export async function readPeriodData(
  store: Store,
  range: { from: number; to: number },
  sources: readonly string[] | undefined,
): Promise<DataSet> {
  if (sources !== undefined) return store.server.records.readDataSet(sources, range);
  const data = emptyDataSet();
  for await (const page of store.records.contactPages(range)) {
    data.contacts.push(...page.contacts);
    data.status_events.push(...page.statusEvents);
  }
  const byOwnTime = [
    'surveys',
    'qa_evaluations',
    'outages',
    'incidents',
    'privacy_incidents',
    'forecasts',
  ] as const;
  for (const kind of byOwnTime) {
    const list = data[kind] as RecordKinds[typeof kind][];
    for await (const page of store.records.recordPages(kind, range)) list.push(...page);
  }
  return data;
}
