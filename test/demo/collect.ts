/** Generates a demo into memory (for shape tests) and small helpers to look at it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../../src/demo/generate.js';
import type { DemoOptions } from '../../src/demo/plan.js';
import type { DemoCounts } from '../../src/demo/sink.js';
import { type DataSet, emptyDataSet } from '../../src/domain/records.js';
import { isoFromDayNumber, localDayOf } from '../../src/domain/time/zone.js';

export const ZONE = 'Europe/Amsterdam';

export function demoOptions(overrides: Partial<DemoOptions> = {}): DemoOptions {
  return { start: '2026-09', months: 3, contactsPerMonth: 20_000, seed: 42, timezone: ZONE, ...overrides };
}

export async function collectDemo(options: DemoOptions): Promise<{ data: DataSet; counts: DemoCounts }> {
  const data = emptyDataSet();
  const counts = await generateDemo(options, {
    contacts: (r) => data.contacts.push(r),
    status_events: (r) => data.status_events.push(r),
    surveys: (r) => data.surveys.push(r),
    qa_evaluations: (r) => data.qa_evaluations.push(r),
    outages: (r) => data.outages.push(r),
    incidents: (r) => data.incidents.push(r),
    privacy_incidents: (r) => data.privacy_incidents.push(r),
    forecasts: (r) => data.forecasts.push(r),
  });
  return { data, counts };
}

/** `2026-09` of an instant, in the demo's zone. */
export const monthOf = (ms: number) => isoFromDayNumber(localDayOf(ZONE, ms)).slice(0, 7);

export function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const made: string[] = [];

/** A fresh temporary folder; `removeTempDirs` (in an afterAll) deletes every one made. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'accord-demo-'));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
