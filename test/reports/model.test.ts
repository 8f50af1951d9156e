/**
 * The report model (src/reports/model.ts) as a pure function of the evaluate document, the trend and the
 * contract: the trend runs oldest first and ends with the reported period, only periods of its kind and
 * before it count, rows find their own split in each period, the band limit is forecast × (1 + tolerance),
 * availability splits open time into up and down, money lines keep their rules, and finance's copy holds
 * no record ids.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContractFile } from '../../src/cli/evaluate-command.js';
import { type MoneyRule, moneyRuleText, parseMoneyRule } from '../../src/domain/evaluation/money-rule.js';
import { localeOf } from '../../src/locales/index.js';
import { ruleText, wordsOf } from '../../src/reports/display.js';
import { buildReportModel, type ReportDocument, type ReportRowInput } from '../../src/reports/model.js';

const CONTRACT = loadContractFile(join(import.meta.dirname, '../fixtures/hand-month/contract.yaml'));

const row = (
  id: string,
  value: number | null,
  split: Record<string, string> | null = null,
): ReportRowInput => ({
  id,
  split,
  numerator: null,
  denominator: null,
  value,
  target: 0.8,
  met: value === null ? null : value >= 0.8,
  judged: value !== null,
  reason: value === null ? 'no_data' : null,
  volume: { forecast: 100, actual: 110, withinBand: true },
});

const doc = (over: Partial<ReportDocument> = {}): ReportDocument => ({
  contract: CONTRACT.id,
  version: 1,
  contractDigest: 'sha256:c',
  period: '2026-10',
  asOf: '2026-11-28T09:00:00+01:00',
  provisional: false,
  inputDigest: 'sha256:i',
  metrics: [
    { ...row('phone-service-level', 0.6, { language: 'de' }), breaches: ['P08', 'P09'] },
    row('phone-service-level', 0.9, { language: 'nl' }),
    { ...row('opening-hours', 0.995), numerator: 1393800, denominator: 1400400, volume: null },
  ],
  verdicts: { 'phone-service-level': 'missed' },
  credits: {
    total: '14400.00',
    currency: 'EUR',
    lines: [{ metric: 'phone-service-level', rule: 'allocation 40%', amount: '8228.57' }],
    caps: [{ rule: 'at_risk 12%', before: '20160.00', after: '14400.00' }],
  },
  earnBack: { total: '0.00', lines: [] },
  bonus: { earned: false, amount: '0.00', streak: 0 },
  acceptance: { phase: 'none', period: null },
  statement: { fee: '120000.00', credits: '14400.00', earnBack: '0.00', bonus: '0.00', payable: '105600.00' },
  warnings: [],
  ...over,
});

const entry = (period: string, de: number | null) => ({
  period,
  provisional: false,
  metrics: [
    row('phone-service-level', de, { language: 'de' }),
    row('phone-service-level', 0.5, { language: 'nl' }),
  ],
});

describe('buildReportModel', () => {
  it('keeps the last periods of the same kind before the reported one, oldest first', () => {
    const m = buildReportModel({
      document: doc(),
      versions: [CONTRACT],
      trendLength: 3,
      // Out of order, a later month, a week and the reported month itself: none of them may count twice.
      trend: [
        entry('2026-09', 0.85),
        entry('2026-07', 0.7),
        entry('2026-11', 0.1),
        entry('2026-W40', 0.2),
        entry('2026-08', 0.75),
        entry('2026-10', 0.3),
      ],
    });
    expect(m.trendPeriods).toEqual(['2026-08', '2026-09', '2026-10']);
    const de = m.rows.find((r) => r.split?.language === 'de')!;
    expect(de.trend.map((t) => t.value)).toEqual([0.75, 0.85, 0.6]);
    // Each row follows its own split.
    expect(m.rows.find((r) => r.split?.language === 'nl')!.trend.map((t) => t.value)).toEqual([
      0.5, 0.5, 0.9,
    ]);
    expect(de.section).toBe('service');
    expect(m.rows.find((r) => r.metric === 'opening-hours')!.section).toBe('availability');
  });

  it('works out the band, availability and the statement from the document', () => {
    const m = buildReportModel({ document: doc(), versions: [CONTRACT], trend: [] });
    // One volume line per metric (the band is the metric's), 100 × 1.15.
    expect(m.volume).toHaveLength(1);
    expect(m.volume[0]).toMatchObject({
      metric: 'phone-service-level',
      forecast: 100,
      actual: 110,
      bandLimit: 115,
    });
    expect(m.availability).toEqual([
      {
        metric: 'opening-hours',
        openSeconds: 1400400,
        outageSeconds: 6600,
        value: 0.995,
        target: 0.8,
        met: true,
      },
    ]);
    expect(m.statement).toMatchObject({
      feeCents: 12_000_000,
      creditsCents: 1_440_000,
      payableCents: 10_560_000,
    });
    expect(m.statement!.lines).toEqual([
      { kind: 'credit', subject: 'phone-service-level', cents: 822_857, rule: 'allocation 40%' },
      { kind: 'cap', subject: null, cents: 1_440_000, rule: 'at_risk 12%', beforeCents: 2_016_000 },
    ]);
    expect(m.period).toMatchObject({
      firstDay: '2026-10-01',
      lastDay: '2026-10-31',
      provisional: false,
      closed: false,
    });
    expect(m.rows[0]!.breaches).toEqual(['P08', 'P09']);
  });

  it('leaves the records out for a reader who may not see them, and marks provisional periods', () => {
    const m = buildReportModel({
      document: doc({ provisional: true, statement: null, credits: null }),
      versions: [CONTRACT],
      trend: [],
      hideRecords: true,
    });
    expect(m.recordsHidden).toBe(true);
    expect(m.rows.every((r) => r.breaches === null)).toBe(true);
    expect(m.period.provisional).toBe(true);
    expect(m.statement).toBeNull();
  });
});

describe('the escalation sentence of the report (and of contract explain)', () => {
  it('ends in one full stop in every language, also after an abbreviated unit ("24 Std.")', () => {
    // The hand-month contract's last level acknowledges within 24 h: "24 Std." in German.
    for (const lang of ['en', 'nl', 'de'] as const) {
      const { locale, format } = localeOf(lang);
      const text = locale.escalation(CONTRACT, format);
      expect(text, lang).toMatch(/[^.]\.$/);
    }
    expect(localeOf('de').locale.escalation(CONTRACT, localeOf('de').format)).toMatch(/ 24 Std\.$/);
  });
});

describe("the rule behind a money line, in the report's language", () => {
  const RULES: readonly [string, MoneyRule][] = [
    [
      'allocation 40% of at-risk 10% of fee 12345.67, doubled under minimum 78%',
      {
        kind: 'allocation',
        allocationPpm: 400_000,
        atRiskPpm: 100_000,
        feeCents: 1_234_567,
        doubledUnderPpm: 780_000,
      },
    ],
    [
      'allocation 12.5% of at-risk 10% of fee 100.00',
      {
        kind: 'allocation',
        allocationPpm: 125_000,
        atRiskPpm: 100_000,
        feeCents: 10_000,
        doubledUnderPpm: null,
      },
    ],
    ['at-risk cap 10% of fee 12345.67', { kind: 'atRiskCap', atRiskPpm: 100_000, feeCents: 1_234_567 }],
    [
      'annual cap 5% of contract-year fees 148148.04, 6000.00 already credited',
      { kind: 'annualCap', capPpm: 50_000, feesCents: 14_814_804, creditedCents: 600_000 },
    ],
    [
      'earn-back of the 2026-09 credit after 3 met periods in a row',
      { kind: 'earnBack', period: '2026-09', periods: 3 },
    ],
  ];

  it('reads back exactly what the settlement writes, and nothing else', () => {
    for (const [text, facts] of RULES) {
      expect(moneyRuleText(facts)).toBe(text);
      expect(parseMoneyRule(text)).toEqual(facts);
    }
    expect(parseMoneyRule('allocation 40% of at-risk 10% of fee 12345.6')).toBeNull();
    expect(parseMoneyRule('a rule of an older document')).toBeNull();
  });

  it('words the rule in Dutch and German with their number format, English text kept for unknown rules', () => {
    const model = { currency: 'EUR' } as Parameters<typeof ruleText>[1];
    const de = RULES.map(([text]) => ruleText(text, model, wordsOf('de')));
    expect(de).toEqual([
      'Anteil 40 % an den 10 % der Vergütung 12.345,67 EUR, die auf dem Spiel stehen, verdoppelt unter dem Mindestwert 78 %',
      'Anteil 12,5 % an den 10 % der Vergütung 100,00 EUR, die auf dem Spiel stehen',
      'auf dem Spiel stehen höchstens 10 % der Vergütung 12.345,67 EUR',
      'Jahresobergrenze 5 % der Vergütungen des Vertragsjahres 148.148,04 EUR, bereits 6.000,00 EUR verrechnet',
      'die Vertragsstrafe von 2026-09, nach 3 erfüllten Perioden in Folge',
    ]);
    expect(ruleText(RULES[0]![0], model, wordsOf('nl'))).toBe(
      'aandeel 40% van de 10% van de vergoeding EUR 12.345,67 die op het spel staat, verdubbeld onder het minimum 78%',
    );
    expect(ruleText('a rule of an older document', model, wordsOf('nl'))).toBe('a rule of an older document');
  });
});
