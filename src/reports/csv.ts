/**
 * The results of a report as CSV (RFC 4180: CRLF line ends, quoted fields where needed, written by the one
 * CSV writer): one row per metric and split value, the pooled row of a split metric included. Values are
 * unrounded in the metric's unit (a fraction for percentages, seconds for averages); each row ends with the
 * contract version, the contract's digest and the input digest. English uses `,` and
 * a decimal point; Dutch and German use `;` and a decimal comma, as spreadsheets in those languages read it.
 */
import type { Lang } from '../domain/contract/types.js';
import { formatCsvRow } from '../ingest/csv-writer.js';
import { LOCALES } from '../locales/index.js';
import { REPORT_WORDS } from '../locales/report.js';
import { isSplitMetric, splitLabel, wordsOf } from './display.js';
import type { ReportModel } from './model.js';

export function renderCsv(model: ReportModel, lang: Lang): string {
  const w = REPORT_WORDS[lang];
  const x = wordsOf(lang);
  const decimal = LOCALES[lang].decimal;
  const separator = decimal === ',' ? ';' : ',';
  const num = (n: number | null) => (n === null ? null : String(n).replace('.', decimal));
  const bool = (b: boolean | null) => (b === null ? null : b ? w.yes : w.no);
  const c = w.columns;
  const header = [
    c.period,
    c.metric,
    c.split,
    c.value,
    c.target,
    c.verdict,
    c.judged,
    c.met,
    c.reason,
    c.numerator,
    c.denominator,
    c.forecast,
    c.actual,
    c.withinBand,
    c.provisional,
    // contract.md: the contract's digest is printed on every report; on every row, so that a row read
    // alone still names what judged it and from which data.
    w.contractVersion,
    w.contractDigest,
    w.inputDigest,
  ];
  const volume = new Map(model.volume.map((v) => [v.metric, v]));
  const lines = [formatCsvRow(header, separator)];
  for (const r of model.rows) {
    const v = volume.get(r.metric);
    const verdict = r.judged ? (r.met ? 'met' : 'missed') : 'unjudged';
    lines.push(
      formatCsvRow(
        [
          model.period.name,
          r.metric,
          splitLabel(r, x, isSplitMetric(model, r.metric)),
          num(r.value),
          num(r.target),
          w.verdicts[verdict] ?? verdict,
          bool(r.judged),
          bool(r.met),
          r.reason === null ? null : (w.reasons[r.reason] ?? r.reason),
          num(r.numerator),
          num(r.denominator),
          v === undefined ? null : num(v.forecast),
          v === undefined ? null : num(v.actual),
          v === undefined ? null : bool(v.withinBand),
          bool(model.period.provisional),
          String(model.contract.version),
          model.contractDigest,
          model.inputDigest,
        ],
        separator,
      ),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
