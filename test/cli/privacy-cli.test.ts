/**
 * Personal data end to end through `accord ingest` and `accord privacy erase` on a real SQLite file:
 * one customer has one pseudonym however the number or address is written (issue 12.8); personal data
 * outside the fixed column list and in free text is never stored in clear text, and erasure removes every
 * trace (issue 13.4); the database file and its WAL are scanned byte for byte (issue 13.11).
 */
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { contractText } from '../api/support.js';
import { runCli, tempFiles } from '../support/cli.js';
import { contact, rec } from '../support/records.js';
import { freshLocation, type TestStoreLocation } from '../support/stores.js';

const KEY = 'test-pseudonym-key';
const hmac = (value: string) => createHmac('sha256', KEY).update(value).digest('hex');

const locations: TestStoreLocation[] = [];
async function sqliteDb(): Promise<{ url: string; path: string }> {
  const location = await freshLocation('sqlite');
  locations.push(location);
  return { url: location.url, path: location.url.slice('sqlite:'.length) };
}

/** A contract in Europe/Amsterdam (phone region NL) that keeps comments and declares more columns personal. */
async function importContract(url: string, data: string[] = ['  comments: keep']): Promise<void> {
  const dir = tempFiles({
    'contract.yaml': [contractText('privacy-test'), 'data:', ...data, ''].join('\n'),
  });
  const r = await runCli(['contract', 'import', join(dir, 'contract.yaml'), '--db', url]);
  expect(r.code, r.stderr).toBe(0);
}

async function ingest(url: string, files: string[], extra: string[] = []): Promise<void> {
  const r = await runCli(['ingest', ...files, '--db', url, '--json', ...extra]);
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
}

