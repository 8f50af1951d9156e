/**
 * Alert mails over SMTP (nodemailer): a plain-text and an HTML part with the same content, in the
 * recipient's language, with a Message-ID of the delivery's own, so that a resent delivery (the window
 * docs/delivery.md describes) is recognisably the same message. Every wait is bounded.
 */
import type nodemailer from 'nodemailer';
import type { AlertContent } from './alert-text.js';

export interface MailSettings {
  /** smtp://host:port (or smtps://, with user:password@ when the server wants it). */
  readonly smtpUrl: string;
  /** The From: address. */
  readonly from: string;
  /** Connection, greeting and socket limits (default 10 s each). */
  readonly timeoutMs?: number;
}

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderMail(c: AlertContent): RenderedMail {
  const width = Math.max(...c.facts.map((f) => f.label.length));
  const text = [
    c.headline,
    '',
    ...c.facts.map((f) => `${`${f.label}:`.padEnd(width + 2)}${f.value}`),
    ...(c.risk === null ? [] : ['', c.risk]),
    '',
    ...c.links.map((l) => `${l.label}: ${l.url}`),
    '',
    c.escalation,
    '',
    '-- ',
    c.footer,
    '',
  ].join('\n');
  const button = (url: string, label: string) =>
    `<a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold">${escapeHtml(label)}</a>`;
  const html = `<!doctype html>
<html lang="${c.lang}">
<head><meta charset="utf-8"><title>${escapeHtml(c.subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#111827;line-height:1.5">
<p style="font-size:16px"><strong>${escapeHtml(c.headline)}</strong></p>
<table role="presentation" cellpadding="4" style="border-collapse:collapse">
${c.facts.map((f) => `<tr><th align="left" style="padding-right:12px">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`).join('\n')}
</table>
${c.risk === null ? '' : `<p>${escapeHtml(c.risk)}</p>\n`}<p>${c.links
    .filter((l) => l.primary)
    .map((l) => button(l.url, l.label))
    .join(' ')}</p>
<ul>
${c.links
  .filter((l) => !l.primary)
  .map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></li>`)
  .join('\n')}
</ul>
<p>${escapeHtml(c.escalation)}</p>
<p style="color:#6b7280;font-size:12px">${escapeHtml(c.footer)}</p>
</body>
</html>
`;
  return { subject: c.subject, text, html };
}

export interface MailTransport {
  send(mail: {
    readonly to: string;
    readonly messageId: string;
    readonly lang: string;
    readonly rendered: RenderedMail;
  }): Promise<void>;
  close(): void;
}

type Transporter = ReturnType<typeof nodemailer.createTransport>;

/** A message as nodemailer's `sendMail` takes it. */
export type MailMessage = Parameters<Transporter['sendMail']>[0];

export interface SmtpConnection {
  /** Resolves when the server accepted the message. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * One pooled SMTP connection set for `settings`, opened on the first message: nodemailer is imported then,
 * not by every CLI command that never mails. Every wait is bounded by `timeoutMs`.
 */
export function smtpConnection(settings: MailSettings): SmtpConnection {
  const timeout = settings.timeoutMs ?? 10_000;
  let transporter: Promise<Transporter> | undefined;
  const open = async (): Promise<Transporter> => {
    const { default: mailer } = await import('nodemailer');
    // The URL's own settings win over these (nodemailer merges them so).
    return mailer.createTransport({
      url: settings.smtpUrl,
      pool: true,
      maxConnections: 2,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      disableFileAccess: true,
      disableUrlAccess: true,
    } as Parameters<typeof nodemailer.createTransport>[0]);
  };
  return {
    async send(message) {
      transporter ??= open();
      await (await transporter).sendMail({ from: settings.from, ...message });
    },
    close() {
      void transporter?.then((t) => t.close()).catch(() => undefined);
    },
  };
}

/** Alert mails over one SMTP connection set; `send` resolves when the server accepted the message. */
export function smtpTransport(settings: MailSettings): MailTransport {
  const smtp = smtpConnection(settings);
  return {
    async send({ to, messageId, lang, rendered }) {
      await smtp.send({
        to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId,
        headers: { 'Content-Language': lang, 'Auto-Submitted': 'auto-generated' },
      });
    },
    close: () => smtp.close(),
  };
}

/** `<dlv_….alert@host>`: the same delivery always has the same Message-ID. */
export function messageIdOf(deliveryId: string, publicUrl: string): string {
  let host = 'accord.invalid';
  try {
    host = new URL(publicUrl).hostname || host;
  } catch {
    // the default host
  }
  return `<${deliveryId}.alert@${host}>`;
}
