/**
 * `accord evaluate --contract` with several files (contract.md, Versions): two files of the same version
 * with different contents are refused as `contract import` refuses them (one check, the domain's
 * `versionClash`), naming both files and the version; the same file twice is one version.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstVersionClash } from '../../src/domain/contract/versions.js';
import { runCli, tempFiles } from '../support/cli.js';

const contractText = (version: number, fee: string) => `contract: audit-c6
version: ${version}
effective_from: 2026-${version === 1 ? '01' : '07'}-01
client: C
partner: P
timezone: Europe/Amsterdam
currency: EUR
monthly_fee: ${fee}
period: month
metrics:
  - { id: m1, kind: rate, measure: m1, target: 80% }
`;

const dir = tempFiles({
  'v1.yaml': contractText(1, '100000.00'),
  'v1-other.yaml': contractText(1, '150000.00'),
  'v2.yaml': contractText(2, '200000.00'),
  'contacts.csv': 'id,channel,created_at,m1\nC1,email,2026-03-10T10:00:00+00:00,true\n',
});
const evaluate = (...files: string[]) =>
  runCli([
    'evaluate',
    '--contract',
    ...files.map((f) => join(dir, f)),
    '--period',
    '2026-03',
    '--as-of',
    '2026-12-01T00:00:00Z',
    '--data',
    `contacts=${join(dir, 'contacts.csv')}`,
    '--json',
  ]);

describe('accord evaluate --contract with two texts of one version', () => {
  it.each([
    ['v1.yaml', 'v1-other.yaml', 1],
    ['v1.yaml', 'v1.yaml', 0],
    ['v1.yaml', 'v2.yaml', 0],
  ])('%s and %s: exit %i', async (a, b, code) => {
    const r = await evaluate(a, b);
    expect(r.code, r.stderr).toBe(code);
    if (code === 1) {
      expect(r.stderr).toContain(join(dir, a));
      expect(r.stderr).toContain(join(dir, b));
      expect(r.stderr).toContain('both version 1 of "audit-c6" with different contents');
    } else expect(JSON.parse(r.stdout).payable ?? JSON.parse(r.stdout).statement.payable).toBe('100000.00');
  });

  it.each([
    [
      [
        { label: 'a', contract: 'c', version: 1, digest: 'x' },
        { label: 'b', contract: 'c', version: 1, digest: 'y' },
      ],
      true,
    ],
    [
      [
        { label: 'a', contract: 'c', version: 1, digest: 'x' },
        { label: 'b', contract: 'c', version: 1, digest: 'x' },
      ],
      false,
    ],
    [
      [
        { label: 'a', contract: 'c', version: 1, digest: 'x' },
        { label: 'b', contract: 'c', version: 2, digest: 'y' },
      ],
      false,
    ],
  ])('the one check: %j clashes: %s', (texts, clashes) => {
    expect(firstVersionClash(texts) !== null).toBe(clashes);
  });
});
