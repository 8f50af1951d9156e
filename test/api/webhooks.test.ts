/**
 * `POST /api/v1/webhooks/{system}/{source}`: each system's signature checked over the raw body with the
 * source's secret; nothing is looked at before it holds.
 */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
});
