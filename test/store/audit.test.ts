import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useStore, withRawDb } from '../support/stores.js';

describe.each(DIALECTS)('audit log on $name', (d) => {
  const t = useStore(d);

  it('appends entries in order with a hash chain and lists them', async () => {
    const a = await t.store.audit.append({
      at: 1000,
      actor: 'cli:ann',
      action: 'ingest',
      subject: 'contacts.csv',
      details: { read: 3, inserted: 3 },
    });
    const b = await t.store.audit.append({
      at: 2000,
      actor: 'cli:bob',
      action: 'privacy.purge',
      subject: null,
      details: {},
    });
    expect(b.id).toBeGreaterThan(a.id);
    expect(a.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(b.digest).not.toBe(a.digest);
    const all = await t.store.audit.list();
    expect(all).toEqual([a, b]);
    expect(await t.store.audit.list({ action: 'ingest' })).toEqual([a]);
    expect(await t.store.audit.list({ afterId: a.id })).toEqual([b]);
    expect(await t.store.audit.list({ limit: 1 })).toEqual([a]);
    expect(await t.store.audit.verify()).toEqual({ ok: true, entries: 2 });
  });

  it('refuses to change or delete an entry', async () => {
    await t.store.audit.append({ at: 1, actor: 'x', action: 'ingest', subject: null, details: {} });
    await withRawDb(t.url, async (db) => {
      await expect(sql`update audit_log set actor = 'mallory'`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    });
    expect((await t.store.audit.list()).length).toBe(1);
  });
});
