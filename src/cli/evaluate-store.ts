/**
 * `accord evaluate --db`: the records an evaluation needs, read from the store. The range runs from the
 * first version's `effective_from` (the history earn-back, bonus and acceptance need) to the end of the
 * period, or to asOf when that comes first.
 */
import type { Contract } from '../domain/contract/types.js';
import { parsePeriod } from '../domain/period.js';
import { type DataSet, emptyDataSet, type RecordKinds } from '../domain/records.js';
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

/**
 * Contacts created in the range with their status history; every other kind by its own time (a survey
 * answered in the range counts even when its contact was created before it, as with `--data`).
 */
export async function readStoreData(
  db: string | undefined,
  range: { from: number; to: number },
): Promise<DataSet> {
  return withStore(db, async (store) => {
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
  });
}
