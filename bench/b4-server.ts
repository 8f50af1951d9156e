/**
 * B4's server process (bench/b4-ingest.ts starts it): `accord` — the real API on a store, with a partner and
 * a partner-admin token made for the run — or `bare` — a route of the same framework (Hono on
 * @hono/node-server) that parses the same JSON body and answers 204. Prints one JSON line
 * `{"url": …, "token": …}` on stdout once listening, then serves until killed.
 *
 *   node --import tsx bench/b4-server.ts accord sqlite:/tmp/b4/accord.db
 *   node --import tsx bench/b4-server.ts bare
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '../src/api/app.js';
import { startServer } from '../src/api/server.js';
import { openBenchStore } from './b4-setup.js';

const [mode, url] = process.argv.slice(2);

if (mode === 'bare') {
  const app = new Hono();
  app.post('/bare', async (c) => {
    const records = (await c.req.json()) as unknown[];
    if (!Array.isArray(records)) return c.text('not an array', 400);
    return c.body(null, 204);
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}/bare`, token: '' })}\n`);
  });
  process.on('SIGTERM', () => server.close());
} else if (mode === 'accord' && url !== undefined) {
  const { store, token } = await openBenchStore(url);
  const running = await startServer(createApp({ store }), { port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ url: `${running.url}/api/v1/ingest?kind=contacts`, token })}\n`);
  process.on('SIGTERM', () => void running.close().then(() => store.close()));
} else {
  process.stderr.write('usage: b4-server.ts accord STORE_URL | bare\n');
  process.exit(2);
}
