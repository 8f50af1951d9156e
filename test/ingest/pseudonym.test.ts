import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  lazyPseudonymise,
  loadPseudonymKey,
  Pseudonymiser,
  PseudonymKeyError,
  pseudonymKeyFile,
} from '../../src/ingest/pseudonym.js';

const temp = () => mkdtempSync(join(tmpdir(), 'accord-key-'));

describe('pseudonymisation key', () => {
  it('takes ACCORD_PSEUDONYM_KEY first', () => {
    const k = loadPseudonymKey({
      env: { ACCORD_PSEUDONYM_KEY: ' secret ', ACCORD_PSEUDONYM_KEY_FILE: '/nonexistent' },
    });
    expect(k).toEqual({ key: Buffer.from('secret'), origin: 'ACCORD_PSEUDONYM_KEY' });
  });

  it('defaults to ~/.config/accord/pseudonym.key, or ACCORD_PSEUDONYM_KEY_FILE', () => {
    expect(pseudonymKeyFile({ HOME: '/home/ann' })).toBe('/home/ann/.config/accord/pseudonym.key');
    expect(pseudonymKeyFile({ HOME: '/home/ann', ACCORD_PSEUDONYM_KEY_FILE: '/etc/k' })).toBe('/etc/k');
  });

  it('creates the key file with mode 0600 on first use, says where, and reuses it', () => {
    const dir = temp();
    const env = { HOME: dir };
    const warnings: string[] = [];
    const first = loadPseudonymKey({ env, create: true, warn: (m) => warnings.push(m) });
    const file = join(dir, '.config', 'accord', 'pseudonym.key');
    expect(first.origin).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toContain(file);
    const second = loadPseudonymKey({ env, create: true, warn: (m) => warnings.push(m) });
    expect(second.key).toEqual(first.key);
    expect(warnings.length).toBe(1);
  });

  it('does not create a key when asked not to, and refuses an empty file', () => {
    const dir = temp();
    expect(() => loadPseudonymKey({ env: { HOME: dir } })).toThrow(PseudonymKeyError);
    const file = join(dir, 'empty.key');
    writeFileSync(file, '\n', { mode: 0o600 });
    expect(() => loadPseudonymKey({ env: { ACCORD_PSEUDONYM_KEY_FILE: file } })).toThrow(/empty/);
  });

  it('warns about a key file others can read', () => {
    const file = join(temp(), 'open.key');
    writeFileSync(file, 'k\n', { mode: 0o644 });
    const warnings: string[] = [];
    loadPseudonymKey({ env: { ACCORD_PSEUDONYM_KEY_FILE: file }, warn: (m) => warnings.push(m) });
    expect(warnings.join()).toContain('chmod 600');
  });
});

describe('Pseudonymiser', () => {
  it('is HMAC-SHA-256 in hex, the same value giving the same pseudonym', () => {
    const p = new Pseudonymiser(Buffer.from('key'), 2);
    const expected = createHmac('sha256', 'key').update('cust-1').digest('hex');
    expect(p.hash('cust-1')).toBe(expected);
    expect(p.hash('cust-2')).not.toBe(expected);
    expect(p.hash('cust-3')).toHaveLength(64);
    expect(p.hash('cust-1')).toBe(expected);
  });

  it('loads the key lazily, once', () => {
    let loads = 0;
    const f = lazyPseudonymise(() => {
      loads++;
      return { key: Buffer.from('k'), origin: 'test' };
    });
    expect(loads).toBe(0);
    expect(f('a')).toBe(f('a'));
    f('b');
    expect(loads).toBe(1);
  });
});
