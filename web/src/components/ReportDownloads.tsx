/**
 * The period's report as a file (docs/reports.md): PDF, XLSX, HTML and CSV in the page's language, straight
 * from `GET /api/v1/contracts/{c}/reports/{period}` (the session cookie authorises the download; the server
 * names the file).
 */
import '../alerts/alerts.css';
import { ALERT_MESSAGES } from '../i18n/alerts.js';
import { LANG_NAMES, useI18n } from '../i18n/index.js';

const FORMATS = ['pdf', 'xlsx', 'html', 'csv'] as const;

export function reportHref(contract: string, period: string, format: string, lang: string): string {
  const q = new URLSearchParams({ format, lang });
  return `/api/v1/contracts/${encodeURIComponent(contract)}/reports/${encodeURIComponent(period)}?${q}`;
}

export function ReportDownloads({ contract, period }: { contract: string; period: string }) {
  const { lang } = useI18n();
  const r = ALERT_MESSAGES[lang].reports;
  return (
    <section className="card report-downloads" aria-labelledby="report-title">
      <h2 id="report-title">{r.title}</h2>
      <p className="muted">{r.intro(LANG_NAMES[lang])}</p>
      <ul>
        {FORMATS.map((f) => (
          <li key={f}>
            <a
              className="button secondary"
              href={reportHref(contract, period, f, lang)}
              download
              data-format={f}
            >
              {r.download(r.formats[f] ?? f)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
