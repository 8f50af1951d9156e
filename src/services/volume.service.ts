/**
 * Forecast against actual volume for a period (contract.md, Volume band): the contacts received, from the
 * store, against the client's forecast rows (from the store, or given), with the band verdict that the
 * evaluation applies. `accord volume` calls it; the dashboard and the reports will.
 */
import type { Period } from '../domain/period.js';
import type { Contact, Forecast } from '../domain/records.js';
import { compareVolumes, type VolumeComparison } from '../domain/volume.js';
import type { Store } from '../store/index.js';

export interface VolumeRequest {
  readonly period: Period;
  /** The contract's `volume.forecast_tolerance` in parts per million; null: no band agreed. */
  readonly tolerancePpm: number | null;
  /** Forecast rows to use instead of the store's (a file). */
  readonly forecasts?: readonly Forecast[];
  /** The sources whose records count (a partner's); undefined: every source. */
  readonly sources?: readonly string[];
}

export async function volumeOf(store: Store, request: VolumeRequest): Promise<VolumeComparison> {
  const { period } = request;
  const range = { from: period.start, to: period.end };
  const options = request.sources === undefined ? {} : { sources: request.sources };
  const contacts: Contact[] = [];
  for await (const page of store.records.recordPages('contacts', range, options)) contacts.push(...page);
  let forecasts: readonly Forecast[] = request.forecasts ?? [];
  if (request.forecasts === undefined) {
    const stored: Forecast[] = [];
    for await (const page of store.records.recordPages('forecasts', range, options)) stored.push(...page);
    forecasts = stored;
  }
  const inPeriod = forecasts.filter((f) => f.intervalStart >= period.start && f.intervalStart < period.end);
  // Pages come in (created, source, key) order already: the comparison needs them by creation.
  return compareVolumes(inPeriod, contacts, request.tolerancePpm);
}
