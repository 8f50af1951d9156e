/**
 * An acceptance check of `accord evaluate` against figures worked out by hand from the specification
 * (test/fixtures/hand-month/WORKSHEET.md), never from the code. Runs the binary, built from the sources by
 * the test run's global set-up.
 */
import { describe, expect, it } from 'vitest';
import { runBinary, runCli } from '../support/cli.js';

const DIR = 'test/fixtures/hand-month';
const DATA = [
  'contacts',
  'status_events',
  'surveys',
  'qa_evaluations',
  'outages',
  'incidents',
  'privacy_incidents',
  'forecasts',
].flatMap((kind) => ['--data', `${DIR}/${kind}.csv`]);
const AS_OF = '2026-11-28T09:00:00+01:00';

interface Row {
  id: string;
  split: Record<string, string | null> | null;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  target: number;
  met: boolean | null;
  judged: boolean;
  reason: string | null;
  volume: { forecast: number | null; actual: number; withinBand: boolean } | null;
}

interface Doc {
  contract: string;
  version: number;
  contractDigest: string;
  period: string;
  asOf: string;
  inputDigest: string;
  metrics: Row[];
  verdicts: Record<string, string>;
  credits: {
    total: string;
    currency: string;
    lines: { metric: string; rule: string; amount: string }[];
  } | null;
  earnBack: { total: string; lines: unknown[] } | null;
  bonus: { earned: boolean; amount: string; streak: number } | null;
  acceptance: { phase: string; period: number | null };
  statement: { fee: string; credits: string; earnBack: string; bonus: string; payable: string } | null;
  warnings: { code: string; contact: string | null; message: string }[];
}

function evaluate(contractFile: string): { code: number; stdout: string; stderr: string } {
  return runBinary([
    'evaluate',
    '--contract',
    `${DIR}/${contractFile}`,
    '--period',
    '2026-10',
    '--as-of',
    AS_OF,
    ...DATA,
    '--json',
  ]);
}

function run(contractFile: string): { doc: Doc; code: number; stderr: string } {
  const r = evaluate(contractFile);
  return { doc: JSON.parse(r.stdout || 'null') as Doc, code: r.code, stderr: r.stderr };
}

function row(doc: Doc, id: string, language?: string | null): Row {
  const rows = doc.metrics.filter(
    (m) =>
      m.id === id && (language === undefined ? m.split === null : (m.split?.language ?? null) === language),
  );
  expect(rows, `${id} ${language ?? ''}`).toHaveLength(1);
  return rows[0] as Row;
}

const PHONE_VOLUME = { forecast: 15, actual: 16, withinBand: true };
/** Contact metrics without a matching forecast row (WORKSHEET.md A3): shown, no exemption. */
const noForecast = (actual: number) => ({ forecast: null, actual, withinBand: true });

/** The hand-computed rows of WORKSHEET.md §2 (value: the exact rational, correctly rounded). */
const judged = (numerator: number, denominator: number, value: number, target: number, met: boolean) => ({
  numerator,
  denominator,
  value,
  target,
  met,
  judged: true,
  reason: null,
});

const VERDICTS = {
  'phone-service-level': 'missed',
  'phone-speed-of-answer': 'missed',
  'phone-abandonment': 'missed',
  'email-first-response': 'missed',
  'chat-acceptance': 'unjudged',
  'question-resolution': 'missed',
  'complaint-resolution': 'missed',
  'premium-reachability': 'missed',
  'first-time-right': 'met',
  csat: 'unjudged',
  'csat-top-box': 'missed',
  nps: 'met',
  'quality-monitoring': 'met',
  'script-compliance': 'missed',
  'opening-hours': 'met',
  'critical-escalations': 'missed',
  privacy: 'met',
};

/** WORKSHEET.md §C2: 11 520.00 + 4 320.00 + 4 320.00 pro rata to 14 400.00; the tied cent to the metric listed first. */
const AT_RISK_LINES = [
  { metric: 'phone-service-level', amount: '8228.57' },
  { metric: 'email-first-response', amount: '3085.72' },
  { metric: 'complaint-resolution', amount: '3085.71' },
];

