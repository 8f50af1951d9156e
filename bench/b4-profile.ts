/**
 * B4 in one process, without HTTP: the app's handler for N requests of 500 contacts, one at a time, and
 * the time per request; run with `--cpu-prof` to see where it goes.
 *
 *   node --import tsx bench/b4-profile.ts sqlite:/tmp/b4p.db 400
 */
import { createApp } from '../src/api/app.js';
import { issueToken } from '../src/services/accounts.service.js';
import { newId } from '../src/services/secrets.js';
import { openStore } from '../src/store/index.js';

const [url = 'sqlite::memory:', n = '300'] = process.argv.slice(2);
process.env.ACCORD_PSEUDONYM_KEY ??= 'b4-benchmark-key';
const store = await openStore(url);
const at = Date.now();
const organisationId = newId('org');
const partnerId = newId('ptn');
await store.tenancy.createOrganisation({ id: organisationId, name: 'B4 client', createdAt: at });
await store.tenancy.createPartner({
  id: partnerId,
  organisationId,
  name: 'B4 partner',
  defaultSource: `b4-${partnerId}`,
  sources: [],
  createdAt: at,
});
const { token } = await issueToken(store, {
  role: 'partner-admin',
  organisationId,
  partnerId,
  label: 'B4',
  createdBy: 'bench',
  at,
});
const app = createApp({ store });
const records = [];
for (let i = 0; i < 500; i++) {
  const day = 1 + (i % 28);
  const created = `2026-10-${String(day).padStart(2, '0')}T${String(8 + (i % 12)).padStart(2, '0')}:00:00+02:00`;
  records.push({
    id: `@@-${i}`,
    channel: i % 5 === 0 ? 'chat' : 'phone',
    direction: 'inbound',
    language: i % 3 === 0 ? 'en' : 'nl',
    queue: 'general',
    created_at: created,
    answered_at: created.replace(':00:00+', ':00:20+'),
    first_time_right: i % 7 !== 0,
    customer: `+31 6 ${String(10000000 + i)}`,
  });
}
const tpl = JSON.stringify(records);
const total = Number(n);
const concurrency = Number(process.env.B4_CONCURRENCY ?? 1);
let next = 0;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const res = await app.request('/api/v1/ingest?kind=contacts', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: tpl.replaceAll('@@', `r${i}`),
      });
      if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
  }),
);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${total} requests in ${ms.toFixed(0)} ms: ${(ms / total).toFixed(2)} ms a request, ${((total * 500) / (ms / 1000)).toFixed(0)} records/s; CPU ${((cpu.user + cpu.system) / 1000 / total).toFixed(2)} ms a request (system ${(cpu.system / 1000 / total).toFixed(2)})\n`,
);
await store.close();
