/**
 * Done-when of issue 18: `accord demo --format genesys|connect|asterisk` writes the demo's data as that
 * system's native export, and importing it (`accord ingest --format …`, which the demo runs) gives the same
 * evaluation as the normalised demo files for every metric the format can carry. The metrics it cannot
 * carry are named here, per format, and must be the only ones that differ (docs/connectors.md).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempFiles } from '../support/cli.js';

const DEMO = ['--months', '1', '--contacts-per-month', '1500', '--start', '2026-10', '--seed', '7'];
const EVALUATE = ['--period', '2026-10', '--as-of', '2026-12-01T00:00:00Z', '--json'];

/** What each format loses, and so the metrics of the demo contract that come out differently. */
const CANNOT_CARRY: Record<string, readonly string[]> = {
  // Resolution and first time right are not part of a conversation's details or a contact record.
  genesys: ['question-resolution', 'complaint-resolution', 'first-time-right'],
  connect: ['question-resolution', 'complaint-resolution', 'first-time-right'],
  // queue_log has no language (the split rows) and no customer tier (the premium segment) either.
  asterisk: [
    'question-resolution',
    'complaint-resolution',
    'first-time-right',
    'phone-service-level/language',
    'premium-reachability',
  ],
};

interface Row {
  id: string;
  split: Record<string, string | null> | null;
  numerator: number;
  denominator: number;
  value: number | null;
}
const rowKey = (r: Row) => `${r.id}${r.split === null ? '' : '/' + Object.keys(r.split).join(',')}`;
const byRow = (rows: Row[]) => new Map(rows.map((r) => [`${r.id} ${JSON.stringify(r.split)}`, r]));

let normalised: Map<string, Row>;

beforeAll(async () => {
  process.env.ACCORD_PSEUDONYM_KEY ??= 'test-key';
  const dir = tempFiles({});
  const demo = await runCli(['demo', ...DEMO, '--out', dir, '--no-ingest', '--json']);
  expect(demo.code).toBe(0);
  const csvs = readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .flatMap((f) => ['--data', join(dir, f)]);
  const run = await runCli(['evaluate', '--contract', join(dir, 'contract.yaml'), ...EVALUATE, ...csvs]);
  expect(run.code).toBe(0);
  normalised = byRow(JSON.parse(run.stdout).metrics);
}, 180_000);

describe('the demo written as a telephony system’s native export', () => {
  for (const format of ['genesys', 'connect', 'asterisk']) {
    it(`--format ${format}: importing it gives the normalised demo's figures for every metric ${format} can carry`, async () => {
      const dir = tempFiles({});
      const db = `sqlite:${join(dir, 'accord.db')}`;
      const out = join(dir, 'demo');
      const demo = await runCli(['demo', ...DEMO, '--format', format, '--out', out, '--db', db, '--json']);
      expect(demo.code, demo.stderr).toBe(0);
      const written = JSON.parse(demo.stdout);
      expect(written.native.format).toBe(format);
      expect(written.native.files.length).toBeGreaterThan(0);
      expect(written.ingest.rejected).toBe(0);
      // The phone calls are no longer in the normalised contacts: they come from the native files.
      const run = await runCli([
        'evaluate',
        '--contract',
        join(out, 'contract.yaml'),
        ...EVALUATE,
        '--db',
        db,
      ]);
      expect(run.code).toBe(0);
      const imported = byRow(JSON.parse(run.stdout).metrics);
      const same: string[] = [];
      const differ = new Set<string>();
      for (const [key, want] of normalised) {
        const got = imported.get(key);
        const equal =
          got !== undefined && got.numerator === want.numerator && got.denominator === want.denominator;
        if (equal) same.push(key);
        else differ.add(rowKey(want));
      }
      expect([...differ].sort()).toEqual([...CANNOT_CARRY[format]!].sort());
      // The queue metrics the format exists for are among those carried.
      for (const id of [
        'phone-service-level',
        'phone-speed-of-answer',
        'phone-abandonment',
        'chat-acceptance',
      ])
        expect(same).toContain(`${id} null`);
    }, 180_000);
  }
});
