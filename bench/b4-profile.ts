/**
 * B4 in one process, without HTTP: the app's handler for N requests of 500 contacts (B4_CONCURRENCY at a
 * time, default 1), and the time per request; run with `--cpu-prof` to see where it goes (the SQLite writer
 * thread writes its own profile).
 *
 *   node --import tsx bench/b4-profile.ts sqlite:/tmp/b4p.db 400
 */
import { createApp } from '../src/api/app.js';
import { BATCH, openBenchStore, template } from './b4-setup.js';

const [url = 'sqlite::memory:', n = '300'] = process.argv.slice(2);
const { store, token } = await openBenchStore(url);
const app = createApp({ store });
const tpl = template();
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
  `${total} requests in ${ms.toFixed(0)} ms: ${(ms / total).toFixed(2)} ms a request, ${((total * BATCH) / (ms / 1000)).toFixed(0)} records/s; CPU ${((cpu.user + cpu.system) / 1000 / total).toFixed(2)} ms a request (system ${(cpu.system / 1000 / total).toFixed(2)})\n`,
);
await store.close();
