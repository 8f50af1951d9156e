/**
 * `accord report` as a command (interfaces.md): `--help`, exit 0 with the file written, 2 for usage
 * mistakes (a missing or unknown format, `--data` and `--db` together), 1 for wrong input (a period that is
 * not one, a missing data file, a period that has not started, a folder that cannot be written), and the
 * `--db` path reading the store as `accord evaluate --db` does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/ingest/csv-reader.js';
import { runBinary, runCli, tempFiles } from '../support/cli.js';

const DIR = join(import.meta.dirname, '../fixtures/hand-month');
const CONTRACT = join(DIR, 'contract.yaml');
const AS_OF = '2026-11-28T09:00:00+01:00';

describe('accord report', () => {
  it('prints its help with every option and exits 0', () => {
    const r = runBinary(['report', '--help']);
    expect(r.code).toBe(0);
    for (const option of [
      '--contract',
      '--period',
      '--format',
      '--out',
      '--as-of',
      '--data',
      '--db',
      '--lang',
      '--json',
    ])
      expect(r.stdout).toContain(option);
    expect(r.stdout).toMatch(/html, pdf, xlsx, csv|"html", "pdf", "xlsx", "csv"/);
  });

  it('refuses usage mistakes with exit 2', async () => {
    const out = join(tempFiles({}), 'r.csv');
    const base = ['report', '--contract', CONTRACT, '--period', '2026-10', '--out', out];
    expect((await runCli(base)).code).toBe(2);
    expect((await runCli([...base, '--format', 'docx'])).code).toBe(2);
    const both = await runCli([
      ...base,
      '--format',
      'csv',
      '--data',
      join(DIR, 'contacts.csv'),
      '--db',
      'sqlite:x.db',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('choose one source of records');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses wrong input with exit 1 and a message that names it', async () => {
    const out = join(tempFiles({}), 'r.csv');
    const data = ['--data', join(DIR, 'contacts.csv')];
    const run = (...args: string[]) =>
      runCli([
        'report',
        '--contract',
        CONTRACT,
        '--format',
        'csv',
        '--out',
        out,
        '--as-of',
        AS_OF,
        ...data,
        ...args,
      ]);
    const period = await run('--period', '2026-13');
    expect(period.code).toBe(1);
    expect(period.stderr).toContain('2026-13');
    const missing = await runCli([
      'report',
      '--contract',
      CONTRACT,
      '--period',
      '2026-10',
      '--format',
      'csv',
      '--out',
      out,
      '--data',
      join(DIR, 'no-such-contacts.csv'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-such-contacts.csv');
    const future = await run('--period', '2027-03');
    expect(future.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    const unwritable = await runCli([
      'report',
      '--contract',
      CONTRACT,
      '--period',
      '2026-10',
      '--format',
      'csv',
      '--as-of',
      AS_OF,
      ...data,
      '--out',
      '/dev/null/report.csv',
    ]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toContain('/dev/null/report.csv');
  });

  it('reads the store with --db, as accord evaluate --db does', async () => {
    const dir = tempFiles({});
    const db = `sqlite:${join(dir, 'accord.db')}`;
    const ingest = await runCli(['ingest', join(DIR, 'contacts.csv'), '--db', db, '--json']);
    expect([0, 3]).toContain(ingest.code);
    const out = join(dir, 'r.csv');
    const r = await runCli([
      'report',
      '--contract',
      CONTRACT,
      '--period',
      '2026-10',
      '--as-of',
      AS_OF,
      '--db',
      db,
      '--format',
      'csv',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const evaluated = await runCli([
      'evaluate',
      '--contract',
      CONTRACT,
      '--period',
      '2026-10',
      '--as-of',
      AS_OF,
      '--db',
      db,
      '--json',
    ]);
    const doc = JSON.parse(evaluated.stdout) as {
      inputDigest: string;
      metrics: { id: string; split: unknown; value: number | null }[];
    };
    expect(JSON.parse(r.stdout).inputDigest).toBe(doc.inputDigest);
    const rows = parseCsv(readFileSync(out, 'utf8')).map((x) => x.values);
    // The same values as the evaluate document, row by row.
    expect(rows.slice(1).map((x) => [x[1], x[3] === '' ? null : Number(x[3])])).toEqual(
      doc.metrics.map((m) => [m.id, m.value]),
    );
  });
});
