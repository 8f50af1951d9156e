/**
 * The report as one self-contained HTML page (no script, no external file): charts as inline SVG, printable
 * CSS with page breaks. The PDF is this page printed by Chromium (pdf.ts). Sections are a list of
 * functions, so a new part of the report (an action plan) is one more function.
 */
import { explainMetric } from '../domain/contract/explain.js';
import type { Lang } from '../domain/contract/types.js';
import { LOCALES, localeOf } from '../locales/index.js';
import { actionPlanHtml } from './action-plan.js';
import {
  isSplitMetric,
  metricTitle,
  rowVerdict,
  splitLabel,
  statementLineText,
  unitValue,
  type Words,
  wordsOf,
} from './display.js';
import type { ReportModel, ReportRow, Section } from './model.js';
import { attainmentChart, escapeXml as e, volumeChart } from './svg.js';

const CSS = `
@page { size: A4; margin: 18mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1px solid #999; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; }
p { margin: 1mm 0; }
.meta { color: #444; }
.banner { border: 2px solid #e65100; color: #e65100; padding: 2mm 3mm; margin: 3mm 0; font-weight: bold; }
.closed { border-color: #2e7d32; color: #2e7d32; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; }
th, td { border-bottom: 1px solid #ddd; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f2f2f2; font-weight: 600; }
td.num, th.num { text-align: right; }
td.num, td.id, td.split { white-space: nowrap; }
td.trend { white-space: nowrap; font-size: 8pt; color: #444; }
tr { break-inside: avoid; }
.met { color: #2e7d32; }
.missed { color: #c62828; font-weight: bold; }
.unjudged { color: #666; }
.pool td { color: #555; font-style: italic; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; }
figure { margin: 0; break-inside: avoid; }
figcaption { font-size: 8.5pt; color: #333; margin-bottom: 1mm; }
svg.chart { width: 100%; height: auto; }
.rules li, .promises li { margin-bottom: 1mm; }
.page-break { break-before: page; }
ul.breaches { font-size: 8pt; color: #333; }
p.escalation { margin: 2mm 0 4mm; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; word-break: break-all; }
.payable td { font-weight: bold; border-top: 2px solid #333; }
`;

interface Ctx {
  readonly model: ReportModel;
  readonly x: Words;
}

const verdictClass = (r: Pick<ReportRow, 'judged' | 'met'>) =>
  !r.judged ? 'unjudged' : r.met ? 'met' : 'missed';

function header({ model, x }: Ctx): string {
  const c = model.contract;
  const p = model.period;
  const range = p.firstDay && p.lastDay ? x.w.periodRange(x.date(p.firstDay), x.date(p.lastDay)) : p.name;
  const t = LOCALES[x.lang].evaluation;
  const banner = p.provisional
    ? `<p class="banner provisional">${e(t.provisional({ period: p.name, end: x.date(p.lastDay ?? '') }))}</p>`
    : p.closed
      ? `<p class="banner closed">${e(x.w.closed)}</p>`
      : '';
  return `<header>
<h1>${e(x.w.title(c.id, p.name))}</h1>
<p class="meta">${e(x.w.parties(c.client, c.partner))} · ${e(range)} · ${e(x.w.asOf)} <time>${e(model.asOf)}</time></p>
<p class="meta">${e(x.w.contractVersion)} ${c.version} · <code>${e(model.contractDigest)}</code></p>
${banner}
</header>`;
}

/** The contract's title of a metric, or nothing when it has none (the id is in the next cell). */
const title = (model: ReportModel, id: string, x: Words) => {
  const t = metricTitle(model, id, x.lang);
  return t === id ? '' : t;
};

