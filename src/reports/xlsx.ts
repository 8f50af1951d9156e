/**
 * The report as an Excel workbook (exceljs): a summary sheet (every metric and split with value, target,
 * verdict and its trend), the statement (every amount with the rule behind it), and one sheet per metric
 * with the records that count against it. Figures are number cells with number formats (percentages,
 * seconds, money, dates), never text, so finance can add them up; labels are in the report's language.
 */
import type ExcelJS from 'exceljs';
import type { Lang } from '../domain/contract/types.js';
import { ACTION_PLAN_WORDS } from '../locales/action-plans.js';
import { REPORT_WORDS } from '../locales/report.js';
import { actionPlanSheet, hasActionPlanSheet } from './action-plan.js';
import { isSplitMetric, metricTitle, rowVerdict, splitLabel, statementLineText, wordsOf } from './display.js';
import type { ReportModel, ReportRow } from './model.js';

const PERCENT = '0.0%';
const PERCENT_FINE = '0.00%';
const SECONDS = '0.0 "s"';
const SCORE = '0.00';
const COUNT = '#,##0';
const DATE = 'yyyy-mm-dd';

/** The number format of a row's value and target. */
export function valueFormat(r: Pick<ReportRow, 'kind' | 'percentage'>): string {
  if (r.kind === 'availability') return PERCENT_FINE;
  if (r.percentage) return PERCENT;
  if (r.kind === 'average') return SECONDS;
  if (r.kind === 'compliance') return COUNT;
  return SCORE;
}

const moneyFormat = (currency: string) => `#,##0.00 "${currency.replaceAll('"', '')}"`;

/** A `YYYY-MM-DD` day as the Date exceljs writes as a date serial (midnight UTC: no zone shift). */
function day(iso: string): Date {
  return new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))));
}

