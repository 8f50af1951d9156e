import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary, runCli, tempFiles } from '../support/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/forecasts.csv');

const INTERFACES_EXAMPLE = [
  '--volume',
  '90',
  '--interval',
  '30m',
  '--aht',
  '225s',
  '--target',
  '80/20',
  '--shrinkage',
  '30%',
];

describe('accord staffing: one interval', () => {
  it('the built binary prints the JSON of interfaces.md, numbers unrounded', () => {
    const r = runBinary(['staffing', ...INTERFACES_EXAMPLE, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual([
      'agents',
      'serviceLevel',
      'asa',
      'occupancy',
      'probabilityOfWaiting',
      'trafficErlangs',
      'scheduled',
    ]);
    expect(out).toMatchObject({ agents: 15, occupancy: 0.75, trafficErlangs: 11.25, scheduled: 22 });
    // interfaces.md abbreviates: 0.8438…, 13.08…, 0.218…; the output carries every digit of the double.
    expect(out.serviceLevel).toBeCloseTo(0.8438, 4);
    expect(out.asa).toBeCloseTo(13.08, 2);
    expect(out.probabilityOfWaiting).toBeCloseTo(0.218, 3);
    for (const key of ['serviceLevel', 'asa', 'probabilityOfWaiting'])
      expect(String(out[key]).length).toBeGreaterThan(15);
  });

  it('the reference of kpis.md: 14 agents, 20 scheduled', async () => {
    const r = await runCli([
      'staffing',
      '--volume',
      '100',
      '--interval',
      '30m',
      '--aht',
      '180s',
      '--target',
      '80/20',
      '--max-occupancy',
      '85%',
      '--shrinkage',
      '30%',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ agents: 14, scheduled: 20, trafficErlangs: 10 });
    expect(out.probabilityOfWaiting).toBeCloseTo(0.1741319, 7);
    expect(out.serviceLevel).toBeCloseTo(0.88835, 5);
    expect(out.asa).toBeCloseTo(7.8359, 4);
    expect(out.occupancy).toBeCloseTo(0.7142857, 7);
  });

  it('Erlang A adds "abandonment"', async () => {
    const r = await runCli([
      'staffing',
      ...INTERFACES_EXAMPLE,
      '--model',
      'erlang-a',
      '--patience',
      '120s',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toContain('abandonment');
    expect(out.abandonment).toBeGreaterThan(0);
    expect(out.abandonment).toBeLessThan(1);
    expect(out.agents).toBeLessThanOrEqual(15);
  });

  it('--agents N gives the figures for exactly N, also N <= A (unstable, with a warning)', async () => {
    const r = await runCli(['staffing', ...INTERFACES_EXAMPLE, '--agents', '14', '--json']);
    const out = JSON.parse(r.stdout);
    expect(out.agents).toBe(14);
    expect(out.scheduled).toBe(20);
    expect(out.serviceLevel).toBeLessThan(0.8);
    const u = await runCli(['staffing', ...INTERFACES_EXAMPLE, '--agents', '11', '--json']);
    expect(u.code).toBe(0);
    expect(JSON.parse(u.stdout)).toMatchObject({
      agents: 11,
      serviceLevel: 0,
      asa: null,
      probabilityOfWaiting: 1,
    });
    expect(u.stderr).toMatch(/grows without bound/);
  });

  it('accepts 15m, 30m and 60m intervals, and an uplift', async () => {
    for (const [volume, interval] of [
      ['45', '15m'],
      ['90', '30m'],
      ['180', '60m'],
    ]) {
      const r = await runCli([
        'staffing',
        '--volume',
        volume ?? '',
        '--interval',
        interval ?? '',
        '--aht',
        '225s',
        '--target',
        '80/20',
        '--json',
      ]);
      expect(JSON.parse(r.stdout)).toMatchObject({ trafficErlangs: 11.25, agents: 15 });
    }
    const up = await runCli([
      'staffing',
      '--volume',
      '90',
      '--interval',
      '30m',
      '--aht',
      '100s',
      '--target',
      '80/20',
      '--uplift',
      '40%',
      '--json',
    ]);
    expect(JSON.parse(up.stdout).trafficErlangs).toBe(7);
  });

  it('prints a small readable table without --json', async () => {
    const r = await runCli(['staffing', ...INTERFACES_EXAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Erlang C: 90 contacts per 30m, AHT 225s = 11.25 Erlang');
    expect(r.stdout).toMatch(/agents\s+15/);
    expect(r.stdout).toMatch(/scheduled\s+22\s+shrinkage 30%/);
    expect(r.stdout).toMatch(/service level\s+84\.38%\s+target 80%: met/);
  });

  it('--help lists every option with an example', async () => {
    const r = await runCli(['staffing', '--help']);
    expect(r.code).toBe(0);
    for (const option of [
      '--volume',
      '--interval',
      '--aht',
      '--target',
      '--model',
      '--patience',
      '--shrinkage',
      '--max-occupancy',
      '--agents',
      '--forecast',
      '--uplift',
      '--json',
      '--csv',
    ])
      expect(r.stdout).toContain(option);
    expect(r.stdout).toContain('accord staffing --volume 90 --interval 30m --aht 225s --target 80/20');
  });
});

describe('accord staffing: mistakes', () => {
  const base = ['staffing', '--volume', '90', '--interval', '30m', '--aht', '225s', '--target', '80/20'];
  const withOut = (option: string) => {
    const args = [...base];
    args.splice(args.indexOf(option), 2);
    return args;
  };

  it.each([
    ['missing --volume', withOut('--volume'), /missing --volume/],
    ['missing --target', withOut('--target'), /missing --target/],
    ['an unknown model', [...base, '--model', 'erlang-x'], /erlang-x/],
    ['erlang-a without --patience', [...base, '--model', 'erlang-a'], /needs --patience/],
    ['--csv without --forecast', [...base, '--csv'], /--csv applies to --forecast only/],
  ])('%s is a usage error (exit 2)', async (_name, args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it.each([
    [
      'bad --target syntax',
      [...withOut('--target'), '--target', '80-20'],
      /--target: "80-20" is not PERCENT\/SECONDS/,
    ],
    [
      'a volume that is no number',
      [...withOut('--volume'), '--volume', 'abc'],
      /--volume: "abc" is not a number/,
    ],
    ['a duration without unit', [...withOut('--aht'), '--aht', '225'], /--aht: "225" is not a duration/],
  ])('%s is wrong input (exit 1)', async (_name, args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it.each([
    ['a negative volume', [...withOut('--volume'), '--volume=-5'], /--volume: -5 is negative/],
    ['a zero AHT', [...withOut('--aht'), '--aht', '0s'], /--aht: 0s must be longer than 0s/],
    ['100% shrinkage', [...base, '--shrinkage', '100%'], /--shrinkage: 100% leaves no one/],
    ['a target of 100%', [...withOut('--target'), '--target', '100/20'], /100% can never be met/],
    ['a target above 100%', [...withOut('--target'), '--target', '120/20'], /more than 100%/],
    ['zero agents', [...base, '--agents', '0'], /--agents: 0 is not a whole number of 1 or more/],
  ])('%s exits 1', async (_name, args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it('the binary exits 2 on a usage mistake and 1 on an impossible value', () => {
    expect(runBinary(withOut('--volume')).code).toBe(2);
    const negative = runBinary([...withOut('--volume'), '--volume', '-5']);
    expect(negative.code).toBe(1);
    expect(negative.stderr).toMatch(/--volume: -5 is negative/);
  });
});

describe('accord staffing --forecast', () => {
  it('plans every interval of the example file (JSON)', async () => {
    const r = await runCli(['staffing', '--forecast', EXAMPLE, '--shrinkage', '30%', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.model).toBe('erlang-c');
    expect(out.target).toEqual({ serviceLevel: 0.8, thresholdSeconds: 20 });
    expect(out.intervals.length).toBeGreaterThanOrEqual(20);
    for (const row of out.intervals) {
      expect(Object.keys(row)).toEqual([
        'intervalStart',
        'intervalMinutes',
        'channel',
        'queue',
        'volume',
        'ahtSeconds',
        'trafficErlangs',
        'agents',
        'scheduled',
        'serviceLevel',
        'asa',
        'occupancy',
        'probabilityOfWaiting',
      ]);
      expect(row.serviceLevel).toBeGreaterThanOrEqual(0.8);
      expect(row.agents).toBeGreaterThan(row.trafficErlangs);
    }
    expect(out.peaks).toHaveLength(1);
    expect(out.peaks[0].peakAgents).toBe(Math.max(...out.intervals.map((r: { agents: number }) => r.agents)));
  });

  it('--uplift raises volumes and never lowers the staffing; --csv prints a table', async () => {
    const plain = JSON.parse((await runCli(['staffing', '--forecast', EXAMPLE, '--json'])).stdout);
    const peak = JSON.parse(
      (await runCli(['staffing', '--forecast', EXAMPLE, '--uplift', '30%', '--json'])).stdout,
    );
    plain.intervals.forEach((row: { volume: number; agents: number }, i: number) => {
      expect(peak.intervals[i].volume).toBeCloseTo(row.volume * 1.3, 9);
      expect(peak.intervals[i].agents).toBeGreaterThanOrEqual(row.agents);
    });
    const csv = await runCli([
      'staffing',
      '--forecast',
      EXAMPLE,
      '--csv',
      '--model',
      'erlang-a',
      '--patience',
      '90s',
    ]);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'interval_start,interval_minutes,channel,queue,volume,aht_seconds,traffic_erlangs,required_agents,' +
        'scheduled_agents,service_level,asa_seconds,occupancy,probability_of_waiting,abandonment',
    );
    expect(lines).toHaveLength(plain.intervals.length + 1);
  });

  it('prints a readable plan by default', () => {
    const r = runBinary(['staffing', '--forecast', EXAMPLE, '--shrinkage', '30%']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /interval_start\s+channel\s+queue\s+volume\s+aht\s+agents\s+scheduled\s+service level/,
    );
    expect(r.stdout).toContain('Peaks');
  });

  it('refuses a file with bad rows, naming file, line, field and reason', async () => {
    const dir = tempFiles({
      'forecasts.csv':
        'interval_start,interval_minutes,channel,queue,volume,aht_seconds\n' +
        '2026-03-02T08:00:00+01:00,30,phone,general,42,240\n' +
        '2026-03-02T08:30:00+01:00,30,phone,general,abc,240\n',
    });
    const file = join(dir, 'forecasts.csv');
    const r = await runCli(['staffing', '--forecast', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:3 volume: "abc" is not a number`);
    const j = await runCli(['staffing', '--forecast', file, '--json']);
    expect(JSON.parse(j.stdout).error.details).toEqual([`${file}:3 volume: "abc" is not a number`]);
    const missing = await runCli(['staffing', '--forecast', join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);
  });

  it('does not mix --forecast with --volume', async () => {
    const r = await runCli(['staffing', '--forecast', EXAMPLE, '--volume', '90']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--volume cannot be combined with --forecast/);
  });
});