function summary({ model, x }: Ctx): string {
  const rows = model.verdicts
    .map(({ metric, verdict }) => {
      const cls = verdict === 'met' ? 'met' : verdict === 'missed' ? 'missed' : 'unjudged';
      return `<tr data-metric="${e(metric)}"><td class="id">${e(metric)}</td><td>${e(title(model, metric, x))}</td><td class="verdict ${cls}">${e(x.w.verdicts[verdict] ?? verdict)}</td></tr>`;
    })
    .join('\n');
  const s = model.statement;
  const money = s
    ? `<p class="payable-summary">${e(x.w.statement.payable)}: <strong data-amount="payable">${e(x.money(s.payableCents, model.currency))}</strong>${model.period.provisional ? ` — ${e(x.w.statement.estimate)}` : ''}</p>`
    : '';
  return `<section id="summary"><h2>${e(x.w.headings.summary)}</h2>${money}
<table class="verdicts"><thead><tr><th>${e(x.w.columns.metric)}</th><th></th><th>${e(x.w.columns.verdict)}</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}

/** A numerator or denominator: whole, or with the decimals it has (at most three). */
function count(n: number | null, x: Words): string {
  if (n === null) return '';
  if (Number.isInteger(n)) return x.number(n);
  const decimals = Math.min(3, (String(n).split('.')[1] ?? '').length);
  return x.number(n, decimals);
}

function rowHtml(r: ReportRow, ctx: Ctx): string {
  const { model, x } = ctx;
  const pooled = r.split === null && isSplitMetric(model, r.metric);
  const trend = r.trend
    .slice(0, -1)
    .map((t) => unitValue(r, t.value, x))
    .join(' ');
  const split = splitLabel(r, x, pooled);
  return `<tr class="${pooled ? 'pool' : ''}" data-metric="${e(r.metric)}" data-split="${e(split)}"><td class="id">${e(r.metric)}</td><td class="split">${e(split)}</td><td class="num value">${e(unitValue(r, r.value, x))}</td><td class="num target">${e(unitValue(r, r.target, x))}</td><td class="verdict ${verdictClass(r)}">${e(rowVerdict(r, x))}</td><td class="num count">${e(r.denominator === null ? count(r.numerator, x) : `${count(r.numerator, x)} / ${count(r.denominator, x)}`)}</td><td class="trend">${e(trend)}</td></tr>`;
}

function charts(rows: readonly ReportRow[], ctx: Ctx): string {
  const { model, x } = ctx;
  const figures = rows
    .filter((r) => !(r.split === null && isSplitMetric(model, r.metric)))
    .filter((r) => r.trend.some((t) => t.value !== null))
    .map((r) => {
      const label = `${r.metric}${r.split ? ` — ${splitLabel(r, x)}` : ''}`;
      const svg = attainmentChart(r.trend, {
        label: `${x.w.chartAttainment}: ${label}`,
        targetLabel: x.w.targetLine,
        format: (v) => unitValue(r, v, x),
        percentage: r.percentage,
      });
      return `<figure data-metric="${e(r.metric)}"><figcaption>${e(label)}</figcaption>${svg}</figure>`;
    });
  return figures.length === 0 ? '' : `<div class="charts">${figures.join('\n')}</div>`;
}

function metricTable(rows: readonly ReportRow[], ctx: Ctx): string {
  const { x } = ctx;
  const c = x.w.columns;
  const before = ctx.model.trendPeriods.slice(0, -1);
  const span = before.length === 0 ? '' : ` ${before[0]}${before.length > 1 ? `–${before.at(-1)}` : ''}`;
  return `<table class="metrics"><thead><tr><th>${e(c.metric)}</th><th>${e(c.split)}</th><th class="num">${e(c.value)}</th><th class="num">${e(c.target)}</th><th>${e(c.verdict)}</th><th class="num">${e(c.numerator)} / ${e(c.denominator)}</th><th>${e(c.trend + span)}</th></tr></thead><tbody>
${rows.map((r) => rowHtml(r, ctx)).join('\n')}
</tbody></table>`;
}

/** The ids a page lists per row; the workbook has them all. */
const LISTED = 12;

function drillDown(rows: readonly ReportRow[], ctx: Ctx): string {
  const { x } = ctx;
  if (ctx.model.recordsHidden) return `<p class="meta">${e(x.w.recordsHidden)}</p>`;
  if (rows.every((r) => r.breaches === null)) return `<p class="meta">${e(x.w.recordsNotListed)}</p>`;
  const items = rows
    .filter((r) => r.breaches !== null && r.breaches.length > 0)
    .filter((r) => !(r.split === null && isSplitMetric(ctx.model, r.metric)))
    .map(
      (r) =>
        `<li data-metric="${e(r.metric)}"><strong>${e(r.metric)}${r.split ? ` (${e(splitLabel(r, x))})` : ''}</strong>: ${e(x.w.recordsAgainst(r.breaches!.length))}: <span class="records">${e(r.breaches!.slice(0, LISTED).join(', '))}${r.breaches!.length > LISTED ? ` ${e(x.w.moreRecords(r.breaches!.length - LISTED))}` : ''}</span></li>`,
    );
  return items.length === 0 ? '' : `<ul class="breaches">${items.join('\n')}</ul>`;
}

function sectionOfKind(section: Section, heading: (w: Words['w']) => string) {
  return (ctx: Ctx): string => {
    const rows = ctx.model.rows.filter((r) => r.section === section);
    if (rows.length === 0) return '';
    const extra =
      section === 'availability' ? availability(ctx) : section === 'incidents' ? escalation(ctx) : '';
    return `<section id="${section}"><h2>${e(heading(ctx.x.w))}</h2>
${metricTable(rows, ctx)}${extra}${charts(rows, ctx)}${drillDown(rows, ctx)}</section>`;
  };
}

/** Who is called and how fast they must react, in the words of `contract explain`. */
function escalation({ model, x }: Ctx): string {
  if (model.contract.escalation.length === 0) return '';
  const { locale, format } = localeOf(x.lang);
  return `<p class="escalation">${e(locale.escalation(model.contract, format))}</p>`;
}

function availability({ model, x }: Ctx): string {
  if (model.availability.length === 0) return '';
  const c = x.w.columns;
  const duration = (s: number) => `${x.number(s / 3600, 2)} ${LOCALES[x.lang].units.h}`;
  const rows = model.availability
    .map(
      (a) =>
        `<tr data-metric="${e(a.metric)}"><td>${e(a.metric)}</td><td class="num open">${e(duration(a.openSeconds))}</td><td class="num outage">${e(duration(a.outageSeconds))}</td><td class="num value">${e(a.value === null ? '—' : x.percent(a.value, 2))}</td></tr>`,
    )
    .join('\n');
  return `<table class="availability"><thead><tr><th>${e(c.metric)}</th><th class="num">${e(c.openTime)}</th><th class="num">${e(c.outageTime)}</th><th class="num">${e(c.value)}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function volume(ctx: Ctx): string {
  const { model, x } = ctx;
  if (model.volume.length === 0) return '';
  const c = x.w.columns;
  const n = (v: number | null) => (v === null ? '—' : x.number(v, Number.isInteger(v) ? 0 : 2));
  const rows = model.volume
    .map(
      (v) =>
        `<tr data-metric="${e(v.metric)}"><td>${e(v.metric)}</td><td class="num forecast">${e(n(v.forecast))}</td><td class="num actual">${e(n(v.actual))}</td><td class="num band">${e(n(v.bandLimit))}</td><td class="${v.withinBand ? 'met' : 'missed'}">${e(v.withinBand ? x.w.yes : x.w.no)}</td></tr>`,
    )
    .join('\n');
  // One chart per distinct series: metrics of one channel share their forecast and volume.
  const seen = new Set<string>();
  const figures = model.volume
    .filter((v) => v.trend.some((p) => p.forecast !== null))
    .filter((v) => {
      const key = JSON.stringify(v.trend);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map(
      (v) =>
        `<figure data-metric="${e(v.metric)}"><figcaption>${e(v.metric)}</figcaption>${volumeChart(v.trend, {
          label: `${x.w.chartVolume}: ${v.metric}`,
          bandLabel: `— ${x.w.columns.forecast}  ▮ ${x.w.band}`,
          tolerancePpm: model.contract.volume?.forecastTolerancePpm ?? null,
          format: (value) => x.number(Math.round(value)),
        })}</figure>`,
    );
  return `<section id="volume"><h2>${e(x.w.headings.volume)}</h2>
<table class="volume"><thead><tr><th>${e(c.metric)}</th><th class="num">${e(c.forecast)}</th><th class="num">${e(c.actual)}</th><th class="num">${e(c.bandLimit)}</th><th>${e(c.withinBand)}</th></tr></thead><tbody>
${rows}
</tbody></table>${figures.length > 0 ? `<div class="charts">${figures.join('\n')}</div>` : ''}</section>`;
}

function statement({ model, x }: Ctx): string {
  const s = model.statement;
  const head = `<section id="statement" class="page-break"><h2>${e(x.w.headings.statement)}</h2>`;
  if (s === null) return `${head}<p>${e(x.w.statement.noMoney)}</p></section>`;
  const st = x.w.statement;
  const line = (key: string, label: string, cents: number, sign: '' | '−' | '+') =>
    `<tr data-amount="${key}"><td>${e(label)}</td><td class="num">${sign && cents !== 0 ? sign : ''}${e(x.money(cents, model.currency))}</td></tr>`;
  const rows = [
    line('fee', st.fee, s.feeCents, ''),
    line('credits', st.credits, s.creditsCents, '−'),
    line('earnBack', st.earnBack, s.earnBackCents, '+'),
    line('bonus', st.bonus, s.bonusCents, '+'),
  ];
  if (s.adjustmentsCents !== null) rows.push(line('adjustments', st.adjustments, s.adjustmentsCents, ''));
  const payable = s.payableCents + (s.adjustmentsCents ?? 0);
  rows.push(
    `<tr class="payable" data-amount="payable"><td>${e(st.payable)}</td><td class="num">${e(x.money(payable, model.currency))}</td></tr>`,
  );
  const notes: string[] = [];
  if (model.period.provisional) notes.push(st.estimate);
  if (model.acceptance.phase === 'acceptance' && model.acceptance.period !== null)
    notes.push(st.acceptance(model.acceptance.period));
  const rules = s.lines.map((l) => `<li data-kind="${l.kind}">${e(statementLineText(l, model, x))}</li>`);
  return `${head}
<table class="statement"><tbody>${rows.join('\n')}</tbody></table>
${notes.map((n) => `<p class="meta">${e(n)}</p>`).join('\n')}
${rules.length > 0 ? `<h3>${e(x.w.columns.rule)}</h3><ul class="rules">${rules.join('\n')}</ul>` : ''}
</section>`;
}

function comments({ model, x }: Ctx): string {
  if (model.comments === null) return '';
  const c = x.w.columns;
  const head = `<section id="comments"><h2>${e(x.w.headings.comments)}</h2>`;
  if (model.comments.length === 0) return `${head}<p>${e(x.w.nothing)}</p></section>`;
  const rows = model.comments.map(
    (m) =>
      `<tr><td class="num">${e(x.date(m.day))}</td><td>${e(m.kind.toUpperCase())}</td><td class="num">${e(x.w.scoreOf(x.number(m.score, Number.isInteger(m.score) ? 0 : 1), x.number(m.scaleMin), x.number(m.scaleMax)))}</td><td class="comment">${e(m.comment)}</td>${m.contact === null ? '' : `<td class="id">${e(m.contact)}</td>`}</tr>`,
  );
  const contact = model.comments[0]!.contact === null ? '' : `<th>${e(c.contact)}</th>`;
  return `${head}<p class="meta">${e(x.w.commentsShown(model.comments.length, model.commentCount))}</p>
<table class="comments"><thead><tr><th class="num">${e(c.answered)}</th><th>${e(c.survey)}</th><th class="num">${e(c.score)}</th><th>${e(c.comment)}</th>${contact}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

function promises({ model, x }: Ctx): string {
  const c = model.contract;
  const items = c.metrics.map(
    (m) => `<li data-metric="${e(m.id)}">${e(explainMetric(m, c.period, x.lang, c.calendars))}</li>`,
  );
  return `<section id="promises"><h2>${e(x.w.headings.promises)}</h2><ul class="promises">${items.join('\n')}</ul></section>`;
}

function reproduce({ model, x }: Ctx): string {
  const command = `npx accord evaluate --contract … --period ${model.period.name} --as-of ${model.asOf} --json`;
  return `<section id="reproduce"><h2>${e(x.w.headings.reproduce)}</h2>
<table class="digests"><tbody>
<tr><td>${e(x.w.contractVersion)}</td><td data-field="version">${model.contract.version}</td></tr>
<tr><td>${e(x.w.contractDigest)}</td><td><code data-field="contractDigest">${e(model.contractDigest)}</code></td></tr>
<tr><td>${e(x.w.inputDigest)}</td><td><code data-field="inputDigest">${e(model.inputDigest)}</code></td></tr>
</tbody></table>
<p>${e(x.w.reproduce(''))}<br><code>${e(command)}</code></p></section>`;
}

function warnings({ model, x }: Ctx): string {
  if (model.warnings.length === 0) return '';
  const items = model.warnings.map(
    (w) => `<li><code>${e(w.code)}</code>${w.contact ? ` ${e(w.contact)}` : ''}: ${e(w.message)}</li>`,
  );
  return `<section id="warnings"><h2>${e(x.w.headings.warnings)} (${model.warnings.length})</h2><ul>${items.join('\n')}</ul></section>`;
}

/** The sections in the order they print; a new part of the report is one more entry. */
export const HTML_SECTIONS: readonly ((ctx: Ctx) => string)[] = [
  header,
  summary,
  sectionOfKind('service', (w) => w.headings.service),
  volume,
  sectionOfKind('availability', (w) => w.headings.availability),
  sectionOfKind('incidents', (w) => w.headings.incidents),
  sectionOfKind('quality', (w) => w.headings.quality),
  comments,
  statement,
  ({ model, x }) => actionPlanHtml(model, x.lang),
  promises,
  reproduce,
  warnings,
];

/** The whole report as an HTML document in one language. */
export function renderHtml(model: ReportModel, lang: Lang): string {
  const ctx: Ctx = { model, x: wordsOf(lang) };
  const body = HTML_SECTIONS.map((s) => s(ctx))
    .filter((s) => s !== '')
    .join('\n');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${e(ctx.x.w.title(model.contract.id, model.period.name))}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
