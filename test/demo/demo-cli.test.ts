import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultStart, registerDemoCommands } from '../../src/cli/demo-command.js';
import { runCli } from '../support/cli.js';
import { removeTempDirs, tempDir, ZONE } from './collect.js';

afterAll(removeTempDirs);

describe('accord demo', () => {
  it('writes the CSV files, prints them as JSON and reports progress on stderr', async () => {
    const dir = join(tempDir(), 'demo');
    const r = await runCli([
      'demo',
      '--out',
      dir,
      '--months',
      '2',
      '--contacts-per-month',
      '2000',
      '--start',
      '2026-09',
      '--seed',
      '7',
      '--db',
      `sqlite:${join(dir, 'accord.db')}`,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // The demo contract and the stored records.
    expect(out.contract).toBe(join(dir, 'contract.yaml'));
    expect(out.ingest).toMatchObject({ rejected: 0, updated: 0, unchanged: 0 });
    const total = Object.values(out.counts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(out.ingest.inserted).toBe(total);
    expect(out.dashboard).toBe('http://127.0.0.1:8080/');
    const status = await runCli(['status', '--db', `sqlite:${join(dir, 'accord.db')}`, '--json']);
    expect(JSON.parse(status.stdout).contacts).toBe(4000);
    const check = await runCli(['contract', 'check', join(dir, 'contract.yaml'), '--json']);
    expect(JSON.parse(check.stdout)).toMatchObject({ valid: true, version: 1 });
    expect(out).toMatchObject({
      dir,
      start: '2026-09',
      end: '2026-10',
      months: 2,
      contactsPerMonth: 2000,
      seed: 7,
    });
    expect(out.counts.contacts).toBe(4000);
    expect(out.files.map((f: { path: string }) => f.path)).toEqual(
      [
        'contacts.csv',
        'status_events.csv',
        'surveys.csv',
        'qa_evaluations.csv',
        'outages.csv',
        'incidents.csv',
        'privacy_incidents.csv',
        'forecasts.csv',
      ].map((f) => join(dir, f)),
    );
    for (const f of out.files) expect(existsSync(f.path)).toBe(true);
    expect(r.stderr).toContain('generating 2026-09 (1/2)');
    expect(r.stderr).toContain('generating 2026-10 (2/2)');
  });

  it('prints where the files are in plain text', async () => {
    const dir = tempDir();
    const r = await runCli([
      'demo',
      '--out',
      dir,
      '--months',
      '1',
      '--contacts-per-month',
      '500',
      '--start',
      '2026-10',
      '--no-ingest',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Demo data for 2026-10 (seed 42) written to ${dir}:`);
    expect(r.stdout).toContain('Nothing stored (--no-ingest).');
    expect(r.stdout).toMatch(/contacts\.csv\s+500 rows/);
  });

  it('says where the dashboard is once the data is stored (interfaces.md)', async () => {
    const dir = tempDir();
    const db = `sqlite:${join(dir, 'accord.db')}`;
    const r = await runCli([
      'demo',
      '--out',
      dir,
      '--months',
      '1',
      '--contacts-per-month',
      '300',
      '--db',
      db,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Dashboard: npx accord serve --db ${db}, then open http://127.0.0.1:8080/`);
  });

  it.each([
    [['--months', 'x']],
    [['--months', '0']],
    [['--contacts-per-month', '-5']],
    [['--seed', '4.2']],
    [['--start', '2026-13']],
    [['--start', 'september']],
  ])('refuses %j as wrong input (exit 1)', async (args) => {
    const r = await runCli(['demo', '--out', tempDir(), '--no-ingest', ...args]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^accord: --/);
  });

  it('exits 1 when the folder cannot be written', async () => {
    const file = join(tempDir(), 'file');
    writeFileSync(file, 'x');
    const r = await runCli(['demo', '--out', join(file, 'sub'), '--contacts-per-month', '10', '--no-ingest']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot write the demo files');
  });

  it('refuses a --db it cannot open before it writes any file', async () => {
    const out = join(tempDir(), 'demo');
    const r = await runCli(['demo', '--out', out, '--contacts-per-month', '10', '--db', 'nonsense://x']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--db:');
    expect(existsSync(out)).toBe(false);
  });
});

describe('the default start month', () => {
  it('ends the months with the current month in the demo zone', () => {
    expect(defaultStart(Date.UTC(2026, 10, 28, 12), 3, ZONE)).toBe('2026-09');
    expect(defaultStart(Date.UTC(2026, 10, 28, 12), 1, ZONE)).toBe('2026-11');
    // 23:30 UTC on 31 January is already February in Amsterdam.
    expect(defaultStart(Date.UTC(2027, 0, 31, 23, 30), 3, ZONE)).toBe('2026-12');
    expect(defaultStart(Date.UTC(2027, 1, 10), 14, ZONE)).toBe('2026-01');
  });

  it('takes the current month from the clock the command is given', async () => {
    let stdout = '';
    const io = { out: (t: string) => void (stdout += t), err: () => {} };
    const program = new Command('accord').exitOverride();
    registerDemoCommands(program, io, () => Date.UTC(2027, 2, 15));
    const dir = tempDir();
    await program.parseAsync(
      ['demo', '--out', dir, '--months', '2', '--contacts-per-month', '300', '--json'],
      {
        from: 'user',
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({ start: '2027-02', end: '2027-03' });
  });
});

describe('the demo month with a campaign', () => {
  it('excuses the phone targets: the peak is above the contract’s 15 % volume band (issue 12.6)', async () => {
    const dir = tempDir();
    const made = await runCli([
      'demo',
      '--out',
      dir,
      '--months',
      '3',
      '--contacts-per-month',
      '3000',
      '--start',
      '2026-09',
      '--no-ingest',
    ]);
    expect(made.code, made.stderr).toBe(0);
    const files = [
      'contacts',
      'status_events',
      'surveys',
      'qa_evaluations',
      'outages',
      'incidents',
      'privacy_incidents',
      'forecasts',
    ].flatMap((k) => ['--data', join(dir, `${k}.csv`)]);
    const evaluate = (period: string) =>
      runCli([
        'evaluate',
        '--contract',
        join(dir, 'contract.yaml'),
        '--period',
        period,
        '--as-of',
        '2027-01-15T12:00:00Z',
        ...files,
        '--json',
      ]);
    type Row = {
      id: string;
      split: unknown;
      judged: boolean;
      reason: string | null;
      volume: { forecast: number | null; actual: number; withinBand: boolean } | null;
    };
    const rows = async (period: string) => {
      const r = await evaluate(period);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { metrics: Row[] }).metrics;
    };
    const phone = ['phone-service-level', 'phone-speed-of-answer', 'phone-abandonment'];
    // The campaign month: every phone metric (each language of the split too) is excused by the band.
    const campaign = await rows('2026-11');
    for (const id of phone) {
      const mine = campaign.filter((m) => m.id === id);
      expect(mine.length).toBeGreaterThan(0);
      for (const m of mine) {
        // (A split metric's pooled row is never judged on its own: its reason stays `pooled`.)
        expect(m, id).toMatchObject({
          judged: false,
          reason: id === 'phone-service-level' && m.split === null ? 'pooled' : 'volume_band',
        });
        expect(m.volume?.withinBand).toBe(false);
        const ratio = m.volume!.actual / m.volume!.forecast!;
        expect(ratio).toBeGreaterThan(1.15);
        expect(ratio).toBeLessThan(1.3);
      }
    }
    // A normal month: the same forecast counts, the volume is within the band and the targets bind.
    const normal = await rows('2026-10');
    for (const id of phone) {
      const m = normal.find((r) => r.id === id && r.split === null)!;
      expect(m.volume?.withinBand).toBe(true);
      expect(m.volume!.actual / m.volume!.forecast!).toBeGreaterThan(0.95);
      expect(m.volume!.actual / m.volume!.forecast!).toBeLessThan(1.05);
    }
    expect(normal.find((r) => r.id === 'phone-abandonment')).toMatchObject({ judged: true });
  }, 60_000);
});
