/**
 * `accord contract diff OLD NEW` and `accord contract import` (issue 12.10): changes in the contract's own
 * words (`80% → 85%`, `30m → 45m`, `120000.00 → 125000.00`), and a warning when the later version takes
 * effect before the day it is signed, so that periods judged already are judged again.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerServeCommand } from '../../src/cli/serve-command.js';
import { runCli, tempFiles } from '../support/cli.js';

const v3 = readFileSync(resolve(import.meta.dirname, '../../examples/contract.yaml'), 'utf8');
const v4 = [
  ['version: 3', 'version: 4'],
  ['effective_from: 2026-01-01', 'effective_from: 2026-11-01'],
  ['monthly_fee: 120000.00', 'monthly_fee: 125000.00'],
  ['    csat: 30%', '    csat: 25%'],
  ['{ language: { fr: 70% } }', '{ language: { fr: 72.5%, de: 75% } }'],
  ['exceed_by: 5 ', 'exceed_by: 6 '],
  ['ramp_up: [80%, 90%]', 'ramp_up: [85%, 90%]'],
  ['acknowledge_within: 30m', 'acknowledge_within: 45m'],
  ['    threshold: 20s', '    threshold: 15s'],
  [
    'target: 0 incidents',
    'target: 1 incident\n  - id: chat-speed\n    kind: average\n    measure: speed_of_answer\n    target: 1m30s',
  ],
].reduce((text, [from, to]) => {
  expect(text).toContain(from);
  return text.replace(from!, to!);
}, v3);
const dir = tempFiles({ 'v3.yaml': v3, 'v4.yaml': v4 });
const [V3, V4] = [join(dir, 'v3.yaml'), join(dir, 'v4.yaml')];
const WARNING =
  'version 4 takes effect on 2026-11-01, before today (2026-12-07): once both parties have signed it, periods from 2026-11-01 that version 3 judged already are judged again under version 4';

describe('accord contract diff', () => {
  it('lists every change as the contract writes it, and warns that past periods are judged again', async () => {
    const r = await runCli(['contract', 'diff', V3, V4, '--as-of', '2026-12-07']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'acme-customer-service version 3 → 4: 12 changes',
      '  acceptance.ramp_up[0]: 80% → 85%',
      '  bonus.exceed_by: 5 → 6',
      '  credits.allocation.csat: 30% → 25%',
      '  effective_from: 2026-01-01 → 2026-11-01',
      '  escalation[0].acknowledge_within: 30m → 45m',
      '  metrics[id=phone-service-level].split_targets.language.de: added 75%',
      '  metrics[id=phone-service-level].split_targets.language.fr: 70% → 72.5%',
      '  metrics[id=premium-reachability].threshold: 20s → 15s',
      '  metrics[id=privacy].target: 0 incidents → 1 incident',
      '  metrics[id=chat-speed]: added average, target 1m30s',
      '  monthly_fee: 120000.00 → 125000.00',
      '  version: 3 → 4',
    ]);
    expect(r.stderr.trim()).toBe(`accord contract diff: warning: ${WARNING}`);
    expect(r.stdout).not.toMatch(/ppm|Ppm|Cents|Ms\b|800000/);
  });

  it('prints one JSON document with --json, and no warning for a version that starts later', async () => {
    const r = await runCli(['contract', 'diff', V3, V4, '--as-of', '2026-10-31', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.warnings).toEqual([]);
    expect(doc.changes).toContainEqual({
      path: 'monthly_fee',
      op: 'changed',
      from: '120000.00',
      to: '125000.00',
      text: 'monthly_fee: 120000.00 → 125000.00',
    });
    expect(r.stderr).toBe('');
  });
});

describe('accord contract import', () => {
  it('warns when the imported version judges periods of the version before it again', async () => {
    const db = `sqlite:${join(tempFiles({}), 'accord.db')}`;
    expect((await runCli(['contract', 'import', V3, '--db', db])).stderr).toBe('');
    const r = await runCli(['contract', 'import', V4, '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const warnings = JSON.parse(r.stdout).warnings as { message: string }[];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(
      /^version 4 takes effect on 2026-11-01, before \d{4}-\d{2}-\d{2}, the day both parties signed it: periods from 2026-11-01 that version 3 judged already are judged again under version 4$/,
    );
    expect(r.stderr).toContain('accord contract import: warning: version 4 takes effect on 2026-11-01');
  });
});

describe('accord serve --contract', () => {
  it('warns, as contract import does, when the version judges periods of the one before it again', async () => {
    const db = `sqlite:${join(tempFiles({}), 'accord.db')}`;
    expect((await runCli(['contract', 'import', V3, '--db', db])).code).toBe(0);
    const lines: string[] = [];
    const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
    const abort = new AbortController();
    let serving: Promise<unknown> = Promise.resolve();
    await new Promise<void>((listening) => {
      const program = new Command('accord').exitOverride();
      registerServeCommand(program, io, { signal: abort.signal, onListening: () => listening() });
      serving = program.parseAsync(['serve', '--port', '0', '--db', db, '--contract', V4], { from: 'user' });
      serving.catch(() => listening());
    });
    abort.abort();
    await serving;
    expect(lines.join('\n')).toContain('accord serve: warning: version 4 takes effect on 2026-11-01');
  });
});
