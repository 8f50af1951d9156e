/**
 * Each report format read back (issue 17, points 1–3 and 6): `accord report` on the hand-checked month
 * (test/fixtures/hand-month, figures worked out by hand in its WORKSHEET.md, never from the code), written
 * as HTML, PDF, XLSX and CSV in English, Dutch and German, then read the way a person or a program would:
 * the HTML loaded in Chromium and its DOM read, the PDF's text extracted with pdfjs, the workbook parsed
 * with exceljs (cell types and number formats), the CSV split into fields.
 *
 * The figures, from the worksheet (§2, §4, §5):
 * - phone-service-level, per language: nl 4 of 5 in 30 s = 80% (target 80%, met); de 3 of 5 = 60% (missed,
 *   under the 70% minimum); fr 3 of 4 = 75% (target 70%, met); pooled 10 of 14 = 71.4% (not judged).
 * - email-first-response 7 of 9 = 77.8% (target 90%, missed); csat mean 71.5 / 10 = 7.15, not judged
 *   (10 answers < 30); nps (5 − 1) / 10 × 100 = 40 (met).
 * - opening-hours: 389 h open, outages 110 min = 1.83 h; (1 400 400 − 6 600) / 1 400 400 = 99.53%.
 * - credits after the at-risk cap of 12% × 120 000.00 = 14 400.00: phone-service-level 8 228.57,
 *   email-first-response 3 085.72, complaint-resolution 3 085.71; payable 120 000.00 − 14 400.00 = 105 600.00.
 * - records against phone-service-level de: P08 (95 s) and P09 (abandoned at 5 s); nl: P04 (30.4 s);
 *   fr: P14 (abandoned after 60 s).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HeadlessChromium, launchChromium } from '../../src/browser/chromium.js';
import { parseCsv } from '../../src/ingest/csv-reader.js';
import { REPORT_WORDS } from '../../src/locales/report.js';
import { runCli, tempFiles } from '../support/cli.js';
import { pdfText } from '../support/pdf.js';

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
].map((kind) => join(DIR, `${kind}.csv`));
const AS_OF = '2026-11-28T09:00:00+01:00';

/** What each language must print for the hand figures. */
const EXPECT = {
  en: {
    de: '60.0%',
    nl: '80.0%',
    fr: '75.0%',
    pooled: '71.4%',
    email: '77.8%',
    csat: '7.15',
    nps: '40.0',
    availability: '99.53%',
    payable: 'EUR 105,600.00',
    credits: ['EUR 8,228.57', 'EUR 3,085.72', 'EUR 3,085.71'],
    missed: 'missed',
    statement: 'Statement',
    first: '1 October 2026',
    outage: '1.83 h',
    rule: 'allocation 40% of the 12% at risk of the fee EUR 120,000.00',
  },
  nl: {
    de: '60,0%',
    nl: '80,0%',
    fr: '75,0%',
    pooled: '71,4%',
    email: '77,8%',
    csat: '7,15',
    nps: '40,0',
    availability: '99,53%',
    payable: 'EUR 105.600,00',
    credits: ['EUR 8.228,57', 'EUR 3.085,72', 'EUR 3.085,71'],
    missed: 'gemist',
    statement: 'Afrekening',
    first: '1 oktober 2026',
    outage: '1,83 uur',
    rule: 'aandeel 40% van de 12% van de vergoeding EUR 120.000,00 die op het spel staat',
  },
  de: {
    de: '60,0 %',
    nl: '80,0 %',
    fr: '75,0 %',
    pooled: '71,4 %',
    email: '77,8 %',
    csat: '7,15',
    nps: '40,0',
    availability: '99,53 %',
    payable: '105.600,00 EUR',
    credits: ['8.228,57 EUR', '3.085,72 EUR', '3.085,71 EUR'],
    missed: 'verfehlt',
    statement: 'Abrechnung',
    first: '1. Oktober 2026',
    outage: '1,83 Std.',
    rule: 'Anteil 40 % an den 12 % der Vergütung 120.000,00 EUR, die auf dem Spiel stehen',
  },
} as const;
type L = keyof typeof EXPECT;
const LANGS = Object.keys(EXPECT) as L[];

let out = '';
const file = (lang: L, format: string) => join(out, `hand-${lang}.${format}`);

