import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary, tempFiles } from '../support/cli.js';

describe('accord start (npm start)', () => {
  it('creates and stores the demo on an empty store, judges the missing month, and reuses it next time', () => {
    const cwd = tempFiles({});
    const env = { ACCORD_PSEUDONYM_KEY: 'start-test-key' };
    const first = runBinary(['start', '--no-serve'], { cwd, env });
    expect(first.code, first.stderr.slice(-2000)).toBe(0);
    expect(existsSync(join(cwd, 'data/accord.db'))).toBe(true);
    expect(existsSync(join(cwd, 'data/demo/contract.yaml'))).toBe(true);
    expect(first.stderr).toContain('the store is empty; creating the demo');
    expect(first.stdout).toMatch(/phone-service-level \[language=nl\]\s+\d+\.\d%\s+target\s+80\.0%\s+MISSED/);
    expect(first.stdout).toContain('payable');
    const second = runBinary(['start', '--no-serve'], { cwd, env });
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/the store holds 150,000 contacts; using them/);
  }, 120_000);
});
