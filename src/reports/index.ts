/**
 * Reports of a period (docs/reports.md): the model (model.ts, built from the evaluation's documents) and its
 * four formats. `renderReport` is what the CLI, the API and the scheduled mails call.
 */
import type { HeadlessChromium } from '../browser/chromium.js';
import type { Lang } from '../domain/contract/types.js';
import { REPORT_WORDS } from '../locales/report.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import type { ReportModel } from './model.js';
import { renderPdf } from './pdf.js';
import { renderXlsx } from './xlsx.js';

export type { ReportInput, ReportModel } from './model.js';
export { buildReportModel } from './model.js';

export const REPORT_FORMATS = ['html', 'pdf', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export interface RenderedReport {
  readonly bytes: Uint8Array;
  readonly contentType: string;
  /** `acme-customer-service-2026-10.pdf`. */
  readonly filename: string;
}

export interface RenderOptions {
  /** For PDF: a Chromium kept open by the caller (many reports in a row). */
  readonly chromium?: HeadlessChromium;
}

/** The file name of a report: contract id, period and format, safe in a Content-Disposition header. */
export function reportFilename(model: ReportModel, format: ReportFormat): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe(model.contract.id)}-${safe(model.period.name)}.${format}`;
}

/** A report in one format and language. */
export async function renderReport(
  model: ReportModel,
  format: ReportFormat,
  lang: Lang,
  options: RenderOptions = {},
): Promise<RenderedReport> {
  const out = (bytes: Uint8Array) => ({
    bytes,
    contentType: CONTENT_TYPES[format],
    filename: reportFilename(model, format),
  });
  switch (format) {
    case 'html':
      return out(new TextEncoder().encode(renderHtml(model, lang)));
    case 'csv':
      return out(new TextEncoder().encode(renderCsv(model, lang)));
    case 'xlsx':
      return out(await renderXlsx(model, lang));
    case 'pdf': {
      const w = REPORT_WORDS[lang];
      return out(
        await renderPdf(renderHtml(model, lang), {
          ...(options.chromium ? { chromium: options.chromium } : {}),
          title: w.title(model.contract.id, model.period.name),
          page: w.page,
          of: w.of,
        }),
      );
    }
  }
}
