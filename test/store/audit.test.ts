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

  it('appends concurrent entries in one chain, in the order handed in; a bad one fails alone', async () => {
    const entry = (i: number, details: Record<string, unknown> = { i }) => ({
      at: 1000 + i,
      actor: `token:${i}`,
      action: 'ingest',
      subject: `api:${i}`,
      details,
    });
    const results = await Promise.allSettled([
      t.store.audit.append(entry(1)),
      t.store.audit.append(entry(2)),
      // JSON.stringify refuses a BigInt: this append fails, the others of its group are kept.
      t.store.audit.append(entry(3, { n: 1n })),
      t.store.audit.append(entry(4)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const all = await t.store.audit.list();
    expect(all.map((e) => e.subject)).toEqual(['api:1', 'api:2', 'api:4']);
    expect(all.map((e) => e.id)).toEqual(
      results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.id] : [])),
    );
    expect(await t.store.audit.verify()).toEqual({ ok: true, entries: 3 });
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
