/**
 * An Erlang A plan that meets its target only by running agents above the maximum occupancy (85% unless
 * --max-occupancy says otherwise) says so (issue 12.10): in the domain's result, `accord staffing` (text,
 * JSON, plans from a forecast) and GET /api/v1/staffing. 1000 calls per 30 minutes at 180 s are 100 Erlang:
 * Erlang A with a patience of 60 s "meets" 80/20 with 90 agents, fewer than the traffic, because 11.8% of
 * the callers give up, and the agents are busy 98% of the time.
 */
import { describe, expect, it } from 'vitest';
import { requiredStaff, trafficOf } from '../../src/domain/staffing.js';
import { buildWorld, call } from '../api/support.js';
import { runCli, tempFiles } from '../support/cli.js';
import { DIALECTS, useStore } from '../support/stores.js';

const LOAD = { volume: 1000, intervalSeconds: 1800, ahtSeconds: 180 };
const TARGET = { serviceLevelPpm: 800_000, thresholdSeconds: 20 };
const ERLANG_A = { kind: 'erlang-a', patienceSeconds: 60 } as const;
const WARNING =
  '90 agents meet the target only at 98% occupancy, above the maximum of 85% (the default), and with 11.8% of callers abandoning; 118 agents keep occupancy at or below 85%';
const ARGS = ['staffing', '--volume', '1000', '--interval', '30m', '--aht', '180s', '--target', '80/20'];

describe('an Erlang A plan above the maximum occupancy', () => {
  it('says so in the result, with the agents that keep occupancy at the maximum', () => {
    const r = requiredStaff(trafficOf(LOAD), { target: TARGET, model: ERLANG_A });
    expect(r.agents).toBe(90);
    expect(r.meetsTarget).toBe(true);
    expect(r.warnings).toEqual([
      {
        code: 'occupancy_above_max',
        message: WARNING,
        occupancy: r.occupancy,
        maxOccupancy: 0.85,
        agentsAtMaxOccupancy: 118,
      },
    ]);
    // With the cap applied there is nothing to say, nor for Erlang C (which never staffs below the traffic).
    const capped = requiredStaff(trafficOf(LOAD), {
      target: TARGET,
      model: ERLANG_A,
      maxOccupancyPpm: 850_000,
    });
    expect(capped.agents).toBe(118);
    expect(capped.warnings).toEqual([]);
    const small = requiredStaff(trafficOf({ ...LOAD, volume: 100 }), { target: TARGET, model: ERLANG_A });
    expect(small.warnings).toEqual([]);
  });

  it('accord staffing prints the warning on stderr, and in the JSON', async () => {
    const text = await runCli([...ARGS, '--model', 'erlang-a', '--patience', '60s']);
    expect(text.code).toBe(0);
    expect(text.stderr.trim()).toBe(`accord staffing: warning: ${WARNING}`);
    expect(text.stdout).toMatch(/occupancy\s+98\.05%\s+above the maximum of 85%/);
    const json = await runCli([...ARGS, '--model', 'erlang-a', '--patience', '60s', '--json']);
    expect(JSON.parse(json.stdout).warnings).toMatchObject([
      { code: 'occupancy_above_max', message: WARNING },
    ]);
    const c = await runCli([...ARGS, '--json']);
    expect(c.stderr).toBe('');
    expect(JSON.parse(c.stdout)).not.toHaveProperty('warnings');
  });

  it('a plan from a forecast names each interval', async () => {
    const dir = tempFiles({
      'forecasts.csv': [
        'interval_start,interval_minutes,channel,queue,volume,aht_seconds',
        '2026-11-02T09:00:00+01:00,30,phone,general,1000,180',
        '2026-11-02T09:30:00+01:00,30,phone,general,100,180',
      ].join('\n'),
    });
    const r = await runCli([
      ...['staffing', '--forecast', `${dir}/forecasts.csv`, '--model', 'erlang-a', '--patience', '60s'],
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim()).toBe(
      `accord staffing: warning: 2026-11-02T09:00:00+01:00 phone/general: ${WARNING}`,
    );
    const rows = JSON.parse(r.stdout).intervals as { warnings: unknown[] }[];
    expect(rows.map((row) => row.warnings.length)).toEqual([1, 0]);
  });
});

describe.each(DIALECTS.slice(0, 1))('GET /api/v1/staffing on $name', (d) => {
  const t = useStore(d);

  it('gives the warning with the figures', async () => {
    const w = await buildWorld(t.store);
    const r = await call(
      w.app,
      'GET',
      '/api/v1/staffing?volume=1000&interval=30m&aht=180s&target=80/20&model=erlang-a&patience=60s',
      { token: w.tokens['partner-viewer-a'] },
    );
    expect(r.status, r.text).toBe(200);
    expect(r.body.agents).toBe(90);
    expect(r.body.warnings).toMatchObject([{ code: 'occupancy_above_max', message: WARNING }]);
  });
});