/** Sheet names: at most 31 characters, none of `[]:*?/\`, unique. */
function sheetName(wanted: string, used: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, '-').slice(0, 31);
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 28)}~${i}`;
  used.add(name.toLowerCase());
  return name;
}

function bold(row: ExcelJS.Row): void {
  row.font = { bold: true };
}

function summarySheet(wb: ExcelJS.Workbook, model: ReportModel, lang: Lang, used: Set<string>): void {
  const w = REPORT_WORDS[lang];
  const x = wordsOf(lang);
  const c = w.columns;
  const ws = wb.addWorksheet(sheetName(w.sheets.summary, used));
  const title = ws.addRow([w.title(model.contract.id, model.period.name)]);
  title.font = { bold: true, size: 14 };
  ws.addRow([w.parties(model.contract.client, model.contract.partner)]);
  if (model.period.firstDay && model.period.lastDay) {
    const r = ws.addRow([c.period, day(model.period.firstDay), day(model.period.lastDay)]);
    r.getCell(2).numFmt = DATE;
    r.getCell(3).numFmt = DATE;
  }
  ws.addRow([w.asOf, model.asOf]);
  ws.addRow([c.provisional, model.period.provisional ? w.yes : w.no]);
  ws.addRow([w.contractVersion, model.contract.version]);
  ws.addRow([w.contractDigest, model.contractDigest]);
  ws.addRow([w.inputDigest, model.inputDigest]);
  ws.addRow([]);
  const trend = model.trendPeriods.slice(0, -1);
  const head = ws.addRow([
    c.metric,
    c.split,
    c.value,
    c.target,
    c.verdict,
    c.numerator,
    c.denominator,
    ...trend.map((p) => `${c.trend} ${p}`),
  ]);
  bold(head);
  for (const r of model.rows) {
    const row = ws.addRow([
      r.metric,
      splitLabel(r, x, isSplitMetric(model, r.metric)),
      r.value,
      r.target,
      rowVerdict(r, x),
      r.numerator,
      r.denominator,
      ...r.trend.slice(0, -1).map((t) => t.value),
    ]);
    const format = valueFormat(r);
    row.getCell(3).numFmt = format;
    row.getCell(4).numFmt = format;
    for (let i = 0; i < trend.length; i++) row.getCell(8 + i).numFmt = format;
  }
  ws.getColumn(1).width = 26;
  ws.getColumn(2).width = 18;
  for (let i = 3; i <= 7 + trend.length; i++) ws.getColumn(i).width = 13;
  ws.getColumn(5).width = 30;
}

function statementSheet(wb: ExcelJS.Workbook, model: ReportModel, lang: Lang, used: Set<string>): void {
  const w = REPORT_WORDS[lang];
  const x = wordsOf(lang);
  const ws = wb.addWorksheet(sheetName(w.sheets.statement, used));
  const money = moneyFormat(model.currency);
  const title = ws.addRow([`${w.headings.statement} ${model.contract.id} ${model.period.name}`]);
  title.font = { bold: true, size: 14 };
  const s = model.statement;
  if (s === null) {
    ws.addRow([w.statement.noMoney]);
    return;
  }
  const amount = (label: string, cents: number) => {
    const row = ws.addRow([label, cents / 100]);
    row.getCell(2).numFmt = money;
    return row;
  };
  amount(w.statement.fee, s.feeCents);
  amount(w.statement.credits, -s.creditsCents);
  amount(w.statement.earnBack, s.earnBackCents);
  amount(w.statement.bonus, s.bonusCents);
  if (s.adjustmentsCents !== null) amount(w.statement.adjustments, s.adjustmentsCents);
  bold(amount(w.statement.payable, s.payableCents + (s.adjustmentsCents ?? 0)));
  if (model.period.provisional) ws.addRow([w.statement.estimate]);
  if (model.acceptance.phase === 'acceptance' && model.acceptance.period !== null)
    ws.addRow([w.statement.acceptance(model.acceptance.period)]);
  ws.addRow([]);
  bold(ws.addRow([w.columns.kind, w.columns.amount, w.columns.metric, w.columns.rule]));
  for (const l of s.lines) {
    const row = ws.addRow([
      w.lineKinds[l.kind],
      l.cents / 100,
      l.subject ?? '',
      statementLineText(l, model, x),
    ]);
    row.getCell(2).numFmt = money;
  }
  ws.getColumn(1).width = 30;
  ws.getColumn(2).width = 18;
  ws.getColumn(3).width = 24;
  ws.getColumn(4).width = 90;
}

function metricSheet(
  wb: ExcelJS.Workbook,
  model: ReportModel,
  metric: string,
  lang: Lang,
  used: Set<string>,
): void {
  const w = REPORT_WORDS[lang];
  const x = wordsOf(lang);
  const c = w.columns;
  const ws = wb.addWorksheet(sheetName(metric, used));
  ws.addRow([metric, metricTitle(model, metric, lang)]).font = { bold: true, size: 12 };
  const rows = model.rows.filter((r) => r.metric === metric);
  const pooled = isSplitMetric(model, metric);
  bold(ws.addRow([c.split, c.value, c.target, c.verdict, c.numerator, c.denominator]));
  for (const r of rows) {
    const row = ws.addRow([
      splitLabel(r, x, pooled),
      r.value,
      r.target,
      rowVerdict(r, x),
      r.numerator,
      r.denominator,
    ]);
    row.getCell(2).numFmt = valueFormat(r);
    row.getCell(3).numFmt = valueFormat(r);
  }
  ws.addRow([]);
  if (model.recordsHidden) {
    ws.addRow([w.recordsHidden]);
  } else if (rows.every((r) => r.breaches === null)) {
    ws.addRow([w.recordsNotListed]);
  } else {
    bold(ws.addRow([c.split, c.record]));
    const listed = rows.filter((r) => r.breaches !== null && !(pooled && r.split === null));
    let any = false;
    for (const r of listed)
      for (const id of r.breaches!) {
        ws.addRow([splitLabel(r, x, pooled), id]);
        any = true;
      }
    if (!any) ws.addRow([w.noRecords]);
  }
  ws.getColumn(1).width = 22;
  for (let i = 2; i <= 6; i++) ws.getColumn(i).width = 14;
  ws.getColumn(4).width = 30;
}

function commentSheet(wb: ExcelJS.Workbook, model: ReportModel, lang: Lang, used: Set<string>): void {
  if (model.comments === null) return;
  const w = REPORT_WORDS[lang];
  const c = w.columns;
  const ws = wb.addWorksheet(sheetName(w.headings.comments, used));
  ws.addRow([w.commentsShown(model.comments.length, model.commentCount)]);
  bold(ws.addRow([c.answered, c.survey, c.score, c.comment, c.contact]));
  for (const m of model.comments) {
    const row = ws.addRow([day(m.day), m.kind, m.score, m.comment, m.contact ?? '']);
    row.getCell(1).numFmt = DATE;
  }
  ws.getColumn(1).width = 12;
  ws.getColumn(4).width = 80;
  ws.getColumn(5).width = 18;
}

/** The workbook's bytes. */
export async function renderXlsx(model: ReportModel, lang: Lang): Promise<Uint8Array> {
  // Loaded on first use, like playwright-core: exceljs takes about half a second to import.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'Accord';
  // A fixed date: the same report gives the same workbook.
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const used = new Set<string>();
  summarySheet(wb, model, lang, used);
  statementSheet(wb, model, lang, used);
  if (hasActionPlanSheet(model))
    actionPlanSheet(wb, model, lang, sheetName(ACTION_PLAN_WORDS[lang].heading, used));
  commentSheet(wb, model, lang, used);
  for (const m of model.contract.metrics)
    if (model.rows.some((r) => r.metric === m.id)) metricSheet(wb, model, m.id, lang, used);
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
