/**
 * Issue 13.1: heavy work runs in worker threads (src/api/worker-pool.ts), so one request never freezes the
 * server: other requests answer meanwhile, a job stops when its client goes away, and SIGTERM always stops
 * `accord serve`. An evaluation from a worker thread is the same document as from the request's thread.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createWorkPool, type WorkPool } from '../../src/api/worker-pool.js';
import { BIN, runBinary, tempFiles } from '../support/cli.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, expectProblem, NOW, testPseudonymise } from './support.js';

/** Erlang A at 100,000 Erlang with one agent and a day's patience: seconds of work, then a 400. */
const HEAVY =
  '/api/v1/staffing?volume=100000&interval=1m&aht=1m&target=80/20&model=erlang-a&patience=24h&agents=1';

let pools: WorkPool[] = [];
afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  pools = [];
});

function pool(storeUrl: string): WorkPool {
  const p = createWorkPool({ storeUrl, size: 1 });
  pools.push(p);
  return p;
}

describe.each(DIALECTS)('the worker pool on $name', (d) => {
  const t = useStore(d);

  it('gives the same evaluation, drill-down, trend and what-if from a worker thread, and its refusals', async () => {
    const w = await buildWorld(t.store);
    const app = createApp({
      store: t.store,
      now: () => NOW,
      pseudonymise: testPseudonymise,
      work: pool(t.url).run,
    });
    const token = w.tokens['client-viewer'];
    for (const path of [
      '/api/v1/contracts/acme-a/evaluations/2026-10?asOf=2026-11-15T00:00:00Z',
      '/api/v1/contracts/acme-a/evaluations/2026-10/breaches/phone-service-level?asOf=2026-11-15T00:00:00Z',
      '/api/v1/contracts/acme-a/trend?from=2026-10&to=2026-11&asOf=2026-11-15T00:00:00Z',
      '/api/v1/contracts/acme-a/versions/1/what-if?periods=2',
    ]) {
      const inThread = await call(w.app, 'GET', path, { token });
      const inWorker = await call(app, 'GET', path, { token });
      expect(inWorker.status, inWorker.text).toBe(200);
      expect(inWorker.text).toBe(inThread.text);
    }
    // A ServiceError thrown in the thread is the same problem.
    const unknown = await call(app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-10/breaches/nope', {
      token,
    });
    expectProblem(unknown, 404);
    expect(unknown.body.detail).toContain('metric "nope" is not in version 1');
  });
});

describe('the worker pool', () => {
  it('stops a job whose client went away, and the next job still runs', async () => {
    const p = pool('sqlite::memory:');
    const abort = new AbortController();
    const heavy = p.run(
      'staffing',
      {
        load: { volume: 100_000, intervalSeconds: 60, ahtSeconds: 60 },
        agents: 1,
        policy: {
          target: { serviceLevelPpm: 800_000, thresholdSeconds: 20 },
          model: { kind: 'erlang-a', patienceSeconds: 86_400 },
        },
      },
      abort.signal,
    );
    setTimeout(() => abort.abort(), 200);
    await expect(heavy).rejects.toMatchObject({ status: 499 });
    const light = await p.run('staffing', {
      load: { volume: 100, intervalSeconds: 1800, ahtSeconds: 180 },
      policy: { target: { serviceLevelPpm: 800_000, thresholdSeconds: 20 }, model: { kind: 'erlang-c' } },
    });
    expect(light.agents).toBe(14);
  });
});

describe('accord serve under a heavy request', () => {
  let server: ChildProcess | undefined;
  afterEach(() => {
    if (server?.exitCode === null) server.kill('SIGKILL');
  });

  it('answers /healthz while a heavy request runs, and SIGTERM stops it within seconds', async () => {
    const dir = tempFiles({});
    const db = `sqlite:${join(dir, 'accord.db')}`;
    const created = runBinary([
      'token',
      'create',
      '--new-org',
      'ACME',
      '--role',
      'client-viewer',
      '--db',
      db,
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const token = (JSON.parse(created.stdout) as { token: string }).token;

    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ACCORD_LOG_LEVEL: 'silent' },
    });
    server = child;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (b: Buffer) => {
        err += b.toString();
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`accord serve stopped: ${err}`)));
    });

    let heavyDone = false;
    const heavy = fetch(`${url}${HEAVY}`, { headers: { authorization: `Bearer ${token}` } }).then(
      (r) => {
        heavyDone = true;
        return r.status;
      },
      () => {
        heavyDone = true;
        return 'cut off';
      },
    );
    await new Promise((r) => setTimeout(r, 300));
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    // The health check answered while the heavy request was still being worked on.
    expect(heavyDone).toBe(false);

    const stopAt = performance.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const stopMs = performance.now() - stopAt;
    // Stopped before the work was done: the heavy request was answered 503 or cut off, never finished.
    expect(await heavy).not.toBe(400);
    expect(stopMs).toBeLessThan(6000);
  }, 30_000);
});
