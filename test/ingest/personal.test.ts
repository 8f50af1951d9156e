/** Personal data by name and by value, and the one normal form each is pseudonymised in (issues 12.8, 13.4). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalise } from '../../src/ingest/normalise.js';
import { PersonalData, personalByName, regionOf } from '../../src/ingest/personal.js';

const nl = new PersonalData({ region: 'NL' });
const h = (v: string) => `<${v}>`;

describe('normal form of an identifier', () => {
  it.each([
    ['+31 6 12345678', '+31612345678'],
    ['+31612345678', '+31612345678'],
    ['06-12345678', '+31612345678'],
    ['06 1234 5678', '+31612345678'],
    ['0031 6 12345678', '+31612345678'],
    ['(020) 123 4567', '+31201234567'],
    ['+49 30 1234567', '+49301234567'],
    ['  Jan.Jansen@Example.NL ', 'jan.jansen@example.nl'],
    ['NL91 ABNA 0417 1643 00', 'NL91ABNA0417164300'],
    // Identifiers that are no phone number, e-mail address or IBAN stay as written (trimmed).
    ['cust-1', 'cust-1'],
    ['612345678', '612345678'],
    ['2026-10-05', '2026-10-05'],
    ['C-0012', 'C-0012'],
    ['NL91 ABNA 0417 1643 01', 'NL91 ABNA 0417 1643 01'],
  ])('%j → %j', (value, expected) => {
    expect(nl.identifier(value)).toBe(expected);
  });

  it('reads national numbers only with a region; international ones always', () => {
    const none = new PersonalData();
    // Without a region a national number cannot be put in E.164: its digits, however it is written.
    expect(none.identifier('06 12345678')).toBe('0612345678');
    expect(none.identifier('06-12345678')).toBe('0612345678');
    expect(none.identifier('+31 6 12345678')).toBe('+31612345678');
  });

  it('a phone column’s value that is no valid number is hashed by its digits, not as written', () => {
    const none = new PersonalData();
    expect(none.personalValue('telefoonnummer', '0612345678')).toBe('0612345678');
    expect(none.personalValue('telefoonnummer', '06-12345678')).toBe('0612345678');
    expect(none.personalValue('Handy', '0171 / 1234567')).toBe('01711234567');
    expect(nl.personalValue('phone', '06-12345')).toBe('0612345');
  });

  it('erasure tries the national digits of an international number (stored without a region)', () => {
    expect(new PersonalData().erasureForms('+31 6 12345678')).toContain('0612345678');
    expect(new PersonalData().erasureForms('06-12345678')).toContain('0612345678');
  });

  it('reads bare digits as a phone number in a phone column (MSISDN) only', () => {
    expect(nl.personalValue('msisdn', '31612345678')).toBe('+31612345678');
    expect(nl.personalValue('mobile', '0612345678')).toBe('+31612345678');
    expect(nl.personalValue('customer_id', '31612345678')).toBe('31612345678');
  });

  it('the quick check lets nothing through that the normal form would change', () => {
    for (const v of ['+31 6 12345678', '06-12345678', 'Jan@X.nl', 'NL91ABNA0417164300', '(020) 1234567']) {
      expect(nl.mayNormalise(v, 0, v.length), v).toBe(true);
    }
    for (const v of ['cust-1', 'cus-000123', 'C12345', 'premium']) {
      expect(nl.mayNormalise(v, 0, v.length), v).toBe(false);
      expect(nl.identifier(v)).toBe(v);
    }
    const us = new PersonalData({ region: 'US' });
    expect(us.mayNormalise('212-736-5000', 0, 12)).toBe(true);
    expect(us.identifier('212-736-5000')).toBe('+12127365000');
  });

  it('whatever the value: when the quick check says no, the normal form is the value itself', () => {
    const regions = ['NL', 'US', 'DE'].map((region) => new PersonalData({ region }));
    const chars = fc.constantFrom(...'0123456789+()-./ @abcNLXZ'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: chars, minLength: 1, maxLength: 20 }), (raw) => {
        const v = raw.trim();
        if (v === '' || v !== raw) return;
        for (const p of regions) if (!p.mayNormalise(v, 0, v.length)) expect(p.identifier(v)).toBe(v);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('personal by name', () => {
  it.each([
    'mobile',
    'telephone',
    'email_address',
    'contact_email',
    'msisdn',
    'full_name',
    'iban',
    'home_phone',
    'customerEmail',
    'caller_id',
    'date_of_birth',
    'street_address',
    'postcode',
    'bank_account',
    'surname',
  ])('%s is personal', (name) => {
    expect(personalByName(name)).toBe(true);
  });
  it.each([
    // Dutch, German and French; any case, accents and separators; compounds.
    'naam',
    'klantnaam',
    'klant_naam',
    'Klant-Naam',
    'voornaam',
    'achternaam',
    'name_of_customer',
    'customer_name',
    'customerName',
    'agent_name',
    'medewerker_naam',
    'telefoon',
    'telefoonnummer',
    'Telefoon Nummer',
    'mobiel',
    'gsm',
    'e-mail',
    'E-Mail',
    'emailadres',
    'klant_emailadres',
    'geboortedatum',
    'adres',
    'factuuradres',
    'straat',
    'straatnaam',
    'huisnummer',
    'woonplaats',
    'rekeningnummer',
    'Name',
    'Vorname',
    'Nachname',
    'Kundenname',
    'Anschrift',
    'Adresse',
    'Straße',
    'PLZ',
    'Wohnort',
    'Geburtsdatum',
    'Telefon',
    'Telefonnummer',
    'Mobiltelefon',
    'Handy',
    'Handynummer',
    'Kontonummer',
    'nom',
    'prénom',
    'nom_du_client',
    'adresse',
    'téléphone',
    'numéro_de_téléphone',
    'portable',
    'courriel',
    'code_postal',
    'date_de_naissance',
    'klantnummer',
    'Kundennummer',
  ])('%s is personal (other languages, spellings, compounds)', (name) => {
    expect(personalByName(name)).toBe(true);
  });
  it.each([
    'customer_tier',
    'region',
    'queue_name',
    'team_name',
    'notes',
    'form',
    'ticket_type',
    'wachtrijnaam',
    'teamnaam',
    'productnaam',
    'Produktname',
    'Abteilungsname',
    'hostname',
    'filename',
    'intercom_sla_name',
    'nom_de_la_file',
    'company_name',
    'telefonie_wachtrij',
    'voicemail',
    'nominal',
    'klantsegment',
    'kanaal',
    'opmerking',
    'bemerkung',
    'number_of_calls',
    'language_name',
    'region_name',
    'skill_name',
    'campaign_name',
  ])('%s is not personal by its name', (name) => {
    expect(personalByName(name)).toBe(false);
  });
  it('a declared column is personal', () => {
    const p = new PersonalData({ columns: ['loyalty_card'] });
    expect(p.isPersonalColumn('loyalty_card')).toBe(true);
    expect(nl.isPersonalColumn('loyalty_card')).toBe(false);
  });
});

describe('personal by value: free text', () => {
  it('replaces e-mail addresses, phone numbers and IBANs by the pseudonyms of their normal forms', () => {
    expect(nl.scrub('Klant Jan@Example.nl belde vanaf 06-12345678 over NL91 ABNA 0417 1643 00.', h)).toBe(
      'Klant <jan@example.nl> belde vanaf <+31612345678> over <NL91ABNA0417164300>.',
    );
    expect(nl.scrub('call +44 20 7946 0958 today', h)).toBe('call <+442079460958> today');
    const us = new PersonalData({ region: 'US' });
    expect(us.scrub('call (212) 736-5000 or 212-736-5000', h)).toBe('call <+12127365000> or <+12127365000>');
  });
  it('leaves ordinary text, dates, times and amounts as they are', () => {
    for (const t of [
      'premium',
      'Order 12345 shipped on 2026-10-05 at 08:14:02',
      'refund of EUR 1234.56',
      '2026-10-05T08:14:02+02:00',
      'ticket #4711',
      'order 6123456789 shipped',
      'exported 2026-10-05T08:14:02+02:00, 05-10-2026 08:14',
      '1.234.567,89',
    ]) {
      expect(nl.scrub(t, h)).toBe(t);
    }
  });
  it('without a region (or for an invalid number) hashes national numbers by their digits', () => {
    const none = new PersonalData();
    expect(none.scrub('bel 06-12345678 terug', h)).toBe('bel <0612345678> terug');
    expect(none.scrub('bel 020-1234567 of (030) 123 45 67', h)).toBe('bel <0201234567> of <0301234567>');
    expect(none.scrub('Rückruf: 0171 1234567!', h)).toBe('Rückruf: <01711234567>!');
    expect(none.scrub('rappeler le 06.12.34.56.78', h)).toBe('rappeler le <0612345678>');
    expect(none.scrub('call +31 6 12345678', h)).toBe('call <+31612345678>');
    expect(nl.scrub('bel 06-123456 terug', h)).toBe('bel 06-123456 terug');
    expect(nl.scrub('bel 06-123456789', h)).toBe('bel <06123456789>');
  });
  it('without a region still leaves dates, times, amounts and ids as they are', () => {
    const none = new PersonalData();
    for (const t of [
      'exported 2026-10-05T08:14:02+02:00, 05-10-2026 08:14',
      'on 05.10.2026 08:14 and 2026/10/05 09:00',
      'order 6123456789 shipped',
      'refund of EUR 1.234.567,89 or 123 456 789',
      'ticket INV/0612345678, cus-0612345678, #0612345678',
      'bel 06-123456',
      '0.123456789',
    ]) {
      expect(none.scrub(t, h)).toBe(t);
    }
  });
});

describe('normalise: one customer, one pseudonym', () => {
  const ctx = { source: 'default', pseudonymise: h, personal: nl };
  const row = (customer: string, extra: Record<string, string> = {}) =>
    normalise(
      'contacts',
      { id: 'C1', channel: 'phone', created_at: '2026-10-05T08:00:00Z', customer, ...extra },
      ctx,
    );

  it('pseudonymises phone numbers and e-mail addresses in their normal form', () => {
    const a = row('+31 6 12345678');
    const b = row('+31612345678');
    const c = row('06 12345678');
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!a.ok || !b.ok || !c.ok) return;
    expect(a.record.customer).toBe('<+31612345678>');
    expect(b.record.customer).toBe(a.record.customer);
    expect(c.record.customer).toBe(a.record.customer);
    const m = row('Jan@Example.NL');
    expect(m.ok && m.record.customer).toBe('<jan@example.nl>');
  });

  it('pseudonymises personal columns by name and personal values in any other attribute', () => {
    const r = row('cust-1', {
      mobile: '06 12345678',
      full_name: 'Jan Jansen',
      iban: 'NL91ABNA0417164300',
      notes: 'mail jan@example.nl back',
      customer_tier: 'gold',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record.attributes).toEqual({
      mobile: '<+31612345678>',
      full_name: '<Jan Jansen>',
      iban: '<NL91ABNA0417164300>',
      notes: 'mail <jan@example.nl> back',
      customer_tier: 'gold',
    });
  });

  it('scrubs survey comments and incident summaries', () => {
    const s = normalise(
      'surveys',
      {
        contact_id: 'C1',
        kind: 'nps',
        score: '3',
        answered_at: '2026-10-05T08:00:00Z',
        comment: 'bel 0612345678',
      },
      ctx,
    );
    expect(s.ok && s.record.comment).toBe('bel <+31612345678>');
  });
});

describe('the region of a contract', () => {
  const contract = (timezone: string, country: string | null = null) => ({
    timezone,
    calendars: country === null ? {} : { office: { holidays: { country } } },
  });
  it('is its calendar country, else its time zone’s', () => {
    expect(regionOf(contract('Europe/Amsterdam'))).toBe('NL');
    expect(regionOf(contract('Europe/Amsterdam', 'DE-BY'))).toBe('DE');
    expect(regionOf(contract('Asia/Kolkata'))).toBeUndefined();
  });
});

describe('the phone numbers worked out once for every ingest of the process', () => {
  it('answers each region, and bare digits or not, as if nothing were remembered', () => {
    // Asked in turns, so that each answer is the remembered one of a value another reader asked first.
    const nl = new PersonalData({ region: 'NL' });
    const de = new PersonalData({ region: 'DE' });
    const none = new PersonalData();
    for (let round = 0; round < 2; round++) {
      expect(nl.identifier('030 1234567')).toBe('+31301234567');
      expect(de.identifier('030 1234567')).toBe('+49301234567');
      expect(none.identifier('030 1234567')).toBe('0301234567');
      expect(nl.identifier('31612345678', true)).toBe('+31612345678');
      expect(nl.identifier('31612345678')).toBe('31612345678');
    }
  });
});
