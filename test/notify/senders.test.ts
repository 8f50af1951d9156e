/** The senders' failures are bounded and say what happened: a webhook that never answers, an SMTP refusal. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { alertContent } from '../../src/notify/alert-text.js';
import { renderMail, smtpTransport } from '../../src/notify/mail.js';
import { postWebhook } from '../../src/notify/webhook.js';
import { alertMessage } from '../support/alerts.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('senders', () => {
  it('gives up on a webhook that does not answer in time, and names a refused one', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent = http.createServer(() => undefined);
    silent.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    closers.push(
      () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          silent.close(() => r());
        }),
    );
    const port = (silent.address() as AddressInfo).port;
    const started = Date.now();
    await expect(postWebhook(`http://127.0.0.1:${port}/hook`, { a: 1 }, { timeoutMs: 300 })).rejects.toThrow(
      /did not answer within 300 ms/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);

    const redirect = http.createServer((_, res) =>
      res.writeHead(302, { location: 'http://example.com/' }).end(),
    );
    await new Promise<void>((r) => redirect.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise<void>((r) => redirect.close(() => r())));
    const rport = (redirect.address() as AddressInfo).port;
    await expect(postWebhook(`http://127.0.0.1:${rport}/hook`, {})).rejects.toThrow(/answered 302/);
    await expect(postWebhook('http://127.0.0.1:1/hook', {}, { timeoutMs: 2000 })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it("rejects when the SMTP server refuses the recipient, with the server's answer", async () => {
    const server = new SMTPServer({
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        callback(Object.assign(new Error(`no mailbox ${address.address}`), { responseCode: 550 }));
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise<void>((r) => server.close(() => r())));
    const port = (server.server.address() as AddressInfo).port;
    const transport = smtpTransport({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'a@accord.test',
      timeoutMs: 5000,
    });
    closers.push(async () => transport.close());
    const rendered = renderMail(
      alertContent(alertMessage(), 'en', { timezone: 'UTC', publicUrl: 'http://x', ackUrl: null }),
    );
    await expect(
      transport.send({ to: 'gone@partner.example', messageId: '<dlv_x.alert@x>', lang: 'en', rendered }),
    ).rejects.toThrow(/550/);
  });
});
