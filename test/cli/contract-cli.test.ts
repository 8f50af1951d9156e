import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSourceText } from '../../src/ingest/contract-text.js';
import { runBinary, runCli, tempFiles } from '../support/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLE = 'examples/contract.yaml';
const EXAMPLE_TEXT = readFileSync(join(ROOT, EXAMPLE), 'utf8');
const DIGEST = 'sha256:0a62933a179b84c8cb350efda743482f98f9e90cd628908e402746579f1ccd65';

const dir = tempFiles({
  'bad.yaml': EXAMPLE_TEXT.replace('threshold: 30s', 'threshold: 30 sec').replace(
    '    target: 8.0\n',
    '    target: 80%\n',
  ),
  'syntax.yaml': EXAMPLE_TEXT.replace('report: [week, month]', 'report: [week, month'),
  'contract.json': JSON.stringify(parseSourceText(EXAMPLE_TEXT, EXAMPLE).value),
  'bomb.yaml': [
    EXAMPLE_TEXT,
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`),
    '',
  ].join('\n'),
});

describe('accord contract check (the built binary)', () => {
  it('exits 0 with a one-line summary for the example', () => {
    const r = runBinary(['contract', 'check', EXAMPLE]);
    expect(r).toEqual({
      code: 0,
      stdout: `examples/contract.yaml: valid — acme-customer-service version 3, 17 metrics, ${DIGEST}\n`,
      stderr: '',
    });
  });

  it('--json prints exactly the document of the brief', () => {
    const r = runBinary(['contract', 'check', EXAMPLE, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      `{"valid":true,"contract":"acme-customer-service","version":3,"digest":"${DIGEST}","metrics":17}\n`,
    );
  });

  it('the same contract as JSON has the same digest', () => {
    const r = runBinary(['contract', 'check', join(dir, 'contract.json'), '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, digest: DIGEST });
  });

  it('exits 1 with every error on stderr, FILE:LINE path: message', () => {
    const file = join(dir, 'bad.yaml');
    const r = runBinary(['contract', 'check', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.replaceAll(file, 'bad.yaml')).toMatchInlineSnapshot(`
      "accord: bad.yaml: invalid contract (2 errors)
        bad.yaml:29: metrics[0].threshold: "30 sec" is not a duration
        bad.yaml:80: metrics[9].target: "80%" is not a number: a mean_score target is a plain score such as 8.0 (for a share of answers use kind top_box)
      "
    `);
  });

  it('--json on an invalid contract prints one document with every error, and exits 1', () => {
    const r = runBinary(['contract', 'check', join(dir, 'bad.yaml'), '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(
      /^\{"valid":false,"errors":\[\{"path":"metrics\[0\]\.threshold","line":29,"message":"\\"30 sec\\" is not a duration"\},/,
    );
    expect(JSON.parse(r.stdout)).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "line": 29,
            "message": ""30 sec" is not a duration",
            "path": "metrics[0].threshold",
          },
          {
            "line": 80,
            "message": ""80%" is not a number: a mean_score target is a plain score such as 8.0 (for a share of answers use kind top_box)",
            "path": "metrics[9].target",
          },
        ],
        "valid": false,
      }
    `);
  });

  it('a YAML syntax error has its line, and a missing file is an error too', () => {
    const r = runBinary(['contract', 'check', join(dir, 'syntax.yaml'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "line": 15,
            "message": "column 1: Flow sequence in block collection must be sufficiently indented and end with a ]",
            "path": "",
          },
        ],
        "valid": false,
      }
    `);
    const missing = runBinary(['contract', 'check', join(dir, 'nope.yaml'), '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({
      valid: false,
      errors: [{ path: '', line: null, message: 'cannot read (no such file)' }],
    });
  });

  it('a YAML alias bomb is one error: exit 1, with --json one JSON document, no stack trace', () => {
    const file = join(dir, 'bomb.yaml');
    const message =
      'expands aliases (*name) more than 100 times: refused, as an alias bomb would exhaust memory';
    const r = runBinary(['contract', 'check', file, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ valid: false, errors: [{ path: '', line: null, message }] });
    expect(r.stderr).toBe(`${file}: ${message}\n`);
    const text = runBinary(['contract', 'check', file]);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain(`${file}: ${message}`);
    expect(text.stderr).not.toMatch(/\bat \w+ \(/);
  });

  it('usage errors exit 2', () => {
    expect(runBinary(['contract', 'check']).code).toBe(2);
    expect(runBinary(['contract', 'check', EXAMPLE, '--jsonn']).code).toBe(2);
    expect(runBinary(['contract']).code).toBe(2);
  });

  it('prints help with --help (exit 0)', () => {
    const r = runBinary(['contract', 'check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--json');
  });
});

describe('accord contract check --canonical', () => {
  it('prints the canonical form whose SHA-256 is the digest', async () => {
    const r = await runCli(['contract', 'check', join(ROOT, EXAMPLE), '--canonical']);
    expect(r.code).toBe(0);
    const { createHash } = await import('node:crypto');
    expect(`sha256:${createHash('sha256').update(r.stdout.trimEnd(), 'utf8').digest('hex')}`).toBe(DIGEST);
  });
});

describe('accord contract explain', () => {
  it('explains the example in English by default', () => {
    const r = runBinary(['contract', 'explain', EXAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'phone-service-level — Calls answered within 30 s: at least 80% of inbound phone contacts are answered within 30 s on a 24/7 clock, per language (fr: 70%); abandoned calls count as failures, abandons under 5 s are left out; judged per month.',
    );
    expect(r.stdout).toContain(`Digest: ${DIGEST}`);
  });

  it('speaks Dutch and German', async () => {
    const nl = await runCli(['contract', 'explain', join(ROOT, EXAMPLE), '--lang', 'nl']);
    expect(nl.code).toBe(0);
    expect(nl.stdout).toContain(
      'Oproepen binnen 30 s beantwoord: minstens 80% van de inkomende contacten via telefoon',
    );
    expect(nl.stdout).toContain('Boetes: hoogstens 12% van de periodevergoeding');
    const de = await runCli(['contract', 'explain', join(ROOT, EXAMPLE), '--lang', 'de']);
    expect(de.code).toBe(0);
    expect(de.stdout).toContain(
      'mindestens 80 % der eingehenden Kontakte per Telefon werden innerhalb von 30 Sek. angenommen',
    );
    expect(de.stdout).toContain('Vertragsstrafen: höchstens 12 % der Periodenvergütung');
  });

  it('refuses an unknown language (exit 2) and an invalid contract (exit 1)', () => {
    const lang = runBinary(['contract', 'explain', EXAMPLE, '--lang', 'fr']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('Allowed choices are en, nl, de');
    const bad = runBinary(['contract', 'explain', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('metrics[0].threshold: "30 sec" is not a duration');
  });
});
