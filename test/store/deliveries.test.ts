import { describe, expect, it } from 'vitest';
import { deliveryId } from '../../src/store/index.js';
import { alertMessage } from '../support/alerts.js';
import { DIALECTS, useStore } from '../support/stores.js';

const KEY = { organisationId: 'org_a', contractId: 'c1' };

describe.each(DIALECTS)('recipients and the delivery outbox on $name', (d) => {
  const t = useStore(d);

  it("replaces one side's entries of a name and keeps the other side's", async () => {
    const s = t.store;
    await s.recipients.replace(
      { ...KEY, who: 'team lead', side: 'client' },
      [
        { channel: 'email', target: 'ann@client.example', language: 'nl' },
        { channel: 'webhook', target: 'https://hooks.slack.com/services/x', language: 'en' },
      ],
      1000,
      'user:ann',
    );
    await s.recipients.replace(
      { ...KEY, who: 'team lead', side: 'partner' },
      [{ channel: 'email', target: 'bo@partner.example', language: 'de' }],
      1000,
      'user:bo',
    );
    await s.recipients.replace(
      { ...KEY, who: 'team lead', side: 'client' },
      [{ channel: 'email', target: 'cy@client.example', language: 'en' }],
      2000,
      'user:ann',
    );
    const all = await s.recipients.list('org_a', 'c1');
    expect(all.map((e) => [e.side, e.channel, e.target, e.language, e.setAt])).toEqual([
      ['client', 'email', 'cy@client.example', 'en', 2000],
      ['partner', 'email', 'bo@partner.example', 'de', 1000],
    ]);
    expect(await s.recipients.list('org_b', 'c1')).toEqual([]);
  });

  it('replaces as a whole when two replace the same name and side at once', async () => {
    const s = t.store;
    const key = { ...KEY, who: 'team lead', side: 'client' as const };
    const list = (n: string) =>
      Array.from({ length: 5 }, (_, i) => ({
        channel: 'email' as const,
        target: `${n}${i}@x.example`,
        language: 'en' as const,
      }));
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        ['a', 'b'].map((n) =>
          s.transaction((tx) => tx.recipients.replace(key, list(`${n}${round}-`), round, n)),
        ),
      );
      const targets = (await s.recipients.list('org_a', 'c1')).map((e) => e.target);
      expect([
        list(`a${round}-`).map((x) => x.target),
        list(`b${round}-`).map((x) => x.target),
      ]).toContainEqual(targets);
    }
  });

  it('enqueues one pending delivery per target of the named people, never twice per alert and target', async () => {
    const s = t.store;
    await s.recipients.replace(
      { ...KEY, who: 'partner team lead', side: 'partner' },
      [
        { channel: 'email', target: 'bo@partner.example', language: 'de' },
        { channel: 'webhook', target: 'https://example.com/hook', language: 'en' },
      ],
      1,
      'user:bo',
    );
    // the same address set by the other side, and a name the alert does not go to
    await s.recipients.replace(
      { ...KEY, who: 'partner team lead', side: 'client' },
      [{ channel: 'email', target: 'bo@partner.example', language: 'nl' }],
      1,
      'user:ann',
    );
    await s.recipients.replace(
      { ...KEY, who: 'account manager', side: 'client' },
      [{ channel: 'email', target: 'am@client.example', language: 'en' }],
      1,
      'user:ann',
    );
    const message = alertMessage();
    const added = await s.transaction((tx) => tx.deliveries.enqueue(message, 5000));
    expect(added).toBe(2);
    // raised again (a restart, a second instance): nothing new
    expect(await s.transaction((tx) => tx.deliveries.enqueue(message, 6000))).toBe(0);
    const due = await s.deliveries.due(5000, 10);
    expect(due.map((x) => [x.channel, x.target, x.state, x.attempts]).sort()).toEqual([
      ['email', 'bo@partner.example', 'pending', 0],
      ['webhook', 'https://example.com/hook', 'pending', 0],
    ]);
    const mail = due.find((x) => x.channel === 'email')!;
    expect(mail.message).toEqual(message);
    expect(mail.id).toBe(deliveryId('org_a', message.id, 'email', 'bo@partner.example'));
    expect(await s.deliveries.due(4999, 10)).toEqual([]);
    expect(await s.deliveries.nextDueAt()).toBe(5000);
  });

  it("makes a delivery due at the alert's raisedAt, the monitor's clock", async () => {
    const s = t.store;
    await s.recipients.replace(
      { ...KEY, who: 'partner team lead', side: 'partner' },
      [{ channel: 'email', target: 'bo@partner.example', language: 'en' }],
      1,
      'user:bo',
    );
    const m = alertMessage({ raisedAt: '2026-10-05T09:00:30.200Z' });
    await s.transaction((tx) => tx.deliveries.enqueue(m));
    expect(await s.deliveries.nextDueAt()).toBe(Date.parse(m.raisedAt));
    expect(await s.deliveries.due(Date.parse(m.raisedAt) - 1, 10)).toEqual([]);
  });

  it('an enqueue rolled back with its transaction leaves nothing', async () => {
    const s = t.store;
    await s.recipients.replace(
      { ...KEY, who: 'partner team lead', side: 'partner' },
      [{ channel: 'email', target: 'bo@partner.example', language: 'en' }],
      1,
      'user:bo',
    );
    await expect(
      s.transaction(async (tx) => {
        await tx.deliveries.enqueue(alertMessage(), 1);
        throw new Error('monitor state change failed');
      }),
    ).rejects.toThrow('monitor state change failed');
    expect(await s.deliveries.nextDueAt()).toBeUndefined();
  });

  it('claims an attempt once, retries, goes dead, and an admin retry makes it pending again', async () => {
    const s = t.store;
    await s.recipients.replace(
      { ...KEY, who: 'partner team lead', side: 'partner' },
      [{ channel: 'email', target: 'bo@partner.example', language: 'en' }],
      1,
      'user:bo',
    );
    await s.deliveries.enqueue(alertMessage(), 100);
    const [dv] = await s.deliveries.due(100, 10);
    expect(await s.deliveries.claim(dv!.id, 0, 100, 60_100)).toBe(true);
    // a second claimer with the same view loses
    expect(await s.deliveries.claim(dv!.id, 0, 100, 60_100)).toBe(false);
    expect(await s.deliveries.due(200, 10)).toEqual([]);
    await s.deliveries.markFailed(dv!.id, 'connection refused', 1000);
    const again = await s.deliveries.get(dv!.id);
    expect([again?.state, again?.attempts, again?.nextAttemptAt, again?.lastError]).toEqual([
      'pending',
      1,
      1000,
      'connection refused',
    ]);
    expect(await s.deliveries.claim(dv!.id, 1, 1000, 61_000)).toBe(true);
    await s.deliveries.markFailed(dv!.id, '550 no such user', null);
    expect((await s.deliveries.get(dv!.id))?.state).toBe('dead');
    expect(
      (await s.deliveries.list({ state: 'dead', organisationId: 'org_a', limit: 10 })).map((x) => x.id),
    ).toEqual([dv!.id]);
    expect(await s.deliveries.list({ state: 'dead', organisationId: 'org_b', limit: 10 })).toEqual([]);
    expect(await s.deliveries.nextDueAt()).toBeUndefined();
    expect(await s.deliveries.retry(dv!.id, 5000)).toBe(true);
    expect(await s.deliveries.retry(dv!.id, 5000)).toBe(false);
    const retried = await s.deliveries.get(dv!.id);
    expect([retried?.state, retried?.attempts, retried?.nextAttemptAt]).toEqual(['pending', 0, 5000]);
    expect(await s.deliveries.claim(dv!.id, 0, 5000, 65_000)).toBe(true);
    await s.deliveries.markSent(dv!.id, 5100);
    const sent = await s.deliveries.get(dv!.id);
    expect([sent?.state, sent?.sentAt, sent?.lastError]).toEqual(['sent', 5100, null]);
    expect(await s.deliveries.due(10 ** 12, 10)).toEqual([]);
  });

  it('keeps one shared secret per name: the first candidate wins', async () => {
    const s = t.store;
    expect(await s.secrets.obtain('ack-link', 'first', 1)).toBe('first');
    expect(await s.secrets.obtain('ack-link', 'second', 2)).toBe('first');
  });
});
