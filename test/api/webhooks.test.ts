/**
 * `POST /api/v1/webhooks/{system}/{source}`: each system's signature checked over the raw body with the
 * source's secret; nothing is looked at before it holds.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pullsIdle } from '../../src/api/routes/webhooks.js';
import { signatureProblem } from '../../src/services/webhooks.service.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, expectProblem, NOW, type World } from './support.js';

const SECRET = 'whsec-test-0123456789';
const body = (o: unknown) => JSON.stringify(o);
const enc = (s: string) => new TextEncoder().encode(s);

describe('signatures', () => {
  const header = (h: Record<string, string>) => (name: string) => h[name];
  const text = '{"a":1}';

  it('Zendesk: base64 HMAC-SHA256 of timestamp + body, within 5 minutes', () => {
    const ts = new Date(NOW).toISOString();
    const sig = createHmac('sha256', SECRET)
      .update(ts + text)
      .digest('base64');
    const h = { 'x-zendesk-webhook-signature': sig, 'x-zendesk-webhook-signature-timestamp': ts };
    expect(signatureProblem('zendesk', header(h), enc(text), SECRET, NOW)).toBeNull();
    expect(signatureProblem('zendesk', header(h), enc('{"a":2}'), SECRET, NOW)).toMatch(/does not match/);
    expect(signatureProblem('zendesk', header(h), enc(text), 'other', NOW)).toMatch(/does not match/);
    expect(signatureProblem('zendesk', header(h), enc(text), SECRET, NOW + 6 * 60_000)).toMatch(/5 minutes/);
    expect(signatureProblem('zendesk', header({}), enc(text), SECRET, NOW)).toMatch(/missing/);
  });

  it('Intercom: sha1= hex HMAC-SHA1 of the body', () => {
    const sig = `sha1=${createHmac('sha1', SECRET).update(text).digest('hex')}`;
    expect(
      signatureProblem('intercom', header({ 'x-hub-signature': sig }), enc(text), SECRET, NOW),
    ).toBeNull();
    expect(
      signatureProblem(
        'intercom',
        header({ 'x-hub-signature': sig.replace(/.$/, '0') }),
        enc(text),
        SECRET,
        NOW,
      ),
    ).not.toBeNull();
  });

  it('Firehose: the access key; Freshdesk: the bearer secret', () => {
    expect(
      signatureProblem('connect', header({ 'x-amz-firehose-access-key': SECRET }), enc(text), SECRET, NOW),
    ).toBeNull();
    expect(
      signatureProblem('connect', header({ 'x-amz-firehose-access-key': 'x' }), enc(text), SECRET, NOW),
    ).not.toBeNull();
    expect(
      signatureProblem('freshdesk', header({ authorization: `Bearer ${SECRET}` }), enc(text), SECRET, NOW),
    ).toBeNull();
    expect(
      signatureProblem('freshdesk', header({ authorization: 'Bearer nope' }), enc(text), SECRET, NOW),
    ).not.toBeNull();
  });
});

describe.each(DIALECTS)('webhook route on $name', (dialect) => {
  const fixture = useStore(dialect);
  let w: World;
  beforeEach(async () => {
    w = await buildWorld(fixture.store);
    vi.stubEnv('ACCORD_WEBHOOK_SECRET_A_ZENDESK', SECRET);
    vi.stubEnv('ACCORD_WEBHOOK_SECRET_A_INTERCOM', SECRET);
    vi.stubEnv('ACCORD_WEBHOOK_SECRET_A_CONNECT', SECRET);
    await w.store.tenancy.addSource(w.partnerA, 'a-intercom', NOW);
    await w.store.tenancy.addSource(w.partnerA, 'a-connect', NOW);
  });
  afterEach(() => vi.unstubAllEnvs());

  const zendeskHeaders = (text: string, secret = SECRET) => {
    const ts = new Date(NOW).toISOString();
    return {
      'content-type': 'application/json',
      'x-zendesk-webhook-signature': createHmac('sha256', secret)
        .update(ts + text)
        .digest('base64'),
      'x-zendesk-webhook-signature-timestamp': ts,
    };
  };

  it('refuses an unknown system and a source without a secret alike (404)', async () => {
    const text = body({ ticket: 1 });
    expectProblem(
      await call(w.app, 'POST', '/api/v1/webhooks/myspace/a-zendesk', {
        body: text,
        headers: zendeskHeaders(text),
      }),
      404,
    );
    expectProblem(
      await call(w.app, 'POST', '/api/v1/webhooks/zendesk/a-genesys', {
        body: text,
        headers: zendeskHeaders(text),
      }),
      404,
    );
  });

  it('refuses a wrong signature (401) without a session', async () => {
    const text = body({ ticket: 1 });
    const r = await call(w.app, 'POST', '/api/v1/webhooks/zendesk/a-zendesk', {
      body: text,
      headers: zendeskHeaders(text, 'wrong'),
    });
    expectProblem(r, 401);
    expect(r.body.detail).toMatch(/signature does not match/);
  });

  it('answers 503 when a signed Zendesk change cannot be pulled: no credentials on the server', async () => {
    const text = body({ ticket: 1 });
    const r = await call(w.app, 'POST', '/api/v1/webhooks/zendesk/a-zendesk', {
      body: text,
      headers: zendeskHeaders(text),
    });
    expectProblem(r, 503);
    expect(r.body.detail).toMatch(/ACCORD_ZENDESK_URL is not set/);
  });

  it('stores a signed Intercom conversation at once, under the source, for the partner that owns it', async () => {
    const conversation = JSON.parse(
      readFileSync('test/fixtures/connectors/intercom/conversation-302.json', 'utf8'),
    );
    const text = body({
      type: 'notification_event',
      topic: 'conversation.admin.closed',
      data: { item: conversation },
    });
    const headers = {
      'content-type': 'application/json',
      'x-hub-signature': `sha1=${createHmac('sha1', SECRET).update(text).digest('hex')}`,
    };
    const r = await call(w.app, 'POST', '/api/v1/webhooks/intercom/a-intercom', { body: text, headers });
    expect(r.status, r.text).toBe(200);
    // The contact, its status history and its rating.
    expect(r.body).toMatchObject({ rejected: 0 });
    expect(r.body.inserted).toBe(r.body.read);
    expect(r.body.read).toBeGreaterThan(1);
    expect(await w.store.records.contactSources(['a-intercom'], String(conversation.id))).toEqual([
      'a-intercom',
    ]);
    // The same delivery again (Intercom retries): nothing new.
    const again = await call(w.app, 'POST', '/api/v1/webhooks/intercom/a-intercom', { body: text, headers });
    expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: r.body.read });
    // A topic that is not a conversation's is acknowledged and ignored.
    const ping = body({ type: 'notification_event', topic: 'ping', data: { item: { type: 'ping' } } });
    const p = await call(w.app, 'POST', '/api/v1/webhooks/intercom/a-intercom', {
      body: ping,
      headers: { 'x-hub-signature': `sha1=${createHmac('sha1', SECRET).update(ping).digest('hex')}` },
    });
    expect(p.status).toBe(200);
    expect(p.body.ignored).toMatch(/ping/);
  });

  it('pulls Zendesk once per burst of signed changes, into the source', async () => {
    let requests = 0;
    const server = createServer((req, res) => {
      requests++;
      const u = new URL(req.url ?? '/', 'http://x');
      const ok = (o: unknown) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(o));
      if (u.pathname === '/api/v2/incremental/tickets/cursor.json') {
        const page = JSON.parse(
          readFileSync('test/fixtures/connectors/zendesk/incremental-tickets-1.json', 'utf8'),
        );
        return ok({ ...page, after_url: null, after_cursor: 'END', end_of_stream: true });
      }
      if (u.pathname === '/api/v2/incremental/ticket_events.json')
        return ok({ ticket_events: [], next_page: null, end_of_stream: true, end_time: 1 });
      if (u.pathname === '/api/v2/incremental/ticket_metric_events.json')
        return ok({ ticket_metric_events: [], next_page: null, count: 0, end_time: 1 });
      return ok({ satisfaction_ratings: [], meta: { has_more: false }, links: { next: null } });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      vi.stubEnv('ACCORD_ZENDESK_URL', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      vi.stubEnv('ACCORD_ZENDESK_OAUTH_TOKEN', 'oauth-token');
      const text = body({ ticket: { id: 101 } });
      const first = await call(w.app, 'POST', '/api/v1/webhooks/zendesk/a-zendesk', {
        body: text,
        headers: zendeskHeaders(text),
      });
      const second = await call(w.app, 'POST', '/api/v1/webhooks/zendesk/a-zendesk', {
        body: text,
        headers: zendeskHeaders(text),
      });
      expect([first.status, first.body.pull]).toEqual([202, 'started']);
      expect([second.status, second.body.pull]).toEqual([202, 'queued']);
      await pullsIdle(w.store);
      expect(await w.store.records.contactSources(['a-zendesk', 'a-genesys'], '101')).toEqual(['a-zendesk']);
      // Two requests of the burst: one run, and one more after it (the second change may be past its reading).
      expect(requests).toBe(8);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("stores Amazon Connect contact records that Firehose delivers, and answers Firehose's reply", async () => {
    const lines = readFileSync('test/fixtures/connectors/connect/ctr-stream.ndjson', 'utf8')
      .trim()
      .split('\n');
    const delivery = {
      requestId: 'ed4acda5-034f-9f42-bba1-f29aea6d7d8f',
      timestamp: NOW,
      records: lines.map((l) => ({ data: Buffer.from(l).toString('base64') })),
    };
    const text = body(delivery);
    const send = (key: string) =>
      call(w.app, 'POST', '/api/v1/webhooks/connect/a-connect', {
        body: text,
        headers: { 'content-type': 'application/json', 'x-amz-firehose-access-key': key },
      });
    expectProblem(await send('wrong-key'), 401);
    const r = await send(SECRET);
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ requestId: delivery.requestId, timestamp: NOW });
    const contactId = JSON.parse(lines[0]!).InitialContactId ?? JSON.parse(lines[0]!).ContactId;
    expect(await w.store.records.contactSources(['a-connect'], contactId)).toEqual(['a-connect']);
  });
});
