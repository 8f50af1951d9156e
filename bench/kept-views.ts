/**
 * Kept drill-downs and the per-source watermark, measured by hand (issue 14 points 1 and 2; bench/RESULTS.md,
 * "Kept results through the API"): a demo month in SQLite (`accord demo`), the drill-down of one metric
 * through the kept-results service with the job the API runs, in this thread: first request (computed),
 * repeated (kept), after an ingest into another partner's source (kept), after one into the contract's own
 * source (stale, one refresh), then kept again. Wall and CPU time of each, and the computations counter.
 *
 *   node --import tsx bench/kept-views.ts <dir> [contacts]
 */
import { cpuUsage } from 'node:process';
import { runJob } from '../src/api/jobs.js';
import { main } from '../src/cli/main.js';
import { DEMO_SOURCES } from '../src/demo/sources.js';
import { signedVersions } from '../src/services/contracts.service.js';
import { periodOf } from '../src/services/evaluation.service.js';
import { keptDocument } from '../src/services/kept-results.service.js';
import { openStore } from '../src/store/store.js';
import { contact, rec } from '../test/support/records.js';

const dir = process.argv[2] ?? '/tmp/kept-bench';
const contacts = process.argv[3] ?? '100000';
const url = `sqlite:${dir}/store.db`;
const PERIOD = '2026-10';
const METRIC = 'phone-service-level';

const code = await main([
  'demo',
  '--months',
  '1',
  '--start',
  PERIOD,
  '--contacts-per-month',
  contacts,
  '--out',
  `${dir}/demo`,
  '--db',
  url,
]);
if (code !== 0) throw new Error(`accord demo exited ${code}`);
const store = await openStore(url);
const [org] = await store.tenancy.organisations();
const [contract] = await store.contracts.contracts(org!.id);
if (contract === undefined) throw new Error('no contract');
const other = 'bench-other-partner';
await store.tenancy.createPartner({
  id: 'bench-other',
  organisationId: org!.id,
  name: 'Other',
  defaultSource: other,
  sources: [other],
  createdAt: Date.now(),
});
const versions = await signedVersions(store, contract);
const period = periodOf(versions, PERIOD, 'period');
const key = {
  organisationId: org!.id,
  contractId: contract.id,
  period: `${PERIOD} breaches ${METRIC}`,
  asOfRule: 'now',
};
const now = () => Date.parse('2026-11-20T12:00:00Z');

async function request(label: string) {
  const cpu = cpuUsage();
  const started = performance.now();
  const answer = await keptDocument(
    store,
    { contract: contract!, versions, period, asOf: undefined, view: { kind: 'breaches', metric: METRIC } },
    now,
    (at) =>
      runJob(async () => store, 'breaches', {
        contract: contract!,
        period: PERIOD,
        metric: METRIC,
        asOf: at,
      }),
  );
  const wall = performance.now() - started;
  const used = cpuUsage(cpu);
  const ids = answer.document.rows.reduce((n, r) => n + r.breaches.length, 0);
  const kept = await store.results.kept(key);
  console.log(
    `| ${label} | ${wall.toFixed(1)} ms | ${((used.user + used.system) / 1000).toFixed(1)} ms | ${answer.state} | ${kept?.computations} | ${ids} |`,
  );
}

const late = (source: string, id: string) =>
  store.records.write([rec.contacts(contact(id, { source, createdAt: Date.parse('2026-10-09T07:00:00Z') }))]);

console.log(
  `load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')}`,
);
console.log('| request | wall | CPU (this thread) | accord-result | computations | ids |');
console.log('| --- | --- | --- | --- | --- | --- |');
await request('first');
await request('repeated');
await request('repeated');
await late(other, 'O-1');
await request("after a row in another partner's source");
await late(DEMO_SOURCES[0]!, 'LATE-1');
await request("after a row in the contract's source");
while ((await store.results.kept(key))?.computations !== 2) await new Promise((r) => setTimeout(r, 50));
await request('after the refresh');
console.log(
  `load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')}`,
);
await store.close();
