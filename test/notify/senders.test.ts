/** The senders' failures are bounded and say what happened: a webhook that never answers, an SMTP refusal. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { alertContent } from '../../src/notify/alert-text.js';
import { renderMail, smtpTransport } from '../../src/notify/mail.js';
import { postWebhook } from '../../src/notify/webhook.js';
import { isInsideAddress, outsideOnlyLookup } from '../../src/notify/webhook-target.js';
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
    await expect(
      postWebhook(`http://127.0.0.1:${port}/hook`, { a: 1 }, { timeoutMs: 300, allowPrivate: true }),
    ).rejects.toThrow(/did not answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(10_000);

    const redirect = http.createServer((_, res) =>
      res.writeHead(302, { location: 'http://example.com/' }).end(),
    );
    await new Promise<void>((r) => redirect.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise<void>((r) => redirect.close(() => r())));
    const rport = (redirect.address() as AddressInfo).port;
    await expect(postWebhook(`http://127.0.0.1:${rport}/hook`, {}, { allowPrivate: true })).rejects.toThrow(
      /answered 302/,
    );
    await expect(
      postWebhook('http://127.0.0.1:1/hook', {}, { timeoutMs: 2000, allowPrivate: true }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses webhooks to loopback and private networks unless the operator allows them, before sending a byte', async () => {
    let hits = 0;
    const receiver = http.createServer((_, res) => {
      hits++;
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise<void>((r) => receiver.close(() => r())));
    const port = (receiver.address() as AddressInfo).port;
    for (const url of [
      `http://127.0.0.1:${port}/hook`,
      `http://localhost:${port}/hook`,
      `http://[::1]:${port}/hook`,
      'http://10.1.2.3/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::ffff:192.168.1.5]/hook',
    ])
      await expect(postWebhook(url, {}, { timeoutMs: 2000 }), url).rejects.toThrow(
        /inside a private network/,
      );
    // A name is checked on what it resolves to when the hook is sent.
    const toLoopback: import('node:net').LookupFunction = (_h, options, cb) =>
      (options as { all?: boolean }).all
        ? (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [
            { address: '127.0.0.1', family: 4 },
          ])
        : cb(null, '127.0.0.1', 4);
    await expect(
      postWebhook(`http://hooks.example.com:${port}/x`, {}, { timeoutMs: 2000, lookup: toLoopback }),
    ).rejects.toThrow(/hooks\.example\.com resolves to 127\.0\.0\.1/);
    expect(hits).toBe(0);
    await postWebhook(`http://hooks.example.com:${port}/x`, {}, { lookup: toLoopback, allowPrivate: true });
    expect(hits).toBe(1);
  });

  it.each([
    ['127.0.0.1', true],
    ['10.255.0.1', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.0.1', true],
    ['100.64.1.1', true],
    ['169.254.169.254', true],
    ['0.0.0.0', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['::1', true],
    ['::', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['2001:4860:4860::8888', false],
    ['not-an-address', false],
  ])('%s is inside a network: %s', (address, inside) => {
    expect(isInsideAddress(address)).toBe(inside);
  });

  it('passes public addresses through the resolver and fails on any inside one among several', async () => {
    const fake =
      (addresses: string[]): import('node:net').LookupFunction =>
      (_h, _o, cb) =>
        (cb as (e: null, a: { address: string; family: number }[]) => void)(
          null,
          addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
        );
    const resolve = (addresses: string[]) =>
      new Promise<unknown>((ok, fail) =>
        outsideOnlyLookup(fake(addresses))('h.example', { all: true }, (e, a) => (e ? fail(e) : ok(a))),
      );
    await expect(resolve(['93.184.216.34', '2606:2800:220:1::'])).resolves.toHaveLength(2);
    await expect(resolve(['93.184.216.34', '10.0.0.7'])).rejects.toThrow(/10\.0\.0\.7/);
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
