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

  it('reads the store in a fixed order: the same input digest', async () => {
    // The data's part of the digest is over the rows' stored digests in the order read (docs/evaluation.md),
    // so it pins the period reader's order and the rows it reads. (`--data` digests the files' bytes
    // instead, so the two never agree.)
    const key = process.env.ACCORD_PSEUDONYM_KEY;
    process.env.ACCORD_PSEUDONYM_KEY = 'test-key';
    try {
      const db = `sqlite:${join(tempFiles({}), 'accord.db')}`;
      expect((await runCli(['ingest', ...csvs, '--db', db, '--json'])).code).toBe(0);
      const fromStore = await runCli([...base, '--db', db]);
      // E00 was created in September; its October survey and QA evaluation bring it along. The
      // contract digest is part of it (it changed with the `data:` key in the canonical form), and the survey
      // comments are dropped on ingest: no contract in this store keeps them.
      expect(JSON.parse(fromStore.stdout).inputDigest).toBe(
        'sha256:948a7f01d3489d86a00be676ead37578680afc5186f1f58e3a0f4c6c566682f0',
      );
    } finally {
      if (key === undefined) delete process.env.ACCORD_PSEUDONYM_KEY;
      else process.env.ACCORD_PSEUDONYM_KEY = key;
    }
  });

  it('refuses two sources of records at once', async () => {
    const r = await runCli([...base, '--db', 'sqlite:/tmp/x.db', '--data', csvs[0]!]);
    expect(r.code).toBe(2);
  });

  it('without --contract: a usage error naming the option, not a stack trace', async () => {
    const db = `sqlite:${join(tempFiles({}), 'accord.db')}`;
    const r = await runCli(['evaluate', '--period', '2026-10', '--db', db, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--contract');
    // interfaces.md: with --json exactly one JSON document on stdout, a usage error's too.
    expect(JSON.parse(r.stdout).error.message).toContain('--contract');
  });
});
