/**
 * What `accord evaluate` prints without --json, and what it refuses (issue 12, points 2 and 3): the
 * acceptance phase explained, zero amounts as 0.00, the records behind a metric with --breaches, an unknown
 * --breaches metric and a period that has not started refused (exit 1), a running period marked provisional.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signedAmount } from '../../src/cli/output.js';
import { runCli, tempFiles } from '../support/cli.js';

const DIR = join(import.meta.dirname, '../fixtures/hand-month');
const DATA = [
  'contacts',
  'status_events',
  'surveys',
  'qa_evaluations',
  'outages',
  'incidents',
  'privacy_incidents',
  'forecasts',
].flatMap((kind) => ['--data', join(DIR, `${kind}.csv`)]);
const AS_OF = '2026-11-28T09:00:00+01:00';

const evaluate = (contract: string, period: string, ...extra: string[]) =>
  runCli([
    'evaluate',
    '--contract',
    join(DIR, contract),
    '--period',
    period,
    '--as-of',
    AS_OF,
    ...DATA,
    ...extra,
  ]);

describe('accord evaluate text output', () => {
  it('says when a period is in the acceptance phase: which period, the ramp-up, the reduced fee, why no credits', async () => {
    const r = await evaluate('contract-acceptance.yaml', '2026-10');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Acceptance phase, period 1 (of at most 6)');
    expect(r.stdout).toContain('percentage targets are ramped up to 80% of the full target');
    expect(r.stdout).toContain('the fee is 90% of the period fee (90% of 120000.00 = 108000.00 EUR)');
    expect(r.stdout).toContain(
      'no credits, earn-back or bonus are charged during the acceptance phase, so the misses of phone-service-level, complaint-resolution carry no credit',
    );
    // Each ramped row shows the target used and the full one.
    expect(r.stdout).toMatch(
      /phone-service-level \[language=de\]\s+60\.0%\s+target\s+64\.0%\s+MISSED\s+\(ramped; full target 80\.0%\)/,
    );
    expect(r.stdout).toMatch(
      /phone-abandonment\s+14\.3%\s+target\s+6\.3%\s+MISSED\s+\(ramped; full target 5\.0%\)/,
    );
    expect(r.stdout).toContain(
      'fee 108000.00  credits 0.00  earn-back 0.00  bonus 0.00  payable 108000.00 EUR',
    );
  });

  it.each([
    ['contract-acceptance.yaml', '2026-10'],
    ['contract.yaml', '2026-10'],
  ])('%s %s: zero amounts print 0.00, never −0.00 or -0.00', async (contract, period) => {
    const r = await evaluate(contract, period);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/[−+-]0\.00\b/);
    expect(r.stdout).toMatch(/earn-back 0\.00 {2}bonus 0\.00/);
  });

  it.each([
    ['4320.00', '−', '−4320.00'],
    ['0.00', '−', '0.00'],
    ['-0.00', '+', '0.00'],
    ['3600.00', '+', '+3600.00'],
    ['-12.50', '+', '−12.50'],
    ['12.50', '+', '+12.50'],
  ] as const)('signedAmount(%s, %s) = %s', (amount, sign, expected) => {
    expect(signedAmount(amount, sign)).toBe(expected);
  });

  it('--breaches lists the records that count against the metric in text mode too', async () => {
    const r = await evaluate(
      'contract.yaml',
      '2026-10',
      '--breaches',
      'phone-service-level',
      '--breaches',
      'first-time-right',
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const de = lines.findIndex((l) => l.includes('phone-service-level [language=de]'));
    expect(lines.slice(de + 1, de + 3).map((l) => l.trim())).toEqual([
      '2 records count against it:',
      'P08, P09',
    ]);
    const ftr = lines.findIndex((l) => l.trimStart().startsWith('first-time-right'));
    expect(lines.slice(ftr + 1, ftr + 3).map((l) => l.trim())).toEqual([
      '3 records count against it:',
      'K3, P04, Q3',
    ]);
    // Only the metrics asked for.
    const csat = lines.findIndex((l) => l.trimStart().startsWith('csat '));
    expect(lines[csat + 1]).not.toContain('count against it');
  });

  it('an unknown --breaches metric is an error naming the ids that exist', async () => {
    for (const source of [DATA, ['--db', `sqlite:${join(tempFiles({}), 'accord.db')}`]]) {
      const r = await runCli([
        'evaluate',
        '--contract',
        join(DIR, 'contract.yaml'),
        '--period',
        '2026-10',
        '--as-of',
        AS_OF,
        ...source,
        '--breaches',
        'phone-service-levle',
      ]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(
        'metric "phone-service-levle" is not in version 1 of contract "acme-customer-service"',
      );
      expect(r.stderr).toContain('it has phone-service-level, phone-speed-of-answer,');
      expect(r.stderr).toContain('privacy');
    }
  });
});

describe('accord evaluate: running and future periods', () => {
  it('marks a period not ended by --as-of as provisional, its money an estimate', async () => {
    const text = await evaluate('contract.yaml', '2026-11');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('PROVISIONAL: 2026-11 runs until 2026-12-01T00:00:00+01:00');
    expect(text.stdout).toContain('counts in no streak');
    expect(text.stdout).toContain('estimate (the period has not ended): fee 120000.00');
    const json = await evaluate('contract.yaml', '2026-11', '--json');
    expect(JSON.parse(json.stdout).provisional).toBe(true);

    const ended = await evaluate('contract.yaml', '2026-10', '--json');
    expect(JSON.parse(ended.stdout).provisional).toBe(false);
    expect((await evaluate('contract.yaml', '2026-10')).stdout).not.toContain('PROVISIONAL');
  });

  it('refuses a period that starts after --as-of (exit 1), with --data and with the store', async () => {
    for (const source of [DATA, ['--db', `sqlite:${join(tempFiles({}), 'accord.db')}`]]) {
      const r = await runCli([
        'evaluate',
        '--contract',
        join(DIR, 'contract.yaml'),
        '--period',
        '2026-12',
        '--as-of',
        AS_OF,
        ...source,
        '--json',
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'period 2026-12 starts 2026-12-01T00:00:00+01:00, after the as-of instant 2026-11-28T09:00:00+01:00',
      );
      expect(JSON.parse(r.stdout).error.message).toContain('a period is judged once it has started');
    }
  });

  it('prints the text in Dutch and German with --lang', async () => {
    const nl = await evaluate('contract.yaml', '2026-11', '--lang', 'nl');
    expect(nl.stdout).toContain('VOORLOPIG: 2026-11 loopt tot');
    expect(nl.stdout).toContain('schatting (de periode loopt nog)');
    const de = await evaluate('contract-acceptance.yaml', '2026-10', '--lang', 'de');
    expect(de.stdout).toContain('Abnahmephase (Anlaufphase), Zeitraum 1');
  });
});
