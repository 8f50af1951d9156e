/**
 * `accord actions list|add|update`, `accord notes set` and `accord schedule list|set`: the operator acts for
 * one party at a time on the same services as the API; --json prints one document; wrong input exits 1 or 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractText } from '../api/support.js';
import { runCli, tempFiles } from '../support/cli.js';
import { freshLocation, type TestStoreLocation } from '../support/stores.js';

let location: TestStoreLocation;
let dir: string;
const db = () => ['--db', location.url];
const PLANNED = contractText('acme-act')
  .replace('    target: 80%\n', '    target: 80%\n    action_plan: { when: missed, due_within: 10d }\n')
  .replace('period: month\n', 'period: month\nreport: [week, month]\n');

beforeAll(async () => {
  location = await freshLocation('sqlite');
  dir = tempFiles({ 'contract.yaml': PLANNED });
  const r = await runCli(['contract', 'import', join(dir, 'contract.yaml'), ...db()]);
  expect(r.code, r.stderr).toBe(0);
});

afterAll(async () => {
  await location.drop();
});

async function json(args: string[]) {
  const r = await runCli([...args, ...db(), '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('accord actions and notes', () => {
  it('adds, lists, updates and closes an action; both sides write; notes per period', async () => {
    const added = await json([
      'actions',
      'add',
      'acme-act',
      '--side',
      'partner',
      '--what',
      'Hire two agents for the late shift',
      '--owner',
      'partner',
      '--person',
      'Pat',
      '--due',
      '2026-11-20',
      '--metric',
      'phone-service-level',
      '--period',
      '2026-10',
    ]);
    expect(added).toMatchObject({
      period: '2026-10',
      status: 'open',
      owner: { side: 'partner', person: 'Pat' },
      required: false,
    });
    const list = await json(['actions', 'list', 'acme-act', '--period', '2026-11']);
    expect(list.actions.map((a: { id: string; carried: boolean }) => [a.id, a.carried])).toEqual([
      [added.id, true],
    ]);
    const done = await json([
      'actions',
      'update',
      'acme-act',
      added.id,
      '--side',
      'client',
      '--status',
      'done',
      '--person',
      '',
    ]);
    expect(done).toMatchObject({ status: 'done', owner: { person: null } });
    expect(done.closedAt).not.toBeNull();
    const notes = await json([
      'notes',
      'set',
      'acme-act',
      '2026-10',
      '--side',
      'client',
      '--text',
      'Agreed in the October review.',
    ]);
    expect(notes).toMatchObject({ period: '2026-10', text: 'Agreed in the October review.' });
    const text = await runCli(['actions', 'list', 'acme-act', '--period', '2026-10', ...db()]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Hire two agents for the late shift');
    expect(text.stdout).toContain('Agreed in the October review.');
  });

  it('exits 1 for what the services refuse and 2 for a wrong command line', async () => {
    const unknown = await runCli(['actions', 'list', 'no-such', ...db()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('contract "no-such" is not in the store');
    const badDate = await runCli([
      'actions',
      'add',
      'acme-act',
      '--side',
      'client',
      '--what',
      'x',
      '--owner',
      'client',
      '--due',
      'tomorrow',
      ...db(),
    ]);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('dueDate: "tomorrow" is not a date');
    const noSide = await runCli(['notes', 'set', 'acme-act', '2026-10', '--text', 'x', ...db()]);
    expect(noSide.code).toBe(2);
    const nothing = await runCli(['actions', 'update', 'acme-act', 'act_x', '--side', 'client', ...db()]);
    expect(nothing.code).toBe(2);
    const missing = await runCli([
      'actions',
      'update',
      'acme-act',
      'act_missing',
      '--side',
      'client',
      '--status',
      'done',
      ...db(),
    ]);
    expect(missing.code).toBe(1);
  });
});

describe('accord report --db', () => {
  it("shows a stored contract's action plan: the period's actions and notes", async () => {
    await json([
      'actions',
      'add',
      'acme-act',
      '--side',
      'client',
      '--what',
      'Rewrite the IVR menu',
      '--owner',
      'client',
      '--period',
      '2026-11',
    ]);
    await json([
      'notes',
      'set',
      'acme-act',
      '2026-11',
      '--side',
      'partner',
      '--text',
      'Reviewed on 3 December.',
    ]);
    const out = join(dir, 'report.html');
    const r = await runCli([
      'report',
      '--contract',
      join(dir, 'contract.yaml'),
      '--period',
      '2026-11',
      '--format',
      'html',
      '--out',
      out,
      '--as-of',
      '2026-12-03T09:00:00+01:00',
      ...db(),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<section id="action-plan">');
    expect(html).toContain('Rewrite the IVR menu');
    expect(html).toContain('Reviewed on 3 December.');
  });
});

describe('accord schedule', () => {
  it("lists the defaults of the contract's report: periods, and sets one", async () => {
    const list = await json(['schedule', 'list', 'acme-act']);
    expect(
      list.schedules.map((s: { period: string; source: string; time: string }) => [
        s.period,
        s.source,
        s.time,
      ]),
    ).toEqual([
      ['week', 'contract', '08:00'],
      ['month', 'contract', '08:00'],
    ]);
    const set = await json([
      'schedule',
      'set',
      'acme-act',
      'month',
      '--side',
      'client',
      '--working-day',
      '3',
      '--time',
      '07:30',
      '--lang',
      'nl',
    ]);
    expect(set).toMatchObject({
      period: 'month',
      workingDay: 3,
      time: '07:30',
      lang: 'nl',
      source: 'stored',
      enabled: true,
    });
    const off = await json(['schedule', 'set', 'acme-act', 'week', '--side', 'partner', '--disable']);
    expect(off).toMatchObject({ period: 'week', enabled: false, nextRun: null });
    const wrong = await runCli([
      'schedule',
      'set',
      'acme-act',
      'week',
      '--side',
      'client',
      '--working-day',
      '2',
      ...db(),
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('a weekly report runs on a weekday');
  });
});
