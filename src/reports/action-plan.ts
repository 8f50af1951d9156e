/**
 * The action plan in a report (docs/action-plans.md): the actions of the period and those carried from
 * earlier periods until closed, with the period's notes, as an HTML section and an XLSX sheet. Absent for
 * a report without a stored contract (`accord report --data`).
 */
import type ExcelJS from 'exceljs';
import type { Lang } from '../domain/contract/types.js';
import { ACTION_PLAN_WORDS } from '../locales/action-plans.js';
import type { ReportAction, ReportModel } from './model.js';
import { escapeXml as e } from './svg.js';

function statusText(a: ReportAction, lang: Lang): string {
  const w = ACTION_PLAN_WORDS[lang];
  return `${w.statuses[a.status]}${a.overdue ? ` — ${w.overdue}` : ''}`;
}

function ownerText(a: ReportAction, lang: Lang): string {
  const w = ACTION_PLAN_WORDS[lang];
  return `${w.parties[a.owner.side]}${a.owner.person === null ? '' : `: ${a.owner.person}`}`;
}

/** The section of the HTML report; '' when the model has no action plan. */
export function actionPlanHtml(model: ReportModel, lang: Lang): string {
  const plan = model.actionPlan;
  if (plan === undefined) return '';
  const w = ACTION_PLAN_WORDS[lang];
  const c = w.columns;
  const rows = plan.actions.map(
    (a) =>
      `<tr data-action="${e(a.id)}" data-status="${a.status}"${a.overdue ? ' class="missed"' : ''}><td>${e(a.what)}${a.carried ? ` <em>(${e(w.carried(a.period))})</em>` : ''}</td><td>${e(a.metric ?? '')}</td><td>${e(ownerText(a, lang))}</td><td>${e(a.dueDate ?? '')}</td><td>${e(statusText(a, lang))}</td></tr>`,
  );
  const table =
    rows.length === 0
      ? `<p>${e(w.none)}</p>`
      : `<table class="actions"><thead><tr><th>${e(c.what)}</th><th>${e(c.metric)}</th><th>${e(c.owner)}</th><th>${e(c.due)}</th><th>${e(c.status)}</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
  const notes =
    plan.notes.length === 0
      ? ''
      : `<h3>${e(w.notesHeading)}</h3>${plan.notes.map((n) => `<p class="notes" data-period="${e(n.period)}">${e(n.text).replace(/\n/g, '<br>')}</p>`).join('\n')}`;
  return `<section id="action-plan"><h2>${e(w.heading)}</h2>${table}${notes}</section>`;
}

/** Whether the XLSX report has an action plan sheet: only when the period has actions or notes. */
export function hasActionPlanSheet(model: ReportModel): boolean {
  const plan = model.actionPlan;
  return plan !== undefined && (plan.actions.length > 0 || plan.notes.length > 0);
}

/** The XLSX report's action plan sheet, with due dates as date cells. */
export function actionPlanSheet(wb: ExcelJS.Workbook, model: ReportModel, lang: Lang, name: string): void {
  const plan = model.actionPlan;
  if (plan === undefined) return;
  const w = ACTION_PLAN_WORDS[lang];
  const c = w.columns;
  const ws = wb.addWorksheet(name);
  const head = ws.addRow([c.what, c.metric, c.owner, c.due, c.status, c.opened]);
  head.font = { bold: true };
  for (const a of plan.actions) {
    const row = ws.addRow([
      a.what,
      a.metric ?? '',
      ownerText(a, lang),
      a.dueDate === null ? null : new Date(`${a.dueDate}T00:00:00Z`),
      statusText(a, lang),
      a.period,
    ]);
    row.getCell(4).numFmt = 'yyyy-mm-dd';
  }
  if (plan.notes.length > 0) {
    ws.addRow([]);
    ws.addRow([w.notesHeading]).font = { bold: true };
    for (const n of plan.notes) ws.addRow([n.period, n.text]);
  }
  ws.getColumn(1).width = 50;
  for (let i = 2; i <= 6; i++) ws.getColumn(i).width = 16;
}
