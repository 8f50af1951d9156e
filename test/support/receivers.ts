/**
 * Real local receivers for the notifiers' tests: an SMTP server (the `smtp-server` package) that keeps
 * every message, with a small MIME reader for its parts, and a node:http server that keeps every webhook
 * request and can be told to fail the first N requests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: string;
  readonly headers: Map<string, string>;
  /** Decoded parts by content type (text/plain, text/html). */
  readonly parts: Map<string, string>;
}

export interface MailReceiver {
  readonly url: string;
  readonly mails: ReceivedMail[];
  close(): Promise<void>;
}

function headerMap(block: string): Map<string, string> {
  const map = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) map.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return map;
}

function decodeBody(body: string, encoding: string | undefined): string {
  const e = (encoding ?? '7bit').toLowerCase();
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (e === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** The decoded leaf parts of a MIME message, by content type. */
export function mimeParts(raw: string): { headers: Map<string, string>; parts: Map<string, string> } {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = headerMap(raw.slice(0, split));
  const parts = new Map<string, string>();
  const walk = (hdrs: Map<string, string>, body: string) => {
    const type = hdrs.get('content-type') ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith('multipart/') && boundary !== undefined) {
      for (const chunk of body.split(`--${boundary}`).slice(1)) {
        if (chunk.startsWith('--')) break;
        const inner = chunk.replace(/^\r?\n/, '');
        const at = inner.search(/\r?\n\r?\n/);
        walk(headerMap(inner.slice(0, at)), inner.slice(at).replace(/^\r?\n\r?\n/, ''));
      }
      return;
    }
    parts.set(
      type.split(';')[0]!.trim().toLowerCase(),
      decodeBody(body, hdrs.get('content-transfer-encoding')),
    );
  };
  walk(headers, raw.slice(split).replace(/^\r?\n\r?\n/, ''));
  return { headers, parts };
}

export async function startMailReceiver(): Promise<MailReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const { headers, parts } = mimeParts(raw);
        mails.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          headers,
          parts,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedRequest {
  readonly host: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: tests read the JSON payloads by path
  readonly body: any;
}

export interface WebhookReceiver {
  readonly port: number;
  readonly requests: ReceivedRequest[];
  /** Answer 500 to the next `n` requests (then 200). */
  failNext(n: number): void;
  /** Answer 500 to every request from now on. */
  failAlways(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let failures = 0;
  let always = false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (always || failures > 0) {
        failures = Math.max(0, failures - 1);
        res.writeHead(500, { 'content-type': 'text/plain' }).end('receiver is down');
        return;
      }
      requests.push({
        host: req.headers.host ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    failNext: (n) => {
      failures = n;
    },
    failAlways: () => {
      always = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Waits until `check` holds (polling the condition, generous limit for loaded machines). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  limitMs = 20_000,
): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
