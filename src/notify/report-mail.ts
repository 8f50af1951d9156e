/**
 * Scheduled reports by e-mail (docs/action-plans.md, Schedules): the report of the run's period, rendered
 * as PDF and XLSX in the schedule's language (src/reports/), mailed to every e-mail recipient of the
 * contract (notify's recipients, both sides, each address once), one mail per address so that neither
 * party sees the other's addresses. The run record (schedules.service.ts) makes it go out once; the
 * Message-ID names the contract, schedule, period and address, so that a mail server or a reader can tell
 * a duplicate, should an operator ever send a run again.
 */
import { createHash } from 'node:crypto';
import { ACTION_PLAN_WORDS } from '../locales/action-plans.js';
import { renderReport } from '../reports/index.js';
import { signedVersions } from '../services/contracts.service.js';
import { contractReport } from '../services/report.service.js';
import type { DueRun, ReportDelivery } from '../services/schedules.service.js';
import type { Store } from '../store/index.js';
import { type MailSettings, smtpConnection } from './mail.js';

export interface ReportMailer {
  readonly deliver: ReportDelivery;
  close(): void;
}

/** The e-mail addresses of a contract's recipients, each once, sorted. */
export async function reportRecipients(store: Store, run: Pick<DueRun, 'contract'>): Promise<string[]> {
  const entries = await store.recipients.list(run.contract.organisationId, run.contract.id);
  return [...new Set(entries.filter((e) => e.channel === 'email').map((e) => e.target))].sort();
}

function messageId(run: DueRun, to: string, host: string): string {
  const h = createHash('sha256')
    .update(
      `${run.contract.organisationId}\u0000${run.contract.id}\u0000${run.schedule.periodKind}\u0000${run.period.name}\u0000${to}`,
    )
    .digest('hex')
    .slice(0, 32);
  return `<report.${h}@${host}>`;
}

/**
 * The delivery of scheduled reports over SMTP. `mail` null (no ACCORD_SMTP_URL): every run fails with a
 * message saying so, recorded in its run and the audit log.
 */
export function reportMailer(
  store: Store,
  mail: MailSettings | null,
  options: { readonly now: () => number; readonly publicUrl?: string },
): ReportMailer {
  const transporter = mail === null ? null : smtpConnection(mail);
  let host = 'accord.invalid';
  try {
    host = new URL(options.publicUrl ?? '').hostname || host;
  } catch {
    // the default host
  }
  const deliver: ReportDelivery = async (run) => {
    if (transporter === null || mail === null)
      throw new Error('no SMTP server is configured (ACCORD_SMTP_URL): the report was not sent');
    const to = await reportRecipients(store, run);
    if (to.length === 0)
      throw new Error(`contract "${run.contract.id}" has no e-mail recipients: the report was not sent`);
    const versions = await signedVersions(store, run.contract);
    // As the client admin reads it, contact ids included: the parties' own working document.
    const model = await contractReport(store, run.contract, versions, run.period, options.now(), {
      contactIds: true,
    });
    const lang = run.schedule.lang;
    const pdf = await renderReport(model, 'pdf', lang);
    const xlsx = await renderReport(model, 'xlsx', lang);
    const w = ACTION_PLAN_WORDS[lang];
    for (const address of to)
      await transporter.send({
        to: address,
        subject: w.mailSubject(run.contract.id, run.period.name),
        text: `${w.mailBody(run.contract.id, run.period.name, run.schedule.periodKind)}\n`,
        messageId: messageId(run, address, host),
        headers: { 'Content-Language': lang, 'Auto-Submitted': 'auto-generated' },
        attachments: [
          { filename: pdf.filename, content: Buffer.from(pdf.bytes), contentType: pdf.contentType },
          { filename: xlsx.filename, content: Buffer.from(xlsx.bytes), contentType: xlsx.contentType },
        ],
      });
    return { recipients: to.length };
  };
  return { deliver, close: () => transporter?.close() };
}
