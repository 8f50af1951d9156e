/** The alert repository on both stores: one row per id, acknowledged once, escalated only while open, the checkpoint, the lead. */
import { describe, expect, it } from 'vitest';
import type { AlertMessage } from '../../src/domain/monitor/alert.js';
import { openStore } from '../../src/store/index.js';
import { DIALECTS, useStore } from '../support/stores.js';

const alert = (id: string, acknowledgeBy: string | null = '2026-11-15T12:30:00.000Z'): AlertMessage => ({
  id,
  organisationId: 'org_1',
  contract: 'c',
  kind: 'breached',
  level: 1,
  who: ['team lead'],
  metric: 'sl',
  contact: { source: 'default', key: 'K-1', channel: 'chat', createdAt: '2026-11-15T11:59:00.000Z' },
  period: null,
  dueAt: '2026-11-15T12:00:00.001Z',
  deadline: '2026-11-15T12:00:00.000Z',
  raisedAt: '2026-11-15T12:00:00.100Z',
  acknowledgeBy,
});

describe.each(DIALECTS)('alerts in the store on $name', (d) => {
  const t = useStore(d);

  it('keeps one row per id, as raised', async () => {
    const { store } = t;
    expect(await store.alerts.insertNew(alert('a1'))).toBe(true);
    expect(await store.alerts.insertNew({ ...alert('a1'), level: 2 })).toBe(false);
    expect(await store.alerts.get('a1')).toEqual({
      message: alert('a1'),
      state: 'open',
      acknowledgedAt: null,
      acknowledgedBy: null,
    });
    expect(await store.alerts.raisedFor('c', 'default', 'K-1')).toEqual(['a1']);
    expect((await store.alerts.list('org_1', 'c')).map((r) => r.message.id)).toEqual(['a1']);
    expect(await store.alerts.list('org_2', 'c')).toEqual([]);
  });

  it('acknowledges once; escalates only an open alert; lists what awaits an acknowledgement', async () => {
    const { store } = t;
    await store.alerts.insertNew(alert('a1'));
    await store.alerts.insertNew(alert('a2'));
    await store.alerts.insertNew(alert('last', null));
    expect((await store.alerts.awaiting()).map((r) => r.message.id).sort()).toEqual(['a1', 'a2']);
    expect(await store.alerts.acknowledge('a1', 'user:u1', 1000)).toBe(true);
    expect(await store.alerts.acknowledge('a1', 'user:u2', 2000)).toBe(false);
    expect(await store.alerts.get('a1')).toMatchObject({
      state: 'acknowledged',
      acknowledgedAt: 1000,
      acknowledgedBy: 'user:u1',
    });
    expect(await store.alerts.markEscalated('a1')).toBe(false);
    expect(await store.alerts.markEscalated('a2')).toBe(true);
    expect(await store.alerts.markEscalated('a2')).toBe(false);
    expect(await store.alerts.awaiting()).toEqual([]);
    expect(
      (await store.alerts.list('org_1', 'c', { states: ['open', 'escalated'] }))
        .map((r) => r.message.id)
        .sort(),
    ).toEqual(['a2', 'last']);
  });

  it('keeps the checkpoint', async () => {
    const { store } = t;
    expect(await store.alerts.checkpoint()).toBe(0);
    await store.alerts.setCheckpoint(1_796_000_000_000);
    await store.alerts.setCheckpoint(1_796_000_000_500);
    expect(await store.alerts.checkpoint()).toBe(1_796_000_000_500);
  });

  it('gives the lead to one monitor at a time on PostgreSQL (SQLite: in-process, always)', async () => {
    const { store, url } = t;
    const other = await openStore(url);
    try {
      const first = await store.alerts.tryLeadership();
      expect(first).not.toBeNull();
      const second = await other.alerts.tryLeadership();
      if (d.name === 'postgres') {
        expect(second).toBeNull();
        await first!.release();
        const third = await other.alerts.tryLeadership();
        expect(third).not.toBeNull();
        await third!.release();
      } else {
        expect(second).not.toBeNull();
        await first!.release();
        await second!.release();
      }
    } finally {
      await other.close();
    }
  });
});
