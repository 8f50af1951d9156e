/** `GET /api/v1/staffing`: the figures of `accord staffing --json`, for any signed-in role. */
import { describe, expect, it } from 'vitest';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, expectProblem } from './support.js';

describe.each(DIALECTS.slice(0, 1))('staffing over the API on $name', (d) => {
  const t = useStore(d);

  it('gives the kpis.md reference figures, and scheduled agents with shrinkage and an occupancy cap', async () => {
    const w = await buildWorld(t.store);
    const token = w.tokens['partner-viewer-a'];
    const r = await call(
      w.app,
      'GET',
      '/api/v1/staffing?volume=100&interval=30m&aht=180s&target=80/20&maxOccupancy=85%25&shrinkage=30%25',
      { token },
    );
    expect(r.status, r.text).toBe(200);
    expect(r.body.agents).toBe(14);
    expect(r.body.scheduled).toBe(20);
    expect(r.body.serviceLevel).toBeCloseTo(0.88835, 5);
    expect(r.body.asa).toBeCloseTo(7.8359, 4);
    expect(r.body.trafficErlangs).toBe(10);
    const a = await call(
      w.app,
      'GET',
      '/api/v1/staffing?volume=100&aht=180s&target=80/20&model=erlang-a&patience=120s',
      { token },
    );
    expect(a.status, a.text).toBe(200);
    expect(a.body.abandonment).toBeGreaterThan(0);
  });

  it('names the bad parameter; without credentials it is 401', async () => {
    const w = await buildWorld(t.store);
    const token = w.tokens['client-viewer'];
    expectProblem(
      await call(w.app, 'GET', '/api/v1/staffing?volume=100&aht=soon&target=80/20', { token }),
      400,
    );
    expectProblem(await call(w.app, 'GET', '/api/v1/staffing?volume=100&aht=180s&target=80', { token }), 400);
    expectProblem(
      await call(w.app, 'GET', '/api/v1/staffing?volume=100&aht=180s&target=80/20&model=erlang-a', { token }),
      400,
    );
    expectProblem(await call(w.app, 'GET', '/api/v1/staffing?volume=100&aht=180s&target=80/20'), 401);
  });
});