describe('hand-checked month 2026-10 (contract.yaml: live, annual cap 8%)', () => {
  const first = evaluate('contract.yaml');
  const doc = JSON.parse(first.stdout || 'null') as Doc;

  it('exits 0 and prints one JSON document, nothing on stderr', () => {
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
  });

  it('is byte-identical on a second run', () => {
    const second = evaluate('contract.yaml');
    expect(second.stdout).toBe(first.stdout);
  });

  it('names contract, version, period, as-of and digests', () => {
    expect(doc.contract).toBe('acme-customer-service');
    expect(doc.version).toBe(1);
    expect(doc.period).toBe('2026-10');
    expect(doc.asOf).toBe(AS_OF);
    expect(doc.contractDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(doc.inputDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('has one row per metric in contract order, four for the language split (nl, de, fr, pooled)', () => {
    expect(doc.metrics.map((m) => m.id)).toEqual([
      'phone-service-level',
      'phone-service-level',
      'phone-service-level',
      'phone-service-level',
      ...Object.keys(VERDICTS).slice(1),
    ]);
    expect(
      doc.metrics
        .filter((m) => m.id === 'phone-service-level')
        .map((m) => m.split?.language ?? null)
        .sort(),
    ).toEqual(['de', 'fr', 'nl', null].sort());
  });

  it('phone-service-level nl: 4/5 exactly on 80%', () => {
    expect(row(doc, 'phone-service-level', 'nl')).toMatchObject({
      ...judged(4, 5, 0.8, 0.8, true),
      volume: PHONE_VOLUME,
    });
  });
  it('phone-service-level de: 3/5 = 60%, missed and under the 70% minimum', () => {
    expect(row(doc, 'phone-service-level', 'de')).toMatchObject({
      ...judged(3, 5, 0.6, 0.8, false),
      volume: PHONE_VOLUME,
    });
  });
  it('phone-service-level fr: 3/4 against the 70% split target', () => {
    expect(row(doc, 'phone-service-level', 'fr')).toMatchObject({
      ...judged(3, 4, 0.75, 0.7, true),
      volume: PHONE_VOLUME,
    });
  });
  it('phone-service-level pooled row: 10/14, not judged', () => {
    expect(row(doc, 'phone-service-level', null)).toEqual({
      id: 'phone-service-level',
      split: null,
      numerator: 10,
      denominator: 14,
      value: 10 / 14,
      target: 0.8,
      met: null,
      judged: false,
      reason: 'pooled',
      volume: PHONE_VOLUME,
    });
  });
  it('phone-speed-of-answer: 308.399 s over 12 answered calls', () => {
    expect(row(doc, 'phone-speed-of-answer')).toMatchObject({
      ...judged(308.399, 12, 25.699916666666667, 20, false),
      volume: PHONE_VOLUME,
    });
  });
  it('phone-abandonment: 2 / (15 offered − 1 short)', () => {
    expect(row(doc, 'phone-abandonment')).toMatchObject({
      ...judged(2, 14, 0.14285714285714285, 0.05, false),
      volume: PHONE_VOLUME,
    });
  });
  it('email-first-response: 7/9 on business hours', () => {
    expect(row(doc, 'email-first-response')).toMatchObject({
      ...judged(7, 9, 0.7777777777777778, 0.9, false),
      volume: noForecast(9),
    });
  });
  it('chat-acceptance: 1/2, not judged above the volume band', () => {
    expect(row(doc, 'chat-acceptance')).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 0.5,
      target: 0.95,
      met: null,
      judged: false,
      reason: 'volume_band',
      volume: { forecast: 1, actual: 2, withinBand: false },
    });
  });
  it('question-resolution: 4/5 (one pending)', () => {
    expect(row(doc, 'question-resolution')).toMatchObject({
      ...judged(4, 5, 0.8, 0.9, false),
      volume: noForecast(6),
    });
  });
  it('complaint-resolution: 2/3 (K2 breached by 1 ms)', () => {
    expect(row(doc, 'complaint-resolution')).toMatchObject({
      ...judged(2, 3, 0.6666666666666666, 0.95, false),
      volume: noForecast(3),
    });
  });
  it('premium-reachability: 2/4 on the 24/7 clock', () => {
    expect(row(doc, 'premium-reachability')).toMatchObject({
      ...judged(2, 4, 0.5, 0.9, false),
      volume: { forecast: 15, actual: 4, withinBand: true },
    });
  });
  it('first-time-right: 17/20 exactly on 85%', () => {
    expect(row(doc, 'first-time-right')).toMatchObject({
      ...judged(17, 20, 0.85, 0.85, true),
      volume: noForecast(35),
    });
  });
  it('csat: 71.5 / 10 = 7.15, not judged under the minimum sample', () => {
    expect(row(doc, 'csat')).toMatchObject({
      numerator: 71.5,
      denominator: 10,
      value: 7.15,
      target: 8,
      met: null,
      judged: false,
      reason: 'minimum_sample',
      volume: null,
    });
  });
  it('csat-top-box: 5/10', () => {
    expect(row(doc, 'csat-top-box')).toMatchObject({ ...judged(5, 10, 0.5, 0.75, false), volume: null });
  });
  it('nps: (5 − 1) / 10 × 100 = 40', () => {
    expect(row(doc, 'nps')).toMatchObject({ ...judged(4, 10, 40, 30, true), volume: null });
  });
  it('quality-monitoring: 540 / 6 = 90', () => {
    expect(row(doc, 'quality-monitoring')).toMatchObject({ ...judged(540, 6, 90, 90, true), volume: null });
  });
  it('script-compliance: 4/5', () => {
    expect(row(doc, 'script-compliance')).toMatchObject({ ...judged(4, 5, 0.8, 0.95, false), volume: null });
  });
  it('opening-hours: (1 400 400 − 6 600) / 1 400 400 s', () => {
    expect(row(doc, 'opening-hours')).toMatchObject({
      ...judged(1393800, 1400400, 0.99528706083976, 0.995, true),
      volume: null,
    });
  });
  it('critical-escalations: 2/3 (I3 late across the DST switch)', () => {
    expect(row(doc, 'critical-escalations')).toMatchObject({
      ...judged(2, 3, 0.6666666666666666, 1, false),
      volume: null,
    });
  });
  it('privacy: 0 confirmed incidents', () => {
    expect(row(doc, 'privacy')).toMatchObject({
      value: 0,
      target: 0,
      met: true,
      judged: true,
      reason: null,
      volume: null,
    });
  });

  it('verdicts', () => {
    expect(doc.verdicts).toEqual(VERDICTS);
  });

  it('credits: 20 160.00 shrunk to the at-risk 14 400.00 (the annual cap of 115 200.00 does not bite)', () => {
    expect(doc.credits).toMatchObject({ total: '14400.00', currency: 'EUR' });
    expect(doc.credits?.lines.map((l) => ({ metric: l.metric, amount: l.amount }))).toEqual(AT_RISK_LINES);
  });

  it('earn-back, bonus, acceptance', () => {
    expect(doc.earnBack).toEqual({ total: '0.00', lines: [] });
    expect(doc.bonus).toEqual({ earned: false, amount: '0.00', streak: 0 });
    expect(doc.acceptance).toEqual({ phase: 'none', period: null });
  });

  it('statement', () => {
    expect(doc.statement).toEqual({
      fee: '120000.00',
      credits: '14400.00',
      earnBack: '0.00',
      bonus: '0.00',
      payable: '105600.00',
    });
  });

  it('warns about the unanswered call P15 and the reopened K3 without status events, and nothing else', () => {
    expect(doc.warnings.filter((w) => w.code === 'rejected_row')).toEqual([]);
    expect(doc.warnings).toContainEqual(
      expect.objectContaining({ code: 'reopen_without_status_events', contact: 'K3' }),
    );
    expect([...new Set(doc.warnings.map((w) => w.contact))].sort()).toEqual(['K3', 'P15']);
  });
});

describe('hand-checked month 2026-10 without the annual cap (contract-no-annual-cap.yaml)', () => {
  const { doc, code, stderr } = run('contract-no-annual-cap.yaml');

  it('exits 0', () => {
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('the same figures and verdicts', () => {
    expect(doc.verdicts).toEqual(VERDICTS);
    expect(row(doc, 'phone-service-level', 'de')).toMatchObject(judged(3, 5, 0.6, 0.8, false));
  });

  it('credits: 20 160.00 shrunk to the at-risk 14 400.00, the tied cent to the metric listed first', () => {
    expect(doc.credits).toMatchObject({ total: '14400.00', currency: 'EUR' });
    expect(doc.credits?.lines.map((l) => ({ metric: l.metric, amount: l.amount }))).toEqual(AT_RISK_LINES);
    expect(doc.statement).toEqual({
      fee: '120000.00',
      credits: '14400.00',
      earnBack: '0.00',
      bonus: '0.00',
      payable: '105600.00',
    });
  });
});

describe('hand-checked month 2026-10 with an annual cap that bites (contract-small-annual-cap.yaml)', () => {
  const { doc, code, stderr } = run('contract-small-annual-cap.yaml');

  it('exits 0', () => {
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('cuts the at-risk lines pro rata to 0.5% of the contract year (7 200.00), the tied cent to the first', () => {
    expect(doc.credits).toMatchObject({ total: '7200.00', currency: 'EUR' });
    expect(doc.credits?.lines.map((l) => ({ metric: l.metric, amount: l.amount }))).toEqual([
      { metric: 'phone-service-level', amount: '4114.29' },
      { metric: 'email-first-response', amount: '1542.86' },
      { metric: 'complaint-resolution', amount: '1542.85' },
    ]);
    expect(doc.statement).toEqual({
      fee: '120000.00',
      credits: '7200.00',
      earnBack: '0.00',
      bonus: '0.00',
      payable: '112800.00',
    });
  });
});

describe('hand-checked month 2026-10 in acceptance (contract-acceptance.yaml)', () => {
  const { doc, code, stderr } = run('contract-acceptance.yaml');

  it('exits 0', () => {
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('judges against the ramped targets of period 1 (×80%, lower-is-better ÷80%)', () => {
    const expected: [string, string | null | undefined, number, boolean | null][] = [
      ['phone-service-level', 'nl', 0.64, true],
      ['phone-service-level', 'de', 0.64, false],
      ['phone-service-level', 'fr', 0.56, true],
      ['phone-service-level', null, 0.64, null],
      ['phone-speed-of-answer', undefined, 20, false],
      ['phone-abandonment', undefined, 0.0625, false],
      ['email-first-response', undefined, 0.72, true],
      ['chat-acceptance', undefined, 0.76, null],
      ['question-resolution', undefined, 0.72, true],
      ['complaint-resolution', undefined, 0.76, false],
      ['premium-reachability', undefined, 0.72, false],
      ['first-time-right', undefined, 0.68, true],
      ['csat', undefined, 8, null],
      ['csat-top-box', undefined, 0.6, false],
      ['nps', undefined, 30, true],
      ['quality-monitoring', undefined, 90, true],
      ['script-compliance', undefined, 0.76, true],
      ['opening-hours', undefined, 0.796, true],
      ['critical-escalations', undefined, 0.8, false],
      ['privacy', undefined, 0, true],
    ];
    expect(
      expected.map(([id, lang]) => [id, lang, row(doc, id, lang).target, row(doc, id, lang).met]),
    ).toEqual(expected);
    expect(doc.verdicts).toEqual({
      ...VERDICTS,
      'email-first-response': 'met',
      'question-resolution': 'met',
      'script-compliance': 'met',
    });
  });

  it('charges the acceptance fee and no credits or bonus', () => {
    expect(doc.acceptance).toEqual({ phase: 'acceptance', period: 1 });
    expect(doc.credits).toMatchObject({ total: '0.00', lines: [] });
    expect(doc.bonus).toEqual({ earned: false, amount: '0.00', streak: 0 });
    expect(doc.statement).toEqual({
      fee: '108000.00',
      credits: '0.00',
      earnBack: '0.00',
      bonus: '0.00',
      payable: '108000.00',
    });
  });
});

describe('--data and --contract take several files after one flag', () => {
  it('gives the same document as the flag repeated', async () => {
    const files = DATA.filter((a) => a !== '--data');
    const once = await runCli([
      'evaluate',
      '--contract',
      `${DIR}/contract.yaml`,
      '--period',
      '2026-10',
      '--as-of',
      AS_OF,
      '--data',
      ...files,
      '--json',
    ]);
    expect(once.code, once.stderr).toBe(0);
    expect(once.stdout).toBe(evaluate('contract.yaml').stdout);
    expect((JSON.parse(once.stdout) as Doc).metrics.length).toBeGreaterThan(10);
  });
});
