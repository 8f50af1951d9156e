/**
 * The PDF of a report: its HTML page printed by headless Chromium (src/browser/chromium.ts), A4, with the
 * report's title in the header and page numbers in the footer. A caller that prints many reports (the
 * schedules) passes one Chromium and closes it itself; otherwise one is started and closed per document.
 */
import { type HeadlessChromium, launchChromium } from '../browser/chromium.js';
import { escapeXml } from './svg.js';

export interface PdfOptions {
  /** A Chromium to print with (kept open); without it one is launched for this document. */
  readonly chromium?: HeadlessChromium;
  /** Header text (the report's title). */
  readonly title: string;
  /** "Page" and "of" in the report's language. */
  readonly page: string;
  readonly of: string;
}

const TEMPLATE_STYLE =
  'font-family: Arial, sans-serif; font-size: 8px; color: #555; width: 100%; margin: 0 14mm;';

export async function renderPdf(html: string, options: PdfOptions): Promise<Uint8Array> {
  const own = options.chromium === undefined ? await launchChromium() : undefined;
  const chromium = options.chromium ?? own!;
  const context = await chromium.browser.newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      margin: { top: '18mm', bottom: '18mm', left: '14mm', right: '14mm' },
      headerTemplate: `<div style="${TEMPLATE_STYLE}">${escapeXml(options.title)}</div>`,
      footerTemplate: `<div style="${TEMPLATE_STYLE} text-align: right;">${escapeXml(options.page)} <span class="pageNumber"></span> ${escapeXml(options.of)} <span class="totalPages"></span></div>`,
    });
    return new Uint8Array(pdf);
  } finally {
    await context.close().catch(() => undefined);
    if (own) await own.close();
  }
}
