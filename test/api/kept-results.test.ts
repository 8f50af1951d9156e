/**
 * Kept results (docs/evaluation.md, Kept results), on SQLite and PostgreSQL: the evaluation of a period is
 * kept in the store with what it was computed from; a second request whose inputs have not changed is
 * answered from it (its `computations` stays); a late row for the period raises the data watermark: the
 * next request gets the kept document marked stale (`accord-result: stale`) while one refresh runs, and
 * the requests after it the new figures; concurrent requests for the same inputs compute once. The served
 * document is the one an explicit `asOf` of its instant gives.
 */
import { describe, expect, it, vi } from 'vitest';
import { contact, rec } from '../support/records.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, NOW } from './support.js';

const KEY = (organisationId: string) => ({
  organisationId,
  contractId: 'acme-a',
  period: '2026-10',
  asOfRule: 'now',
});

describe.each(DIALECTS)('kept results on $name', (d) => {
  const t = useStore(d);

  it('never answers an asked asOf with a stale document: after a late row it waits for the new figures', async () => {
    const w = await buildWorld(t.store, { now: () => NOW });
    const token = w.tokens['client-admin'];
    const at = encodeURIComponent(new Date(NOW).toISOString());
    const get = () =>
      call(w.app, 'GET', `/api/v1/contracts/acme-a/evaluations/2026-10?asOf=${at}`, { token });
    const first = await get();
    expect(first.headers.get('accord-result')).toBe('computed');
    expect((await get()).headers.get('accord-result')).toBe('kept');
    const late = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: w.tokens['partner-admin-a'],
      body: [
        'id,channel,direction,language,created_at,answered_at,first_time_right',
        'A-7,phone,inbound,nl,2026-10-09T09:00:00+02:00,2026-10-09T09:03:00+02:00,false',
      ].join('\n'),
      contentType: 'text/csv',
    });
    expect(late.status, late.text).toBe(200);
    // interfaces.md: the same inputs and as-of give the same output — so the inputs as they are now.
    const after = await get();
    expect(after.headers.get('accord-result')).toBe('computed');
    expect(after.body.inputDigest).not.toBe(first.body.inputDigest);
    expect(after.body.asOf).toBe(first.body.asOf);
  });

  it('serves a repeated request from the kept result and recomputes once after a late row', async () => {
    let now = NOW;
    const w = await buildWorld(t.store, { now: () => now });
    const token = w.tokens['client-admin'];
    const get = (query = '') =>
      call(w.app, 'GET', `/api/v1/contracts/acme-a/evaluations/2026-10${query}`, { token });
    const phone = (body: { metrics: { id: string; counted?: number }[] }) =>
      body.metrics.find((m) => m.id === 'phone-service-level');
    const computations = async () => (await t.store.results.kept(KEY(w.organisationId)))?.computations;

    const first = await get();
    expect(first.status, first.text).toBe(200);
    expect(first.headers.get('accord-result')).toBe('computed');
    expect(Date.parse(first.body.asOf)).toBe(NOW);
    expect(await computations()).toBe(1);

    // Ten seconds later, nothing written: the kept document, asOf and all.
    now += 10_000;
    const second = await get();
    expect(second.status, second.text).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('accord-result')).toBe('kept');
    expect(await computations()).toBe(1);

    // It is what the explicit asOf of its instant gives, byte for byte.
    const explicit = await get(`?asOf=${encodeURIComponent(first.body.asOf)}`);
    expect(explicit.status, explicit.text).toBe(200);
    expect(explicit.text).toBe(first.text);
    // One asked instant is kept per period besides now: the next one replaces it.
    const asked = (at: number) => t.store.results.kept({ ...KEY(w.organisationId), asOfRule: String(at) });
    expect((await asked(NOW))?.computations).toBe(1);
    const other = await get(`?asOf=${encodeURIComponent(new Date(NOW + 5_000).toISOString())}`);
    expect(other.status, other.text).toBe(200);
    expect(await asked(NOW)).toBeUndefined();
    expect((await asked(NOW + 5_000))?.computations).toBe(1);
    expect(await computations()).toBe(1);

    // A late row for October: the watermark moves, the next request computes again, once.
    const late = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: w.tokens['partner-admin-a'],
      body: [
        'id,channel,direction,language,created_at,answered_at,first_time_right',
        'A-5,phone,inbound,nl,2026-10-09T09:00:00+02:00,2026-10-09T09:03:00+02:00,false',
      ].join('\n'),
      contentType: 'text/csv',
    });
    expect(late.status, late.text).toBe(200);
    now += 10_000;
    // The next requests get the kept document, marked stale, while one refresh runs.
    const stale = await Promise.all([get(), get()]);
    for (const r of stale) {
      expect(r.text).toBe(first.text);
      expect(r.headers.get('accord-result')).toBe('stale');
    }
    await vi.waitFor(async () => expect(await computations()).toBe(2), { timeout: 60_000, interval: 20 });
    const third = await get();
    expect(third.status, third.text).toBe(200);
    expect(third.headers.get('accord-result')).toBe('kept');
    expect(third.text).not.toBe(first.text);
    expect(third.body.inputDigest).not.toBe(first.body.inputDigest);
    expect(JSON.stringify(phone(third.body))).not.toBe(JSON.stringify(phone(first.body)));
    expect(third.body.asOf).not.toBe(first.body.asOf);
    expect(await computations()).toBe(2);
    now += 10_000;
    expect((await get()).text).toBe(third.text);
    expect(await computations()).toBe(2);

    // Identical records again change nothing: the watermark stays, so does the kept result.
    const again = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: w.tokens['partner-admin-a'],
      body: [
        'id,channel,direction,language,created_at,answered_at,first_time_right',
        'A-5,phone,inbound,nl,2026-10-09T09:00:00+02:00,2026-10-09T09:03:00+02:00,false',
      ].join('\n'),
      contentType: 'text/csv',
    });
    expect(again.status, again.text).toBe(200);
    const same = await get();
    expect(same.text).toBe(third.text);
    expect(same.headers.get('accord-result')).toBe('kept');
    expect(await computations()).toBe(2);
  });

  it('serves a repeated drill-down and trend from kept results, recomputed once after a late row', async () => {
    let now = NOW;
    const w = await buildWorld(t.store, { now: () => now });
    const token = w.tokens['client-admin'];
    const drill = () =>
      call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-10/breaches/phone-service-level', {
        token,
      });
    const trend = () =>
      call(w.app, 'GET', '/api/v1/contracts/acme-a/trend?from=2026-09&to=2026-10', { token });
    const drillKey = { ...KEY(w.organisationId), period: '2026-10 breaches phone-service-level' };
    const trendKey = { ...KEY(w.organisationId), period: '2026-10 trend' };
    const computations = async (key: typeof drillKey) => (await t.store.results.kept(key))?.computations;

    const first = await drill();
    expect(first.status, first.text).toBe(200);
    expect(first.headers.get('accord-result')).toBe('computed');
    const firstTrend = await trend();
    expect(firstTrend.status, firstTrend.text).toBe(200);
    expect(firstTrend.headers.get('accord-result')).toBe('computed');
    now += 10_000;
    const second = await drill();
    expect(second.headers.get('accord-result')).toBe('kept');
    expect(second.text).toBe(first.text);
    const secondTrend = await trend();
    expect(secondTrend.headers.get('accord-result')).toBe('kept');
    expect(secondTrend.text).toBe(firstTrend.text);
    expect(await computations(drillKey)).toBe(1);
    expect(await computations(trendKey)).toBe(1);
    // What the kept drill-down says is what an explicit asOf of its instant computes.
    const explicit = await call(
      w.app,
      'GET',
      `/api/v1/contracts/acme-a/evaluations/2026-10/breaches/phone-service-level?asOf=${encodeURIComponent(first.body.asOf)}`,
      { token },
    );
    expect(explicit.headers.get('accord-result')).toBe('computed');
    expect(explicit.text).toBe(first.text);

    // A late October call answered after three minutes: a breach of the service level.
    const late = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: w.tokens['partner-admin-a'],
      body: [
        'id,channel,direction,language,created_at,answered_at,first_time_right',
        'A-7,phone,inbound,nl,2026-10-09T09:00:00+02:00,2026-10-09T09:03:00+02:00,false',
      ].join('\n'),
      contentType: 'text/csv',
    });
    expect(late.status, late.text).toBe(200);
    now += 10_000;
    const stale = await Promise.all([drill(), drill()]);
    for (const r of stale) {
      expect(r.headers.get('accord-result')).toBe('stale');
      expect(r.text).toBe(first.text);
    }
    expect((await trend()).headers.get('accord-result')).toBe('stale');
    await vi.waitFor(async () => expect(await computations(drillKey)).toBe(2), {
      timeout: 60_000,
      interval: 20,
    });
    await vi.waitFor(async () => expect(await computations(trendKey)).toBe(2), {
      timeout: 60_000,
      interval: 20,
    });
    const fresh = await drill();
    expect(fresh.headers.get('accord-result')).toBe('kept');
    expect(first.text).not.toContain('A-7');
    expect(fresh.text).toContain('A-7');
    // Pages of it come from the same kept result.
    const full = fresh.body.rows.at(-1);
    expect(full.breaches.length).toBeGreaterThanOrEqual(2);
    expect(full.breachCount).toBe(full.breaches.length);
    const page = await call(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/evaluations/2026-10/breaches/phone-service-level?offset=1&limit=1',
      { token },
    );
    expect(page.status, page.text).toBe(200);
    expect(page.headers.get('accord-result')).toBe('kept');
    expect(page.body.page).toEqual({ offset: 1, limit: 1 });
    expect(page.body.rows.at(-1).breaches).toEqual(full.breaches.slice(1, 2));
    expect(page.body.rows.at(-1).breachCount).toBe(full.breachCount);
    const refused = await call(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/evaluations/2026-10/breaches/phone-service-level?limit=0',
      { token },
    );
    expect(refused.status, refused.text).toBe(400);
    const freshTrend = await trend();
    expect(freshTrend.headers.get('accord-result')).toBe('kept');
    expect(freshTrend.text).not.toBe(firstTrend.text);
    expect(await computations(drillKey)).toBe(2);
    expect(await computations(trendKey)).toBe(2);

    // Another range ending in October replaces the kept trend rather than adding one.
    const longer = await call(w.app, 'GET', '/api/v1/contracts/acme-a/trend?from=2026-08&to=2026-10', {
      token,
    });
    expect(longer.status, longer.text).toBe(200);
    expect(longer.headers.get('accord-result')).toBe('computed');
    expect(await computations(trendKey)).toBe(3);
    expect((await trend()).headers.get('accord-result')).toBe('computed');
  });

  it("keeps a result fresh when data arrives in another partner's source, not in its own", async () => {
    let now = NOW;
    const w = await buildWorld(t.store, { now: () => now });
    const token = w.tokens['client-admin'];
    const get = () => call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-10', { token });
    const ingest = (partner: 'a' | 'b', id: string) =>
      call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
        token: w.tokens[`partner-admin-${partner}`],
        body: [
          'id,channel,direction,language,created_at,answered_at,first_time_right',
          `${id},phone,inbound,nl,2026-10-09T09:00:00+02:00,2026-10-09T09:03:00+02:00,false`,
        ].join('\n'),
        contentType: 'text/csv',
      });
    const storeWide = await t.store.results.watermark();
    const first = await get();
    expect(first.headers.get('accord-result')).toBe('computed');

    // October data for partner B (acme-b's source): the store changed, acme-a's inputs did not.
    const other = await ingest('b', 'B-90');
    expect(other.status, other.text).toBe(200);
    expect(await t.store.results.watermark()).toBeGreaterThan(storeWide);
    now += 1_000;
    const still = await get();
    expect(still.headers.get('accord-result')).toBe('kept');
    expect(still.text).toBe(first.text);

    // October data in partner A's source: stale, refreshed once.
    const own = await ingest('a', 'A-90');
    expect(own.status, own.text).toBe(200);
    now += 1_000;
    const stale = await get();
    expect(stale.headers.get('accord-result')).toBe('stale');
    await vi.waitFor(
      async () => expect((await t.store.results.kept(KEY(w.organisationId)))?.computations).toBe(2),
      {
        timeout: 60_000,
        interval: 20,
      },
    );
    const fresh = await get();
    expect(fresh.headers.get('accord-result')).toBe('kept');
    expect(fresh.body.inputDigest).not.toBe(first.body.inputDigest);
  });

  it('computes once for concurrent requests of the same inputs', async () => {
    let now = NOW;
    const w = await buildWorld(t.store, { now: () => now });
    const token = w.tokens['client-viewer'];
    const get = () => call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-10', { token });
    const answers = await Promise.all([get(), get(), get()]);
    for (const a of answers) expect(a.status, a.text).toBe(200);
    for (const a of answers) expect(a.headers.get('accord-result')).toBe('computed');
    expect(answers[1]!.text).toBe(answers[0]!.text);
    expect(answers[2]!.text).toBe(answers[0]!.text);
    expect((await t.store.results.kept(KEY(w.organisationId)))?.computations).toBe(1);

    // After a late row, concurrent requests again share one computation.
    const late = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: w.tokens['partner-admin-a'],
      body: [
        'id,channel,direction,language,created_at,answered_at,first_time_right',
        'A-6,phone,inbound,nl,2026-10-10T09:00:00+02:00,2026-10-10T09:00:03+02:00,true',
      ].join('\n'),
      contentType: 'text/csv',
    });
    expect(late.status, late.text).toBe(200);
    now += 1_000;
    const after = await Promise.all([get(), get(), get()]);
    for (const r of after) expect(r.headers.get('accord-result')).toBe('stale');
    await vi.waitFor(
      async () => expect((await t.store.results.kept(KEY(w.organisationId)))?.computations).toBe(2),
      { timeout: 60_000, interval: 20 },
    );
    const fresh = await get();
    expect(fresh.headers.get('accord-result')).toBe('kept');
    expect(fresh.text).not.toBe(answers[0]!.text);
    expect((await t.store.results.kept(KEY(w.organisationId)))?.computations).toBe(2);
  });

  it('refreshes the now of a running period after a minute, without new data', async () => {
    let now = NOW; // mid-November: November runs
    const w = await buildWorld(t.store, { now: () => now });
    const token = w.tokens['client-admin'];
    const get = () => call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-11', { token });
    const key = { ...KEY(w.organisationId), period: '2026-11' };
    const first = await get();
    expect(first.headers.get('accord-result')).toBe('computed');
    now += 30_000;
    expect((await get()).headers.get('accord-result')).toBe('kept');
    now += 31_000;
    const old = await get();
    expect(old.headers.get('accord-result')).toBe('stale');
    expect(old.text).toBe(first.text);
    await vi.waitFor(async () => expect((await t.store.results.kept(key))?.computations).toBe(2), {
      timeout: 60_000,
      interval: 20,
    });
    const fresh = await get();
    expect(fresh.headers.get('accord-result')).toBe('kept');
    expect(Date.parse(fresh.body.asOf)).toBe(now);
  });

  it('computes again when a source is given to a partner, without serving the old one', async () => {
    const now = NOW;
    const w = await buildWorld(t.store, { now: () => now });
    const token = w.tokens['client-admin'];
    const get = () => call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-10', { token });
    // October records in a source no partner owns: named in the warnings, counted by no contract.
    await t.store.records.write([rec.contacts(contact('X-1', { source: 'a-orphan' }))]);
    const before = await get();
    expect(before.headers.get('accord-result')).toBe('computed');
    expect(before.text).toContain('unowned_source');
    expect((await get()).headers.get('accord-result')).toBe('kept');
    // The operator gives the name to the other partner (as `accord contract import --source` does): this
    // contract's records are the same, but its warning about the source no longer holds.
    await t.store.tenancy.addSource(w.partnerB, 'a-orphan', NOW);
    const after = await get();
    expect(after.headers.get('accord-result')).toBe('computed');
    expect(after.text).not.toContain('unowned_source');
    expect(after.body.inputDigest).toBe(before.body.inputDigest);
  });
});
