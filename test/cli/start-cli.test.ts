import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addMonths, monthLabel } from '../../src/demo/plan.js';
import { isoFromDayNumber, localDayOf } from '../../src/domain/time/zone.js';
import { CONTACTS_A, contractText } from '../api/support.js';
import { runBinary, tempFiles } from '../support/cli.js';

/** The month before the current one in Amsterdam: the last month that has ended. */
function lastFullMonth(): string {
  const today = isoFromDayNumber(localDayOf('Europe/Amsterdam', Date.now()));
  const m = addMonths(Number(today.slice(0, 4)), Number(today.slice(5, 7)), -1);
  return monthLabel(m.year, m.month);
}

/** The lines after the last "Try next:" (or "Next:") up to the next blank line. */
function hints(stdout: string): string[] {
  const lines = stdout.split('\n');
  const at = lines.findLastIndex((l) => /^(Try next|Next):$/.test(l));
  expect(at, stdout).toBeGreaterThan(-1);
  const rest = lines.slice(at + 1);
  const end = rest.indexOf('');
  return end < 0 ? rest : rest.slice(0, end);
}

const env = { ACCORD_PSEUDONYM_KEY: 'start-test-key' };

describe('accord start (npm start)', () => {
  it('creates and stores the demo on an empty store, says what it judges, and judges the same next time', () => {
    const cwd = tempFiles({});
    const first = runBinary(['start', '--no-serve'], { cwd, env });
    expect(first.code, first.stderr.slice(-2000)).toBe(0);
    expect(existsSync(join(cwd, 'data/accord.db'))).toBe(true);
    expect(existsSync(join(cwd, 'data/demo/contract.yaml'))).toBe(true);
    expect(first.stderr).toContain('the store is empty; creating the demo');
    // What is judged: the contract and its parties, the period, the store; then the headline.
    const month = lastFullMonth();
    expect(first.stdout).toContain(
      'Judged: contract acme-customer-service v1 between ACME B.V. and Example Contact Services B.V. (data/demo/contract.yaml)',
    );
    expect(first.stdout).toContain(`period ${month}, its last period that has ended`);
    expect(first.stdout).toContain('records from the store sqlite:./data/accord.db');
    // The demo's last full month is the one that misses targets.
    expect(first.stdout).toMatch(/\d+ metrics: \d+ met, [1-9]\d* missed/);
    expect(first.stdout).toMatch(/missed: phone-service-level \([a-z/, ]+\)/);
    expect(first.stdout).toMatch(/fee 120000\.00, credits [1-9]\d*\.\d\d, payable \d+\.\d\d EUR/);
    expect(first.stdout).not.toContain('warning:');
    for (const hint of hints(first.stdout)) expect(hint).toMatch(/^ {2}npx accord /);
    // The campaign month (the current one) as of its end: its peak excuses the phone targets.
    const campaign = hints(first.stdout).find((h) => h.includes('# the campaign month'));
    expect(campaign).toMatch(
      /^ {2}npx accord evaluate --contract data\/demo\/contract\.yaml --period \d{4}-\d\d --as-of \S+ {3}#/,
    );
    const args = campaign!.split('#')[0]!.trim().split(/\s+/).slice(2);
    const excused = runBinary(args, { cwd, env });
    expect(excused.code, excused.stderr).toBe(0);
    expect(excused.stdout).toMatch(/phone-abandonment\s+\S+%\s+target\s+5\.0%\s+not judged \(volume_band\)/);
    // The demo's own hints, printed on the way, too.
    expect(first.stdout).toContain('  npx accord status');
    expect(first.stdout).not.toMatch(/^ {2}accord /m);

    const second = runBinary(['start', '--no-serve'], { cwd, env });
    expect(second.code, second.stderr.slice(-2000)).toBe(0);
    expect(second.stderr).toMatch(/the store holds 150,000 contacts; using them \(no new demo\)/);
    expect(second.stderr).not.toContain('creating the demo');
    // The same judgement, said the same way.
    const judged = (s: string) => s.slice(s.indexOf('Judged:'));
    expect(judged(second.stdout).replace(/as of \S+/, '')).toBe(
      judged(first.stdout).replace(/as of \S+/, ''),
    );
  }, 240_000);

  it('on a store with data but no demo and no contract: says there is nothing to judge, creates no demo', () => {
    const cwd = tempFiles({ 'contacts.csv': CONTACTS_A });
    const ingest = runBinary(['ingest', 'contacts.csv', '--source', 'crm'], { cwd, env });
    expect(ingest.code, ingest.stderr).toBe(0);
    const r = runBinary(['start', '--no-serve'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('the store holds 4 contacts; using them (no new demo)');
    expect(r.stdout).toContain('holds 4 contacts but no contract, so there is nothing to judge yet');
    expect(existsSync(join(cwd, 'data/demo'))).toBe(false);
    for (const hint of hints(r.stdout)) expect(hint).toMatch(/^ {2}npx accord /);
  }, 60_000);

  it('on a store with a contract of its own: judges that contract’s last full month and names it', () => {
    const cwd = tempFiles({ 'contacts.csv': CONTACTS_A });
    writeFileSync(join(cwd, 'alpha.yaml'), contractText('alpha'));
    expect(runBinary(['contract', 'import', 'alpha.yaml', '--source', 'crm'], { cwd, env }).code).toBe(0);
    expect(runBinary(['ingest', 'contacts.csv', '--source', 'crm'], { cwd, env }).code).toBe(0);
    const r = runBinary(['start', '--no-serve'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Judged: contract alpha v1 between ACME B.V. and Alpha Contact B.V. (stored)');
    expect(r.stdout).toContain(`period ${lastFullMonth()}, its last period that has ended`);
    expect(r.stdout).toMatch(/\d+ metrics: /);
    expect(existsSync(join(cwd, 'data/demo'))).toBe(false);
    for (const hint of hints(r.stdout)) expect(hint).toMatch(/^ {2}npx accord /);
  }, 60_000);
});
