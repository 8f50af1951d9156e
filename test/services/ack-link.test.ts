import { describe, expect, it } from 'vitest';
import { ackLink, ackToken, verifyAck } from '../../src/services/ack-link.js';

const SECRET = 'k'.repeat(43);

describe('signed acknowledge links', () => {
  it('verifies a link it signed until it expires', () => {
    const link = ackLink(
      'https://accord.example/',
      'alert:c1:chat_sl:web/42:1:breached',
      SECRET,
      10_000,
      'c 1',
    );
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('https://accord.example/contracts/c%201/alerts/acknowledge');
    const token = url.searchParams.get('token')!;
    expect(verifyAck(token, SECRET, 9_999)).toEqual({
      ok: true,
      alertId: 'alert:c1:chat_sl:web/42:1:breached',
      expiresAt: 10_000,
    });
    expect(verifyAck(token, SECRET, 10_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses another secret, a changed alert or expiry, and malformed tokens', () => {
    const token = ackToken('a1', SECRET, 10_000);
    expect(verifyAck(token, 'other', 0)).toEqual({ ok: false, reason: 'signature' });
    const [, sig] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ a: 'a2', e: 10_000 })).toString('base64url')}.${sig}`;
    expect(verifyAck(forged, SECRET, 0)).toEqual({ ok: false, reason: 'signature' });
    const later = `${Buffer.from(JSON.stringify({ a: 'a1', e: 99_999 })).toString('base64url')}.${sig}`;
    expect(verifyAck(later, SECRET, 20_000)).toEqual({ ok: false, reason: 'signature' });
    for (const bad of ['', 'abc', 'a.b.c', '.x', 'x'.repeat(5000)])
      expect(verifyAck(bad, SECRET, 0)).toMatchObject({ ok: false });
    const notJson = Buffer.from('nope').toString('base64url');
    expect(verifyAck(`${notJson}.${ackToken('x', SECRET, 1).split('.')[1]}`, SECRET, 0).ok).toBe(false);
  });
});