async function report(lang: L, format: string): Promise<void> {
  const r = await runCli([
    'report',
    '--contract',
    join(DIR, 'contract.yaml'),
    '--period',
    '2026-10',
    '--as-of',
    AS_OF,
    '--data',
    ...DATA,
    '--format',
    format,
    '--lang',
    lang,
    '--out',
    file(lang, format),
    '--json',
  ]);
  expect(r.code, r.stderr).toBe(0);
  const summary = JSON.parse(r.stdout) as Record<string, unknown>;
  expect(summary).toMatchObject({ format, lang, period: '2026-10', provisional: false, version: 1 });
}

let chromium: HeadlessChromium;
beforeAll(async () => {
  out = tempFiles({});
  chromium = await launchChromium();
}, 60_000);
afterAll(async () => {
  await chromium?.close();
});

interface HtmlFacts {
  lang: string;
  scripts: number;
  external: number;
  svgs: number;
  targetLines: number;
  bands: number;
  rows: { metric: string; split: string; value: string; target: string; verdict: string }[];
  payable: string | null;
  rules: string[];
  outage: string | null;
  availability: string | null;
  inputDigest: string | null;
  contractDigest: string | null;
  breaches: string[];
  meta: string | null;
  volume: string | null;
  band: string | null;
}

/** What a reader finds in the HTML, read from its DOM in Chromium. */
async function htmlFacts(lang: L) {
  const page = await chromium.browser.newPage({ javaScriptEnabled: true });
  try {
    await page.setContent(readFileSync(file(lang, 'html'), 'utf8'), { waitUntil: 'load' });
    // Run in the page: a string, so that these tests need no DOM types of their own.
    return (await page.evaluate(`(() => {
      const cell = (selector) => document.querySelector(selector)?.textContent?.trim() ?? null;
      const rows = [...document.querySelectorAll('table.metrics tr[data-metric]')].map((tr) => ({
        metric: tr.getAttribute('data-metric'),
        split: tr.getAttribute('data-split'),
        value: tr.querySelector('td.value')?.textContent?.trim(),
        target: tr.querySelector('td.target')?.textContent?.trim(),
        verdict: tr.querySelector('td.verdict')?.textContent?.trim(),
      }));
      return {
        lang: document.documentElement.lang,
        scripts: document.querySelectorAll('script').length,
        external: document.querySelectorAll('link[href], img[src], [src^="http"]').length,
        svgs: document.querySelectorAll('svg.chart').length,
        targetLines: document.querySelectorAll('svg.chart path.target').length,
        bands: document.querySelectorAll('svg.chart rect.band').length,
        rows,
        payable: cell('table.statement tr[data-amount="payable"] td.num'),
        rules: [...document.querySelectorAll('ul.rules li')].map((li) => li.textContent ?? ''),
        outage: cell('table.availability tr[data-metric="opening-hours"] td.outage'),
        availability: cell('table.availability tr[data-metric="opening-hours"] td.value'),
        inputDigest: cell('code[data-field="inputDigest"]'),
        contractDigest: cell('code[data-field="contractDigest"]'),
        breaches: [...document.querySelectorAll('ul.breaches li')].map((li) => li.textContent ?? ''),
        meta: cell('header'),
        volume: cell('table.volume tr[data-metric="phone-service-level"] td.actual'),
        band: cell('table.volume tr[data-metric="phone-service-level"] td.band'),
      };
    })()`)) as HtmlFacts;
  } finally {
    await page.close();
  }
}

