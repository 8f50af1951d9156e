/**
 * Survey comments through the API: kept only when the partner's contract in force says
 * `data: { comments: keep }` (data.md, Personal data); the default drops them on ingest.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, contractText } from './support.js';

const SURVEY = (id: string) =>
  `contact_id,kind,score,scale_min,scale_max,answered_at,comment\n${id},csat,4,1,5,2026-11-10T10:00:00Z,kind words\n`;

describe.each(DIALECTS)('survey comments over the API on $name', (d) => {
  const fixture = useStore(d);

  it("drops them by default and keeps them once the partner's contract says so", async () => {
    const w = await buildWorld(fixture.store);
    const send = async (id: string) => {
      const r = await call(w.app, 'POST', '/api/v1/ingest?kind=surveys', {
        token: w.tokens['partner-admin-a'],
        body: SURVEY(id),
        contentType: 'text/csv',
      });
      expect(r.status, r.text).toBe(200);
    };
    const comments = async () => {
      const data = await fixture.store.records.readPeriodData({
        from: 0,
        to: Date.parse('2027-01-01T00:00:00Z'),
      });
      return Object.fromEntries(data.surveys.map((s) => [s.contactId, s.comment]));
    };
    await send('A-1');
    expect(await comments()).toEqual({ 'A-1': null });

    const text = `${contractText('acme-a', { version: 2, effectiveFrom: '2026-11-01' })}data: { comments: keep }\n`;
    const v2 = await call(w.app, 'POST', '/api/v1/contracts/acme-a/versions', {
      token: w.tokens['client-admin'],
      json: { text },
    });
    expect(v2.status, v2.text).toBe(201);
    for (const t of [w.tokens['client-admin'], w.tokens['partner-admin-a']]) {
      const s = await call(w.app, 'POST', '/api/v1/contracts/acme-a/versions/2/signatures', {
        token: t,
        json: { digest: v2.body.digest },
      });
      expect(s.status, s.text).toBe(200);
    }
    await send('A-2');
    expect(await comments()).toEqual({ 'A-1': null, 'A-2': 'kind words' });

    // JSON: a survey record, and a survey nested in a contact, keep theirs too; contacts without any
    // comment are stored without the contract being asked.
    const survey = { contact_id: 'A-3', kind: 'csat', score: 5, scale_min: 1, scale_max: 5 };
    const json = async (kind: string, rows: unknown[]) => {
      const r = await call(w.app, 'POST', `/api/v1/ingest?kind=${kind}`, {
        token: w.tokens['partner-admin-a'],
        json: rows,
      });
      expect(r.status, r.text).toBe(200);
    };
    await json('surveys', [{ ...survey, answered_at: '2026-11-11T10:00:00Z', comment: 'top level' }]);
    await json('contacts', [
      {
        id: 'A-4',
        channel: 'phone',
        created_at: '2026-11-12T09:00:00Z',
        surveys: [
          {
            kind: 'csat',
            score: 3,
            scale_min: 1,
            scale_max: 5,
            answered_at: '2026-11-12T10:00:00Z',
            comment: 'nested',
          },
        ],
      },
      { id: 'A-5', channel: 'chat', created_at: '2026-11-12T09:30:00Z' },
    ]);
    expect(await comments()).toEqual({
      'A-1': null,
      'A-2': 'kind words',
      'A-3': 'top level',
      'A-4': 'nested',
    });
  });
});