async function erase(url: string, customer: string, extra: string[] = []) {
  const r = await runCli(['privacy', 'erase', '--customer', customer, '--db', url, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

/** Every file of the store (the database, its WAL and shared memory), as bytes. */
function storeFiles(path: string): { name: string; bytes: Buffer }[] {
  const dir = dirname(path);
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((f) => f.startsWith(path) && existsSync(f))
    .map((f) => ({ name: f, bytes: readFileSync(f) }));
}

/** The planted values found in the store's files (none expected). */
function found(path: string, values: readonly string[]): string[] {
  const hits: string[] = [];
  for (const f of storeFiles(path))
    for (const v of values) if (f.bytes.includes(v)) hits.push(`${v} in ${f.name}`);
  return hits;
}

beforeAll(() => {
  vi.stubEnv('ACCORD_PSEUDONYM_KEY', KEY);
  vi.stubEnv('ACCORD_ACTOR', 'test');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  for (const l of locations) await l.drop();
});

describe('one customer, one pseudonym (issue 12.8)', () => {
  it('erase --customer "+31 6 12345678" finds the number however it was written', async () => {
    const dir = tempFiles({
      'contacts.csv': [
        'id,channel,created_at,customer',
        'C1,phone,2026-10-05T08:00:00Z,+31612345678',
        'C2,phone,2026-10-06T08:00:00Z,06 12345678',
        'C3,phone,2026-10-06T09:00:00Z,"+31 (0)6-1234 5678"',
        'C4,email,2026-10-06T10:00:00Z,Jan.Jansen@Example.NL',
        'C5,email,2026-10-06T11:00:00Z,someone-else',
      ].join('\n'),
    });
    const { url } = await sqliteDb();
    await importContract(url);
    await ingest(url, [join(dir, 'contacts.csv')]);
    const store = await openStore(url);
    try {
      const data = await store.records.readPeriodData({ from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
      const customer = (id: string) => data.contacts.find((c) => c.id === id)?.customer;
      expect(customer('C1')).toBe(hmac('+31612345678'));
      expect(customer('C2')).toBe(hmac('+31612345678'));
      expect(customer('C3')).toBe(hmac('+31612345678'));
      expect(customer('C4')).toBe(hmac('jan.jansen@example.nl'));
    } finally {
      await store.close();
    }

    const r = await erase(url, '+31 6 12345678', ['--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ matched: true, contacts: 3 });
    const m = await erase(url, ' jan.jansen@EXAMPLE.nl', ['--json']);
    expect(JSON.parse(m.stdout)).toMatchObject({ matched: true, contacts: 1 });
    const after = await openStore(url);
    try {
      const data = await after.records.readPeriodData({ from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
      expect(data.contacts.map((c) => [c.id, c.customer])).toEqual([
        ['C1', null],
        ['C2', null],
        ['C3', null],
        ['C4', null],
        ['C5', hmac('someone-else')],
      ]);
    } finally {
      await after.close();
    }
  });

  it('an erase that matches nothing says so (text and JSON)', async () => {
    const dir = tempFiles({
      'contacts.csv': ['id,channel,created_at,customer', 'C1,phone,2026-10-05T08:00:00Z,cust-1'].join('\n'),
    });
    const { url } = await sqliteDb();
    await ingest(url, [join(dir, 'contacts.csv')]);
    const text = await erase(url, 'nobody@example.nl');
    expect(text.stdout).toContain('nothing found for this customer');
    const json = await erase(url, '+31 6 99999999', ['--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ matched: false, contacts: 0 });
    expect((await erase(url, 'cust-1', ['--json'])).stdout).toContain('"matched":true');
  });

  it('--region reads national numbers of another country; a wrong region is refused', async () => {
    const dir = tempFiles({
      'contacts.csv': ['id,channel,created_at,customer', 'C1,phone,2026-10-05T08:00:00Z,030 1234567'].join(
        '\n',
      ),
    });
    const { url } = await sqliteDb();
    await ingest(url, [join(dir, 'contacts.csv')], ['--region', 'DE']);
    const r = await erase(url, '+49 30 1234567', ['--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ matched: true, contacts: 1 });
    const bad = await runCli(['privacy', 'erase', '--customer', 'x', '--region', 'XX', '--db', url]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--region: "XX" is not an ISO 3166 country code');
  });
});

/** Personal values planted in columns outside the fixed list and in free text. */
const PLANTED = {
  mobile: '06 11122233',
  telephone: '+31 20 1234567',
  email_address: 'Piet.Puk@Example.COM',
  contact_email: 'klant@voorbeeld.nl',
  msisdn: '31611122234',
  full_name: 'Piet Puk',
  iban: 'NL91ABNA0417164300',
  loyalty_card: 'LC-778899-PUK',
};
const NOTE_MAIL = 'piet.puk@example.com';
const NOTE_PHONE = '06-11122233';

describe('personal data outside the fixed columns (issue 13.4) and the bytes of the database (13.11)', () => {
  it('stores none of it in clear text, and erase leaves no trace of the customer or their pseudonyms', async () => {
    const header = [
      'id',
      'channel',
      'created_at',
      'customer',
      ...Object.keys(PLANTED),
      'notes',
      'customer_tier',
    ];
    const dir = tempFiles({
      'contacts.csv': [
        header.join(','),
        ['C1', 'phone', '2026-10-05T08:00:00Z', '+31 6 11122233', ...Object.values(PLANTED)]
          .concat([`"Terugbellen op ${NOTE_PHONE}, of mail ${NOTE_MAIL}"`, 'gold'])
          .join(','),
        ['C2', 'phone', '2026-10-06T08:00:00Z', 'cust-2', ...Object.keys(PLANTED).map(() => '')]
          .concat(['geen bijzonderheden', 'silver'])
          .join(','),
      ].join('\n'),
      'qa_evaluations.csv': [
        'contact_id,evaluated_at,score,evaluator,notes',
        `C1,2026-10-07T08:00:00Z,80,qa-1,"klant gaf ${NOTE_MAIL} en IBAN NL91 ABNA 0417 1643 00 door"`,
        'C2,2026-10-07T08:00:00Z,90,qa-1,prima gesprek',
      ].join('\n'),
      'surveys.csv': [
        'contact_id,kind,score,answered_at,comment',
        `C1,nps,3,2026-10-07T08:00:00Z,"bel me op ${NOTE_PHONE}"`,
        'C2,nps,9,2026-10-07T08:00:00Z,fine',
      ].join('\n'),
      'incidents.csv': [
        'id,severity,raised_at,summary',
        `I1,high,2026-10-07T08:00:00Z,"complaint of ${NOTE_MAIL} escalated"`,
      ].join('\n'),
    });
    const { url, path } = await sqliteDb();
    // The contract declares loyalty_card personal; its phone region is NL (Europe/Amsterdam).
    await importContract(url, ['  comments: keep', '  personal: [loyalty_card]']);
    await ingest(
      url,
      ['contacts.csv', 'qa_evaluations.csv', 'surveys.csv', 'incidents.csv'].map((f) => join(dir, f)),
    );

    const clear = [
      ...Object.values(PLANTED),
      NOTE_MAIL,
      NOTE_PHONE,
      'piet.puk',
      'Piet Puk',
      '11122233',
      'klant@voorbeeld.nl',
      'ABNA0417164300',
      'ABNA 0417',
      'LC-778899',
    ];
    expect(found(path, clear)).toEqual([]);

    // One customer, one pseudonym: the customer's number in the notes is the customer column's pseudonym.
    const phone = hmac('+31611122233');
    const mail = hmac(NOTE_MAIL);
    const store = await openStore(url);
    try {
      const data = await store.records.readPeriodData({ from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
      const c1 = data.contacts.find((c) => c.id === 'C1')!;
      expect(c1.customer).toBe(phone);
      expect(c1.attributes).toMatchObject({
        mobile: phone,
        email_address: mail,
        msisdn: hmac('+31611122234'),
        iban: hmac('NL91ABNA0417164300'),
        loyalty_card: hmac('LC-778899-PUK'),
        notes: `Terugbellen op ${phone}, of mail ${mail}`,
        customer_tier: 'gold',
      });
      expect(data.incidents[0]?.summary).toBe(`complaint of ${mail} escalated`);
    } finally {
      await store.close();
    }

    const r = await erase(url, '06-11122233', ['--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({
      matched: true,
      contacts: 1,
      surveyComments: 1,
      qaEvaluations: 1,
    });
    const m = await erase(url, NOTE_MAIL, ['--json']);
    expect(JSON.parse(m.stdout)).toMatchObject({ matched: true, summaries: 1 });

    // Nothing of the customer is left: no clear value, no pseudonym of any of their values, in the file or WAL.
    const pseudonyms = [
      phone,
      mail,
      hmac('klant@voorbeeld.nl'),
      hmac('+31201234567'),
      hmac('+31611122234'),
      hmac('Piet Puk'),
      hmac('NL91ABNA0417164300'),
      hmac('LC-778899-PUK'),
    ];
    expect(found(path, [...clear, ...pseudonyms])).toEqual([]);
    const after = await openStore(url);
    try {
      const data = await after.records.readPeriodData({ from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
      const c1 = data.contacts.find((c) => c.id === 'C1')!;
      expect(c1.attributes).toEqual({ customer_tier: 'gold' });
      expect(data.contacts.find((c) => c.id === 'C2')?.attributes).toEqual({
        notes: 'geen bijzonderheden',
        customer_tier: 'silver',
      });
      expect(data.incidents[0]?.summary).toBe('complaint of [erased] escalated');
      expect(data.surveys.find((s) => s.contactId === 'C2')?.comment).toBe('fine');
    } finally {
      await after.close();
    }
  });

  it('--personal declares more columns for one import', async () => {
    const dir = tempFiles({
      'contacts.csv': ['id,channel,created_at,member_code', 'C1,phone,2026-10-05T08:00:00Z,MC-4711-XYZ'].join(
        '\n',
      ),
    });
    const { url, path } = await sqliteDb();
    await ingest(url, [join(dir, 'contacts.csv')], ['--personal', 'member_code']);
    expect(found(path, ['MC-4711-XYZ'])).toEqual([]);
    const r = await erase(url, 'MC-4711-XYZ', ['--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ matched: true, contacts: 1 });
  });

  it('the rules cross to the worker thread that reads large files', async () => {
    vi.stubEnv('ACCORD_INGEST_WORKER', 'always');
    try {
      const dir = tempFiles({
        'contacts.csv': [
          'id,channel,created_at,customer,member_code,notes',
          'C1,phone,2026-10-05T08:00:00Z,06 12345678,MC-4711-XYZ,mail Jan@Example.nl',
        ].join('\n'),
      });
      const { url, path } = await sqliteDb();
      await ingest(url, [join(dir, 'contacts.csv')], ['--personal', 'member_code', '--region', 'NL']);
      expect(found(path, ['MC-4711-XYZ', 'Jan@Example.nl', 'jan@example.nl', '12345678'])).toEqual([]);
      const store = await openStore(url);
      try {
        const data = await store.records.readPeriodData({ from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
        expect(data.contacts[0]?.customer).toBe(hmac('+31612345678'));
        expect(data.contacts[0]?.attributes).toEqual({
          member_code: hmac('MC-4711-XYZ'),
          notes: `mail ${hmac('jan@example.nl')}`,
        });
      } finally {
        await store.close();
      }
    } finally {
      vi.stubEnv('ACCORD_INGEST_WORKER', '');
    }
  });
});

describe('Dutch, German and French columns; no contract or region (privacy audit)', () => {
  it('stores names, addresses, birth dates and national phone numbers of any language in no clear text', async () => {
    const dir = tempFiles({
      'contacts.csv': [
        'id,channel,created_at,notes,telefoonnummer,klantnaam,naam,achternaam,voornaam,geboortedatum,adres,woonplaats,name_of_customer,Vorname,Nachname,Anschrift,Geburtsdatum,Handy,prénom,queue_name,customer',
        'p2,phone,2026-10-05T08:00:00Z,bel 06-12345678 terug,0612345678,Piet Puk,Piet Puk,Puk,Piet,1980-01-01,Dorpsstraat 1,Utrecht,Piet Puk,Hans,Müller,Hauptstraße 5,1975-02-03,0171 1234567,Jean,Klachten,06-12345678',
      ].join('\n'),
    });
    const { url, path } = await sqliteDb();
    // No contract in the store and no --region: national numbers cannot be put in E.164.
    await ingest(url, [join(dir, 'contacts.csv')]);
    const clear = [
      'Piet',
      'Puk',
      '1980-01-01',
      'Dorpsstraat',
      'Utrecht',
      'Hans',
      'Müller',
      'Hauptstra',
      '1975-02-03',
    ];
    const phones = ['12345678', '1234567', 'Jean'];
    expect(found(path, [...clear, ...phones])).toEqual([]);
    const store = await openStore(url);
    try {
      const data = await store.records.readPeriodData({ from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
      const c = data.contacts[0]!;
      // One pseudonym for the number in the customer column, the phone column and the free text.
      expect(c.customer).toBe(hmac('0612345678'));
      expect(c.attributes.telefoonnummer).toBe(hmac('0612345678'));
      expect(c.attributes.notes).toBe(`bel ${hmac('0612345678')} terug`);
      expect(c.attributes.naam).toBe(hmac('Piet Puk'));
      expect(c.attributes.queue_name).toBe('Klachten');
    } finally {
      await store.close();
    }
    // Erasure by the international form finds what was stored by the national digits.
    const r = await erase(url, '+31 6 12345678', ['--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ matched: true, contacts: 1 });
    const after = await openStore(url);
    try {
      const data = await after.records.readPeriodData({ from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
      expect(data.contacts[0]?.customer).toBeNull();
      expect(data.contacts[0]?.attributes).toEqual({ queue_name: 'Klachten' });
    } finally {
      await after.close();
    }
  });

  it('erase removes every personal attribute of the customer’s contacts, also clear values of older versions', async () => {
    const { url } = await sqliteDb();
    const store = await openStore(url);
    try {
      // What a version that knew only English column names stored (the audit's e.db).
      await store.records.write([
        rec.contacts(
          contact('p1', {
            customer: hmac('jan.jansen@example.nl'),
            attributes: {
              naam: 'Piet Puk',
              telefoonnummer: '0612345678',
              opmerking: 'bel 06-12345678 terug',
              tier: 'gold',
            },
          }),
        ),
        rec.contacts(contact('p2', { customer: hmac('someone-else'), attributes: { naam: 'Kees' } })),
      ]);
    } finally {
      await store.close();
    }
    const r = await erase(url, 'Jan.Jansen@Example.NL', ['--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ matched: true, contacts: 1 });
    const after = await openStore(url);
    try {
      const data = await after.records.readPeriodData({ from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
      const c = (id: string) => data.contacts.find((x) => x.id === id);
      expect(c('p1')?.customer).toBeNull();
      expect(c('p1')?.attributes).toEqual({ tier: 'gold' });
      expect(c('p2')?.attributes).toEqual({ naam: 'Kees' });
    } finally {
      await after.close();
    }
  });
});
