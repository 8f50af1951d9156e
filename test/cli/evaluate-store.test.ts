import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFiles } from '../support/cli.js';

const fixtures = join(import.meta.dirname, '../fixtures/hand-month');
const csvs = readdirSync(fixtures)
  .filter((f) => f.endsWith('.csv'))
  .map((f) => join(fixtures, f));
const base = [
  'evaluate',
  '--contract',
  join(fixtures, 'contract.yaml'),
  '--period',
  '2026-10',
  '--as-of',
  '2026-11-28T09:00:00+01:00',
  '--json',
];

describe('accord evaluate from the store', () => {
  it('gives the same figures, verdicts and statement from the store as from the files', async () => {
    process.env.ACCORD_PSEUDONYM_KEY ??= 'test-key';
    const db = `sqlite:${join(tempFiles({}), 'accord.db')}`;
    expect((await runCli(['ingest', ...csvs, '--db', db, '--json'])).code).toBe(0);
    const fromStore = await runCli([...base, '--db', db]);
    const fromFiles = await runCli([...base, ...csvs.flatMap((f) => ['--data', f])]);
    expect(fromStore.code).toBe(0);
    const a = JSON.parse(fromStore.stdout);
    const b = JSON.parse(fromFiles.stdout);
    for (const key of [
      'contract',
      'version',
      'contractDigest',
      'period',
      'asOf',
      'metrics',
      'verdicts',
      'credits',
      'earnBack',
      'bonus',
      'acceptance',
      'statement',
    ]) {
      expect(a[key], key).toEqual(b[key]);
    }
  });

  it('refuses two sources of records at once', async () => {
    const r = await runCli([...base, '--db', 'sqlite:/tmp/x.db', '--data', csvs[0]!]);
    expect(r.code).toBe(2);
  });
});
