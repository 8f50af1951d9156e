/**
 * Personal data through `POST /api/v1/ingest` (JSON and CSV): e-mail addresses, phone numbers and IBANs in
 * columns outside the fixed list and in free text are pseudonymised with the partner's contract region, so
 * one customer has one pseudonym; on SQLite the database file and its WAL are scanned for the planted values,
 * and after erasure for the customer's pseudonyms too (issues 13.4, 13.11).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pseudonymiser } from '../../src/ingest/pseudonym.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, NOW } from './support.js';

/** The key of the API tests' pseudonymiser (support.ts). */
const pseudonyms = new Pseudonymiser(Buffer.from('test-key-for-api-tests', 'utf8'));
const hmac = (v: string) => pseudonyms.hash(v);

const CLEAR = [
  '06 55566677',
  '0655566677',
  '55566677',
  'Anna.Smit@Example.org',
  'anna.smit@example.org',
  'Anna Smit',
  'NL02ABNA0123456789',
  'NL02 ABNA 0123 4567 89',
  'ABNA0123456789',
];

function found(path: string, values: readonly string[]): string[] {
  const dir = dirname(path);
  const hits: string[] = [];
  for (const f of readdirSync(dir).map((n) => join(dir, n))) {
    if (!f.startsWith(path) || !existsSync(f)) continue;
    const bytes = readFileSync(f);
    for (const v of values) if (bytes.includes(v)) hits.push(`${v} in ${f}`);
  }
  return hits;
}

describe.each(DIALECTS)('personal data over the API on $name', (d) => {
  const fixture = useStore(d);

  it('stores no planted value, one pseudonym per customer, and erasure leaves no trace', async () => {
    const w = await buildWorld(fixture.store);
    const json = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: w.tokens['partner-admin-a'],
      json: [
        {
          id: 'P-1',
          channel: 'phone',
          created_at: '2026-10-09T09:00:00+02:00',
          customer: '+31 6 55566677',
          contact_email: 'Anna.Smit@Example.org',
          full_name: 'Anna Smit',
          notes: 'IBAN NL02 ABNA 0123 4567 89, terugbellen 06 55566677',
        },
      ],
    });
    expect(json.status, json.text).toBe(200);
    const csv = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: w.tokens['partner-admin-a'],
      contentType: 'text/csv',
      body: [
        'id,channel,created_at,customer,telephone,remark',
        'P-2,phone,2026-10-10T09:00:00+02:00,0655566677,06-55566677,mailde anna.smit@example.org',
      ].join('\n'),
    });
    expect(csv.status, csv.text).toBe(200);

    const phone = hmac('+31655566677');
    const mail = hmac('anna.smit@example.org');
    const data = await fixture.store.records.readPeriodData({
      from: 0,
      to: Date.parse('2027-01-01T00:00:00Z'),
    });
    const p1 = data.contacts.find((c) => c.id === 'P-1')!;
    const p2 = data.contacts.find((c) => c.id === 'P-2')!;
    expect(p1.customer).toBe(phone);
    expect(p2.customer).toBe(phone);
    expect(p1.attributes).toEqual({
      contact_email: mail,
      full_name: hmac('Anna Smit'),
      notes: `IBAN ${hmac('NL02ABNA0123456789')}, terugbellen ${phone}`,
    });
    expect(p2.attributes).toEqual({ telephone: phone, remark: `mailde ${mail}` });
    const text = JSON.stringify(data);
    for (const v of CLEAR) expect(text).not.toContain(v);
    if (d.name === 'sqlite') expect(found(fixture.url.slice('sqlite:'.length), CLEAR)).toEqual([]);

    // Another organisation's admin erases within its own organisation: nothing of partner A's is found.
    const other = await call(w.app, 'POST', '/api/v1/privacy/erasures', {
      token: w.tokens['other-org-admin'],
      json: { customer: '06 55566677' },
    });
    expect(other.status, other.text).toBe(200);
    expect(other.body).toMatchObject({ matched: false, contacts: 0 });
    expect(other.body.message).toContain('nothing found');
    expect(JSON.stringify(await fixture.store.records.readPeriodData({ from: 0, to: NOW }))).toContain(phone);

    const r = await call(w.app, 'POST', '/api/v1/privacy/erasures', {
      token: w.tokens['client-admin'],
      json: { customer: '06 55566677' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ matched: true, contacts: 2 });
    const audit = await call(w.app, 'GET', '/api/v1/audit?action=privacy.erase', {
      token: w.tokens['client-admin'],
    });
    expect(audit.body.entries.map((e: { details: unknown }) => e.details)).toEqual([
      { contacts: 2, surveyComments: 0, qaEvaluations: 0, summaries: 0 },
    ]);
    expect(audit.text).not.toContain(phone);
    const after = await fixture.store.records.readPeriodData({
      from: 0,
      to: Date.parse('2027-01-01T00:00:00Z'),
    });
    const left = JSON.stringify(after);
    for (const v of [phone, mail, hmac('Anna Smit'), hmac('NL02ABNA0123456789')])
      expect(left).not.toContain(v);
    expect(after.contacts.filter((c) => c.id.startsWith('A-')).length).toBe(4);
    if (d.name === 'sqlite')
      expect(found(fixture.url.slice('sqlite:'.length), [...CLEAR, phone, mail, hmac('Anna Smit')])).toEqual(
        [],
      );
  });
});