describe.each(LANGS)('the hand-checked month in %s', (lang) => {
  const x = EXPECT[lang];

  it('HTML: self-contained, the right figures in the DOM, charts with a target line', async () => {
    await report(lang, 'html');
    const f = await htmlFacts(lang);
    expect(f.lang).toBe(lang);
    expect(f.scripts).toBe(0);
    expect(f.external).toBe(0);
    const row = (metric: string, has: (split: string) => boolean) =>
      f.rows.find((r) => r.metric === metric && has(r.split ?? ''));
    expect(row('phone-service-level', (s) => s.endsWith(' de'))).toMatchObject({
      value: x.de,
      verdict: x.missed,
    });
    expect(row('phone-service-level', (s) => s.endsWith(' nl'))?.value).toBe(x.nl);
    expect(row('phone-service-level', (s) => s.endsWith(' fr'))?.value).toBe(x.fr);
    expect(row('phone-service-level', (s) => !s.includes(' '))?.value).toBe(x.pooled);
    expect(row('email-first-response', () => true)?.value).toBe(x.email);
    expect(row('csat', () => true)?.value).toBe(x.csat);
    expect(row('nps', () => true)?.value).toBe(x.nps);
    expect(f.payable).toBe(x.payable);
    for (const amount of x.credits) expect(f.rules.some((r) => r.includes(amount))).toBe(true);
    // The rule behind the amount, as the settlement wrote it, in the report's language and number format.
    expect(f.rules.join('\n')).toContain(x.rule);
    if (lang !== 'en') expect(f.rules.join('\n')).not.toMatch(/allocation|at-risk|of fee|120000/);
    // A German credit line says the glossary's word, as the statement's heading does.
    if (lang === 'de') {
      expect(f.rules.join('\n')).toContain('Vertragsstrafe phone-service-level: 8.228,57 EUR');
      expect(f.rules.join('\n')).not.toContain('Gutschrift');
    }
    // The escalation sentence ends in one full stop, also after an abbreviation ("24 Std.").
    const html = readFileSync(file(lang, 'html'), 'utf8');
    const escalation = /<p class="escalation">([^<]*)<\/p>/.exec(html)?.[1];
    expect(escalation).toMatch(lang === 'de' ? /innerhalb von 24 Std\.$/ : /[^.]\.$/);
    expect(f.availability).toBe(x.availability);
    expect(f.outage).toBe(x.outage);
    expect(f.volume).toBe('16');
    expect(f.band).toBe(lang === 'en' ? '17.25' : '17,25');
    expect(f.inputDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(f.contractDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(f.meta).toContain(x.first);
    // An attainment chart with its target line per metric and split that has a value (19), and volume
    // charts with a band.
    expect(f.targetLines).toBe(19);
    expect(f.bands).toBeGreaterThan(0);
    const de = f.breaches.find((b) => b.includes('phone-service-level') && /\bde\b/.test(b));
    expect(de).toMatch(/P08, P09$/);
  }, 60_000);

  it('PDF: printed by Chromium, its text holds the same figures', async () => {
    await report(lang, 'pdf');
    const bytes = readFileSync(file(lang, 'pdf'));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text } = await pdfText(bytes);
    expect(pages).toBeGreaterThan(2);
    for (const figure of [x.de, x.nl, x.fr, x.email, x.payable, ...x.credits, x.availability, x.statement])
      expect(text, figure).toContain(figure);
    // Page numbers in the footer, in the report's language.
    expect(text).toContain(`${lang === 'en' ? 'Page' : lang === 'nl' ? 'Pagina' : 'Seite'} 1 `);
  }, 90_000);

  it('XLSX: numbers, percentages, money and dates as typed cells with number formats', async () => {
    await report(lang, 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file(lang, 'xlsx')) as unknown as ArrayBuffer);
    const [summary, statement] = wb.worksheets;
    const rows: ExcelJS.Row[] = [];
    summary!.eachRow((r) => rows.push(r));
    const find = (metric: string, split: (s: string) => boolean) =>
      rows.find((r) => r.getCell(1).value === metric && split(String(r.getCell(2).value ?? '')));
    const de = find('phone-service-level', (s) => s.endsWith(' de'))!;
    expect(de.getCell(3).type).toBe(ExcelJS.ValueType.Number);
    expect(de.getCell(3).value).toBe(0.6);
    expect(de.getCell(3).numFmt).toBe('0.0%');
    expect(de.getCell(4).value).toBe(0.8);
    expect(de.getCell(6).value).toBe(3);
    expect(de.getCell(7).value).toBe(5);
    const speed = find('phone-speed-of-answer', () => true)!;
    // 308.399 s over 12 calls.
    expect(speed.getCell(3).value).toBeCloseTo(308.399 / 12, 12);
    expect(speed.getCell(3).numFmt).toBe('0.0 "s"');
    const csat = find('csat', () => true)!;
    expect(csat.getCell(3).value).toBeCloseTo(7.15, 12);
    expect(csat.getCell(3).numFmt).toBe('0.00');
    const dates = rows.find((r) => r.getCell(2).type === ExcelJS.ValueType.Date)!;
    expect((dates.getCell(2).value as Date).toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect((dates.getCell(3).value as Date).toISOString()).toBe('2026-10-31T00:00:00.000Z');
    expect(dates.getCell(2).numFmt).toBe('yyyy-mm-dd');

    expect(statement!.name).toBe(x.statement);
    // The header of the statement's lines names each column once: kind, amount, metric, rule.
    const c = REPORT_WORDS[lang].columns;
    const header: unknown[] = [];
    statement!.eachRow((r) => {
      if (r.getCell(2).value === c.amount) header.push(...[1, 2, 3, 4].map((i) => r.getCell(i).value));
    });
    expect(header).toEqual([c.kind, c.amount, c.metric, c.rule]);
    expect(new Set(header).size).toBe(4);
    const money: { label: unknown; value: unknown; type: number; numFmt: string }[] = [];
    statement!.eachRow((r) =>
      money.push({
        label: r.getCell(1).value,
        value: r.getCell(2).value,
        type: r.getCell(2).type,
        numFmt: r.getCell(2).numFmt,
      }),
    );
    const amounts = money.filter((m) => m.type === ExcelJS.ValueType.Number);
    for (const m of amounts) expect(m.numFmt).toBe('#,##0.00 "EUR"');
    const values = amounts.map((m) => m.value);
    // fee, −credits, earn-back, bonus, payable; then the three credit lines and the at-risk cap that cut
    // them from 20 160.00 to 14 400.00 (worksheet §4 C1, C2).
    expect(values.slice(0, 5)).toEqual([120000, -14400, 0, 0, 105600]);
    expect(values.slice(5)).toEqual([8228.57, 3085.72, 3085.71, 14400]);
    expect(money.some((m) => String(m.label).length > 0 && m.value === 14400)).toBe(true);

    const sheet = wb.getWorksheet('phone-service-level')!;
    const records: string[] = [];
    sheet.eachRow((r) => {
      const split = String(r.getCell(1).value ?? '');
      if (typeof r.getCell(2).value === 'string' && /^P\d\d$/.test(r.getCell(2).value as string))
        records.push(`${split.slice(-2)}:${r.getCell(2).value}`);
    });
    expect(records.sort()).toEqual(['de:P08', 'de:P09', 'fr:P14', 'nl:P04'].sort());
    // One sheet per metric after the summary and the statement: 17 metrics.
    expect(wb.worksheets.length).toBe(2 + 17);
  }, 60_000);

  it('CSV: one row per metric and split, RFC 4180, numbers unrounded', async () => {
    await report(lang, 'csv');
    const text = readFileSync(file(lang, 'csv'), 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const separator = lang === 'en' ? ',' : ';';
    const rows = parseCsv(text, separator).map((r) => r.values);
    const header = rows[0]!;
    expect(header).toHaveLength(18);
    const body = rows.slice(1);
    // contract.md: the contract's digest is printed on every report; here on every row, with the version
    // and the input digest. The digest `accord contract check` prints for the same file:
    const check = await runCli(['contract', 'check', join(DIR, 'contract.yaml'), '--json']);
    const { version, digest } = JSON.parse(check.stdout) as { version: number; digest: string };
    for (const r of body) {
      expect(r.slice(15, 17)).toEqual([String(version), digest]);
      expect(r[17]).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    // 17 metrics, phone-service-level with three languages and the pool: 20 rows.
    expect(body).toHaveLength(20);
    const psl = body.filter((r) => r[1] === 'phone-service-level');
    const num = (s: string | undefined) => Number((s ?? '').replace(',', '.'));
    expect(psl.map((r) => [r[2]!.slice(-2), num(r[3]), num(r[4])])).toEqual(
      expect.arrayContaining([
        ['de', 0.6, 0.8],
        ['nl', 0.8, 0.8],
        ['fr', 0.75, 0.7],
      ]),
    );
    const pooled = psl.find((r) => !r[2]!.includes(' '))!;
    expect(num(pooled[3])).toBeCloseTo(10 / 14, 15);
    expect([pooled[9], pooled[10]]).toEqual(['10', '14']);
    const availability = body.find((r) => r[1] === 'opening-hours')!;
    expect([availability[9], availability[10]]).toEqual(['1393800', '1400400']);
  }, 60_000);
});

describe('a period still running', () => {
  it('is marked provisional on the page, with its money an estimate', async () => {
    for (const [lang, word] of [
      ['en', 'PROVISIONAL'],
      ['nl', 'VOORLOPIG'],
      ['de', 'VORLÄUFIG'],
    ] as const) {
      const path = join(out, `running-${lang}.html`);
      const r = await runCli([
        'report',
        '--contract',
        join(DIR, 'contract.yaml'),
        '--period',
        '2026-10',
        '--as-of',
        '2026-10-20T12:00:00+02:00',
        '--data',
        ...DATA,
        '--format',
        'html',
        '--lang',
        lang,
        '--out',
        path,
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).provisional).toBe(true);
      const html = readFileSync(path, 'utf8');
      expect(html).toContain(`<p class="banner provisional">${word}: 2026-10 `);
      // The locale's sentence starts with the label; the page does not add it a second time.
      expect(html.split(`${word}:`)).toHaveLength(2);
      expect(html).toContain(REPORT_WORDS[lang].statement.estimate);
    }
  });
});

describe('survey comments, where the contract keeps them', () => {
  // By hand from surveys.csv: the answers with a comment answered in October (Amsterdam time) are P01
  // "quick and friendly" and E00 "contact from September" (1 Oct 10:00), K1 "first answer" (12 Oct) and
  // "answered again" (13 Oct), E05 "first answer" (16 Oct) and "changed their mind" (17 Oct); P02's, P11's
  // and E08's comments were answered in November.
  const OCTOBER = [
    ['E05', 'changed their mind'],
    ['E05', 'first answer'],
    ['K1', 'answered again'],
    ['K1', 'first answer'],
    ['E00', 'contact from September'],
    ['P01', 'quick and friendly'],
  ];

  it('lists the period’s comments, latest first, in HTML and XLSX', async () => {
    const text = `${readFileSync(join(DIR, 'contract.yaml'), 'utf8')}\ndata:\n  comments: keep\n`;
    const dir = tempFiles({ 'contract.yaml': text });
    const args = (format: string) => [
      'report',
      '--contract',
      join(dir, 'contract.yaml'),
      '--period',
      '2026-10',
      '--as-of',
      AS_OF,
      '--data',
      ...DATA,
      '--format',
      format,
      '--lang',
      'nl',
      '--out',
      join(dir, `r.${format}`),
    ];
    expect((await runCli(args('html'))).code).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    const rows = [...html.matchAll(/<td class="comment">([^<]*)<\/td><td class="id">([^<]*)<\/td>/g)].map(
      (m) => [m[2], m[1]],
    );
    expect(rows).toEqual(OCTOBER);
    expect(html).toContain('De laatste 6 van 6 opmerkingen in de periode.');
    expect(html).toContain('17 oktober 2026');

    expect((await runCli(args('xlsx'))).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dir, 'r.xlsx')) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Opmerkingen bij enquêtes')!;
    const listed: string[][] = [];
    sheet.eachRow((r, n) => {
      if (n <= 2) return;
      expect(r.getCell(1).type).toBe(ExcelJS.ValueType.Date);
      expect(r.getCell(3).type).toBe(ExcelJS.ValueType.Number);
      listed.push([String(r.getCell(5).value), String(r.getCell(4).value)]);
    });
    expect(listed).toEqual(OCTOBER);
  }, 60_000);

  it('shows none where the contract drops them', () => {
    const html = readFileSync(file('en', 'html'), 'utf8');
    expect(html).not.toContain('id="comments"');
    expect(html).not.toContain('quick and friendly');
  });
});

describe('a week of a monthly contract', () => {
  it('has figures and a trend of weeks, and no money', async () => {
    const path = join(out, 'week.html');
    const r = await runCli([
      'report',
      '--contract',
      join(DIR, 'contract.yaml'),
      '--period',
      '2026-W42',
      '--as-of',
      AS_OF,
      '--data',
      ...DATA,
      '--format',
      'html',
      '--out',
      path,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(path, 'utf8');
    // By hand: German calls of 12–18 October: P10 in 20 s, P08 (95 s) and P09 (abandoned) out → 1 of 3;
    // the week before (5–11 October): P06 8 s and P07 10 s → 2 of 2. W40 starts on 28 September, before
    // the contract: no trend entry.
    const de = /data-split="language de">(.*?)<\/tr>/.exec(html)?.[1] ?? '';
    expect(de).toContain('<td class="num value">33.3%</td>');
    expect(de).toContain('<td class="num count">1 / 3</td>');
    expect(de).toContain('<td class="trend">100.0%</td>');
    expect(html).toContain('<th>Trend 2026-W41</th>');
    expect(html).toContain(REPORT_WORDS.en.statement.noMoney);
  });
});
