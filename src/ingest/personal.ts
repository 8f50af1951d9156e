/**
 * Which values are personal data, and the one normal form each is pseudonymised in (data.md "Personal
 * data", docs/privacy.md). Used on ingest (every reader) and on erasure, so that a customer written as
 * `+31 6 12345678` in one export and `+31612345678` in another, or `Jan@Example.NL` and `jan@example.nl`,
 * has one pseudonym.
 *
 * - **By name**: a column is personal when its name is in the fixed list, matches one of the name
 *   patterns (e-mail, phone, mobile, msisdn, name, address, iban …), or is declared personal by the
 *   contract (`data: { personal: [...] }`) or the ingest (`--personal`). Its whole value is pseudonymised.
 * - **By value**: in any other attribute and in free text (survey comments, summaries), e-mail addresses,
 *   phone numbers and IBANs are replaced by their pseudonyms; the rest of the text stays. A cheap pre-check
 *   (an `@`, or at least 7 digits) keeps ordinary values off the regular expressions.
 * - **Normal form** (identifiers, whole personal values and the values found in text alike): trimmed;
 *   an e-mail address lower-cased; a phone number in E.164 (`+31612345678`), read with the contract's region
 *   for national numbers (`06 12345678`); an IBAN upper-cased without spaces. Anything else as written.
 *
 * libphonenumber-js (with its full metadata, for strict validation) is loaded on the first phone-like
 * value only, so that imports without phone numbers do not pay for it.
 */
import { createRequire } from 'node:module';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js';

type Phones = typeof import('libphonenumber-js/max');

let phones: Phones | undefined;
function lib(): Phones {
  phones ??= createRequire(import.meta.url)('libphonenumber-js/max') as Phones;
  return phones;
}

/**
 * Attribute columns that hold personal data whatever their values, compared without case, accents and
 * separators (`Klant_Naam`, `klant-naam` and `klantnaam` are one). English, Dutch, German and French: the
 * parties Accord serves export in all four. The words, stems and name rule below catch the variants.
 */
export const PERSONAL_COLUMNS: readonly string[] = [
  // English
  'customer_id',
  'customer_number',
  'customer_name',
  'customer_email',
  'customer_phone',
  'email',
  'phone',
  'phone_number',
  'name',
  'first_name',
  'last_name',
  'address',
  'caller_id',
  'ani',
  'from_address',
  'requester',
  'requester_email',
  'mobile',
  'telephone',
  'email_address',
  'contact_email',
  'msisdn',
  'full_name',
  'iban',
  // Dutch
  'klant_id',
  'klantnummer',
  'klant_naam',
  'naam',
  'voornaam',
  'achternaam',
  'tussenvoegsel',
  'voorletters',
  'telefoon',
  'telefoonnummer',
  'mobiel',
  'mobiel_nummer',
  'emailadres',
  'adres',
  'straat',
  'huisnummer',
  'postcode',
  'woonplaats',
  'geboortedatum',
  'rekeningnummer',
  'bsn',
  // German
  'kunden_id',
  'kundennummer',
  'vorname',
  'nachname',
  'familienname',
  'anschrift',
  'adresse',
  'strasse',
  'hausnummer',
  'plz',
  'postleitzahl',
  'wohnort',
  'geburtsdatum',
  'telefon',
  'telefonnummer',
  'rufnummer',
  'handy',
  'handynummer',
  'mobilnummer',
  'kontonummer',
  // French
  'nom',
  'prenom',
  'nom_de_famille',
  'telephone',
  'portable',
  'courriel',
  'adresse_email',
  'code_postal',
  'date_de_naissance',
];

/** Words of a column name that make it a phone number's column (normalised to E.164, or hashed by digits). */
const PHONE_WORDS = new Set([
  'phone',
  'telephone',
  'tel',
  'telefon',
  'mobile',
  'mobil',
  'mobiel',
  'gsm',
  'handy',
  'portable',
  'cell',
  'cellphone',
  'msisdn',
  'ani',
  'fax',
  'caller',
]);

/**
 * Words of a column name that make it personal wherever they stand (`home_phone`, `email_address`,
 * `tel_nr`, `gsm`, `Handy`), after case and accents are folded.
 */
const PERSONAL_WORDS = new Set([
  ...[...PHONE_WORDS].filter((w) => w !== 'caller'),
  'email',
  'mail',
  'iban',
  'rib',
  'address',
  'street',
  'zipcode',
  'zip',
  'plz',
  'surname',
  'username',
  'birthdate',
  'dob',
  'birthday',
  'ssn',
  'bsn',
  'passport',
  'rue',
]);

/**
 * Parts of a column name, its words joined without separators, that make it personal wherever they stand,
 * also inside a compound: `telefoonnummer`, `klant_emailadres`, `Geburtsdatum`, `factuuradres`,
 * `Mobiltelefon`, `straatnaam`. Only stems that no ordinary column holds by accident (`telefon` alone would
 * take `telefonie_wachtrij`: it is a word above, and `telefonn…` a stem).
 */
const PERSONAL_STEMS = [
  'phone',
  'telefoon',
  'telefonn',
  'email',
  'courriel',
  'adres', // adres, adresse, emailadres, bezoekadres
  'address',
  'anschrift',
  'straat',
  'strasse',
  'huisnummer',
  'hausnummer',
  'postcode',
  'postleitzahl',
  'codepostal',
  'woonplaats',
  'wohnort',
  'birth',
  'geboorte',
  'geburt',
  'naissance',
  'iban',
  'rekeningnummer',
  'rekeningnr',
  'bankrekening',
  'kontonummer',
  'bankaccount',
  'accountnumber',
  'handynummer',
  'mobilnummer',
  'mobieltje',
  'mobielnummer',
  'mobilenumber',
  'rufnummer',
  'klantnummer',
  'kundennummer',
  'customernumber',
  'callerid',
  'socialsecurity',
  'nationalid',
  'burgerservicenummer',
  'paspoort',
  'reisepass',
  'ausweis',
];

/** A name (`naam`, `Name`, `prénom`): a person's unless a thing's (below). */
const NAME_STEMS = ['name', 'naam', 'prenom'];

/**
 * Words and stems that make a name a thing's: `queue_name`, `teamnaam`, `Produktname`, `hostname`,
 * `intercom_sla_name`, `nom_de_la_file` (a queue, in French). An agent's name is no thing: `agent_name`
 * and `medewerker_naam` are personal (docs/privacy.md), the record's `agent` column is not an attribute.
 */
const THING_WORDS = new Set([
  'queue',
  'team',
  'skill',
  'group',
  'groups',
  'department',
  'dept',
  'file',
  'host',
  'domain',
  'brand',
  'service',
  'channel',
  'category',
  'project',
  'site',
  'company',
  'firm',
  'org',
  'organisation',
  'organization',
  'partner',
  'vendor',
  'supplier',
  'server',
  'app',
  'system',
  'source',
  'tag',
  'label',
  'status',
  'event',
  'field',
  'column',
  'table',
  'template',
  'script',
  'report',
  'contract',
  'sla',
  'metric',
  'location',
  'store',
  'shop',
  'branch',
  'bank',
  'plan',
  'product',
  'campaign',
  'form',
  'type',
  'kind',
  'list',
  'space',
  'language',
  'taal',
  'sprache',
  'langue',
  'region',
  'regio',
  'country',
  'land',
  'pays',
]);
const THING_STEMS = [
  'queue',
  'wachtrij',
  'warteschlange',
  'afdeling',
  'abteilung',
  'groep',
  'gruppe',
  'bedrijf',
  'firma',
  'firmen',
  'unternehmen',
  'entreprise',
  'societe',
  'product',
  'produkt',
  'produit',
  'merk',
  'marke',
  'dienst',
  'kanaal',
  'kanal',
  'categorie',
  'kategorie',
  'bestand',
  'datei',
  'filename',
  'hostname',
  'namespace',
  'kampagne',
  'campagne',
  'campaign',
  'organisatie',
  'leverancier',
  'lieferant',
  'fournisseur',
  'project',
  'projekt',
  'projet',
  'locatie',
  'standort',
  'vestiging',
  'filiaal',
  'filiale',
  'skill',
  'team',
];

/** A column name's words, lower case without accents: snake_case, kebab-case, camelCase and spaces alike. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * Whether a column name says personal data by itself; declarations aside. Case, accents and separators do
 * not count (`Telefoon-Nummer`, `téléphone`, `E-Mail`); a name (`klantnaam`, `Nachname`, `name_of_customer`)
 * is personal unless it names a thing (`queue_name`, `productnaam`).
 */
export function personalByName(name: string): boolean {
  const w = words(name);
  if (w.length === 0) return false;
  // `voicemail` holds `email`: no address.
  const joined = w.join('').replace(/voicemail/g, 'voice');
  if (PERSONAL_SET.has(joined)) return true;
  if (w.some((x) => PERSONAL_WORDS.has(x))) return true;
  if (joined.endsWith('telefon')) return true; // Mobiltelefon, Festnetztelefon
  if (PERSONAL_STEMS.some((s) => joined.includes(s))) return true;
  if (!NAME_STEMS.some((s) => joined.includes(s)) && !w.includes('nom')) return false;
  return !(w.some((x) => THING_WORDS.has(x)) || THING_STEMS.some((s) => joined.includes(s)));
}
const PERSONAL_SET: ReadonlySet<string> = new Set(PERSONAL_COLUMNS.map((c) => c.replace(/_/g, '')));

/** Whether a personal column holds phone numbers: then bare digits (`31612345678`) are read as one too. */
function phoneColumn(name: string): boolean {
  const w = words(name);
  const joined = w.join('');
  return (
    w.some((x) => PHONE_WORDS.has(x)) ||
    joined.endsWith('telefon') ||
    ['phone', 'telefoon', 'telefonn', 'mobiel', 'mobil', 'handy', 'rufnummer', 'msisdn'].some((s) =>
      joined.includes(s),
    )
  );
}

/** What a caller declares of personal data: crosses to a worker thread as it is (plain data). */
export interface PersonalPolicy {
  /** ISO 3166 region for national phone numbers (`NL`: `06 12345678` is `+31612345678`). */
  readonly region?: string | undefined;
  /** More columns whose whole value is personal (the contract's `data.personal`, `--personal`). */
  readonly columns?: readonly string[] | undefined;
}

const EMAIL =
  /[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}/g;
const WHOLE_EMAIL = new RegExp(`^${EMAIL.source}$`);
const IBAN = /\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?\b/g;
const WHOLE_IBAN = new RegExp(`^${IBAN.source}$`);
const PHONE_CHARS = /^[+(]?[0-9][0-9 ().\-/]*$/;

/** ISO 7064 mod 97-10 over the rearranged IBAN (compact, upper case). */
function ibanValid(compact: string): boolean {
  if (compact.length < 15 || compact.length > 34) return false;
  const s = compact.slice(4) + compact.slice(0, 4);
  let r = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c >= 65 ? c - 55 : c - 48;
    if (v < 0 || v > 35) return false;
    r = v >= 10 ? (r * 100 + v) % 97 : (r * 10 + v) % 97;
  }
  return r === 1;
}

/** The normal form of an IBAN, or undefined when the text is none. */
function iban(text: string): string | undefined {
  const compact = text.replace(/ /g, '').toUpperCase();
  return ibanValid(compact) ? compact : undefined;
}

/**
 * The region of a time zone, for phone numbers written nationally, when no calendar of the contract names
 * its country. The zones of the countries Accord's contracts are written for; others give none.
 */
const ZONE_REGIONS: Readonly<Record<string, string>> = {
  'Europe/Amsterdam': 'NL',
  'Europe/Brussels': 'BE',
  'Europe/Luxembourg': 'LU',
  'Europe/Berlin': 'DE',
  'Europe/Vienna': 'AT',
  'Europe/Zurich': 'CH',
  'Europe/Paris': 'FR',
  'Europe/London': 'GB',
  'Europe/Dublin': 'IE',
  'Europe/Madrid': 'ES',
  'Europe/Lisbon': 'PT',
  'Europe/Rome': 'IT',
  'Europe/Copenhagen': 'DK',
  'Europe/Stockholm': 'SE',
  'Europe/Oslo': 'NO',
  'Europe/Helsinki': 'FI',
  'Europe/Warsaw': 'PL',
  'Europe/Prague': 'CZ',
  'Europe/Budapest': 'HU',
  'Europe/Athens': 'GR',
  'America/New_York': 'US',
  'America/Chicago': 'US',
  'America/Denver': 'US',
  'America/Los_Angeles': 'US',
  'America/Toronto': 'CA',
  'Australia/Sydney': 'AU',
};

/** The phone region of a contract: its calendars' holiday country, else its time zone's; undefined if none. */
export function regionOf(contract: {
  readonly timezone: string;
  readonly calendars: Readonly<Record<string, { readonly holidays: { readonly country: string | null } }>>;
}): string | undefined {
  for (const cal of Object.values(contract.calendars)) {
    const country = cal.holidays.country?.slice(0, 2).toUpperCase();
    if (country !== undefined && validRegion(country)) return country;
  }
  return ZONE_REGIONS[contract.timezone];
}

/** Whether libphonenumber knows the region (`--region NL`). */
export function validRegion(region: string): boolean {
  return /^[A-Z]{2}$/.test(region) && lib().isSupportedCountry(region as CountryCode);
}

/** Cached normal forms of phone-like values: customers come back again and again. */
const CACHE_LIMIT = 50_000;

/**
 * E.164 forms already worked out, for every ingest of this thread: libphonenumber costs about 14 µs a number
 * (7 ms for an API batch of 500 callers), and the same callers come back request after request. The answer
 * depends on the value, the region and whether bare digits count: the key holds all three.
 */
const PHONES_SEEN = new Map<string, string | null>();

/**
 * The personal-data rules of one import or erasure: which columns are personal, the normal form of an
 * identifier, and the scrubbing of free text. Cheap to make; one per import (and thread).
 */
export class PersonalData {
  readonly region: CountryCode | undefined;
  private readonly declared: ReadonlySet<string>;
  private readonly byName = new Map<string, boolean>();

  constructor(policy: PersonalPolicy = {}) {
    const region = policy.region?.toUpperCase();
    this.region = region !== undefined && /^[A-Z]{2}$/.test(region) ? (region as CountryCode) : undefined;
    this.declared = new Set(policy.columns ?? []);
  }

  /** Whether the whole value of this column is personal (by the list, a pattern or a declaration). */
  isPersonalColumn(name: string): boolean {
    let hit = this.byName.get(name);
    if (hit === undefined) {
      hit = this.declared.has(name) || personalByName(name);
      if (this.byName.size < 10_000) this.byName.set(name, hit);
    }
    return hit;
  }

  /**
   * Whether s[a, b) (trimmed already) may have another normal form than itself: an `@`; a phone-like
   * start (`+`, `0`, `(`, or a digit with separators after it); an IBAN-like start. False answers are
   * certain (`identifier` would give the value back); a true one is settled by `identifier`.
   */
  mayNormalise(s: string, a: number, b: number): boolean {
    if (b - a < 5) return false;
    const c0 = s.charCodeAt(a);
    if (c0 === 43 /* + */ || c0 === 40 /* ( */ || c0 === 48 /* 0 */) return true;
    if (isLetter(c0) && isLetter(s.charCodeAt(a + 1)) && isDigit(s.charCodeAt(a + 2))) return true;
    // `s` may be a whole chunk of the file: look at the value's characters only. A value that starts with a
    // digit may be a national number written in groups (`612 345 678`, `555-123-4567`).
    const digit = isDigit(c0);
    for (let i = a + 1; i < b; i++) {
      const c = s.charCodeAt(i);
      if (c === 64 /* @ */) return true;
      if (digit && (c === 32 || c === 45 || c === 46 || c === 47 || c === 40 || c === 41)) return true;
    }
    return false;
  }

  /**
   * The normal form of an identifier (the `customer` column, a personal column, `erase --customer`):
   * trimmed, an e-mail address lower-cased, a phone number in E.164, an IBAN compact in upper case.
   * `phone`: the column holds phone numbers, so bare digits are read as one too.
   */
  identifier(value: string, phone = false): string {
    const v = value.trim();
    if (v.length < 5) return v;
    if (v.includes('@')) return WHOLE_EMAIL.test(v) ? v.toLowerCase() : v;
    if (PHONE_CHARS.test(v)) return this.phone(v, phone) ?? digitsOnly(v, phone, 7) ?? v;
    if (WHOLE_IBAN.test(v)) return iban(v) ?? v;
    return v;
  }

  /** The normal form of a whole personal value of this column. */
  personalValue(column: string, value: string): string {
    return this.identifier(value, phoneColumn(column));
  }

  /**
   * Every normal form a value given for erasure may have been stored under: as written (trimmed; what
   * imports before this normal form stored), its normal form, and read as a phone number of a phone column.
   */
  erasureForms(value: string): string[] {
    const v = value.trim();
    const forms = [v, this.identifier(v), this.identifier(v, true)];
    // An international number may have been stored without a phone region: its national digits
    // (`+31612345678` → `0612345678`).
    for (const f of [...forms])
      if (f.startsWith('+') && PHONE_CHARS.test(f)) {
        const national = lib().parsePhoneNumberFromString(f)?.formatNational();
        if (national !== undefined) forms.push(national.replace(/\D/g, ''));
      }
    return [...new Set(forms)];
  }

  /** E.164 of a phone-like value, or undefined when it is no valid phone number. */
  private phone(v: string, bareDigits: boolean): string | undefined {
    const key = `${this.region ?? ''}${bareDigits ? '#' : ' '}${v}`;
    const hit = PHONES_SEEN.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const out = this.parsePhone(v, bareDigits);
    if (PHONES_SEEN.size >= CACHE_LIMIT) PHONES_SEEN.clear();
    PHONES_SEEN.set(key, out ?? null);
    return out;
  }

  private parsePhone(v: string, bareDigits: boolean): string | undefined {
    let digits = 0;
    for (let i = 0; i < v.length; i++) if (isDigit(v.charCodeAt(i))) digits++;
    if (digits < 7 || digits > 17) return undefined;
    const international = v.startsWith('+') ? v : v.startsWith('00') ? `+${v.slice(2)}` : undefined;
    const { parsePhoneNumberFromString } = lib();
    const valid = (p: PhoneNumber | undefined) => (p?.isValid() ? p.number : undefined);
    if (international !== undefined) return valid(parsePhoneNumberFromString(international));
    // A national number: a trunk prefix or parentheses (`06 …`, `(020) …`), or separators (`555-123-4567`);
    // bare digits only in a phone column, where they may also be international without the `+` (MSISDN).
    const national = v.startsWith('0') || v.startsWith('(') || /[ ().\-/]/.test(v);
    if (!national && !bareDigits) return undefined;
    const r = this.region === undefined ? undefined : valid(parsePhoneNumberFromString(v, this.region));
    if (r !== undefined || !bareDigits || !/^\d+$/.test(v)) return r;
    return valid(parsePhoneNumberFromString(`+${v}`));
  }

  /**
   * Free text (an attribute of no personal name, a comment, a summary) with every e-mail address, phone
   * number and IBAN in it replaced by the pseudonym of its normal form; the same string when it holds none.
   */
  scrub(text: string, pseudonymise: (value: string) => string): string {
    // Pre-check: an e-mail address needs an `@`, a phone number or IBAN at least 7 digits.
    let at = false;
    let digits = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 64) at = true;
      else if (c >= 48 && c <= 57) digits++;
    }
    if (!at && digits < 7) return text;
    let out = text;
    if (at) out = out.replace(EMAIL, (m) => pseudonymise(m.toLowerCase()));
    if (digits >= 7) {
      out = out.replace(IBAN, (m) => {
        const normal = iban(m);
        return normal === undefined ? m : pseudonymise(normal);
      });
      out = this.scrubPhones(out, pseudonymise);
    }
    return out;
  }

  private scrubPhones(text: string, pseudonymise: (value: string) => string): string {
    // libphonenumber's matcher costs some 10 µs: only when a run of digits looks like a phone number.
    PHONE_RUN.lastIndex = 0;
    const runs: [number, number][] = [];
    for (let m = PHONE_RUN.exec(text); m !== null; m = PHONE_RUN.exec(text))
      if (standsAlone(text, m.index, m.index + m[0].length) && phoneShaped(m[0]))
        runs.push([m.index, m.index + m[0].length]);
    if (runs.length === 0) return text;
    const found = lib().findPhoneNumbersInText(
      text,
      this.region === undefined ? undefined : { defaultCountry: this.region },
    );
    const spans: [number, number, string][] = [];
    for (const f of found) {
      // As for an identifier: bare digits without +, 00 or a trunk 0 are a number, not a phone number.
      if (!standsAlone(text, f.startsAt, f.endsAt) || !phoneShaped(text.slice(f.startsAt, f.endsAt)))
        continue;
      spans.push([f.startsAt, f.endsAt, f.number.number]);
    }
    // What libphonenumber cannot place (a national number without a phone region, an invalid one) is still
    // a phone number when written as one: hashed in its digits-only form, as a phone column's value.
    for (const [a, b] of runs) {
      if (spans.some(([x, y]) => a < y && x < b)) continue;
      const digits = digitsOnly(text.slice(a, b), false, 9);
      if (digits !== undefined) spans.push([a, b, digits]);
    }
    if (spans.length === 0) return text;
    spans.sort((x, y) => x[0] - y[0]);
    let out = '';
    let last = 0;
    for (const [a, b, normal] of spans) {
      out += text.slice(last, a) + pseudonymise(normal);
      last = b;
    }
    return out + text.slice(last);
  }
}

/**
 * The normal form of a phone number that cannot be put in E.164 (a national number without a phone region,
 * an invalid one): its digits, after a `+` when written with one (`06-12345678` → `0612345678`), or
 * undefined when the value is not written as a phone number. In a phone column any value of 7 to 17 digits
 * is; elsewhere (the `customer` column, free text) only one that starts with `+`, `0` or `(` and has at
 * least `min` digits, and is no date.
 */
function digitsOnly(value: string, phoneColumn: boolean, min: number): string | undefined {
  const v = value.trim();
  const digits = v.replace(/\D/g, '');
  if (digits.length < min || digits.length > 17) return undefined;
  if (!phoneColumn) {
    const c = v.charCodeAt(0);
    if (c !== 43 /* + */ && c !== 48 /* 0 */ && c !== 40 /* ( */) return undefined;
    if (DATE_AT_START.test(v) || /^0[.,]\d+$/.test(v)) return undefined;
  }
  return v.startsWith('+') ? `+${digits}` : digits;
}

/** A date (with a time after it, maybe): `05-10-2026 08`, `2026.10.05`; not `06.12.34.56.78`. */
const DATE_AT_START = /^(?:\d{1,2}([-./])\d{1,2}\1\d{2,4}|\d{4}([-./])\d{1,2}\2\d{1,2})(?:$|\s)/;

/**
 * Whether text[a, b) is not glued to a word or code: `cus-0001234`, `INV/20261005/7` and `#0612345678` are
 * no phone numbers; `tel:0612345678`, `(06 12345678)` and `Tel. 06-12345678` may be.
 */
function standsAlone(text: string, a: number, b: number): boolean {
  const before = a === 0 ? 32 : text.charCodeAt(a - 1);
  const after = b >= text.length ? 32 : text.charCodeAt(b);
  const glued = (c: number) =>
    isLetter(c) || isDigit(c) || c === 45 /* - */ || c === 95 /* _ */ || c === 47 /* / */ || c === 35; /* # */
  return !glued(before) && !(isLetter(after) || isDigit(after) || after === 95 || after === 47);
}

/** A run of digits with the separators phone numbers are written with (no `:`, so no times). */
const PHONE_RUN = /[+(]?\d[\d \-./()]{5,}\d/g;
const DATE_LIKE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/;

/**
 * Whether a run may be a phone number: 7 to 17 digits, not a date, and written as one — international
 * (`+`, `00`), with a trunk prefix or parentheses (`0`, `(`), or in groups (`555-123-4567`).
 */
function phoneShaped(run: string): boolean {
  const r = run.trim();
  let digits = 0;
  for (let i = 0; i < r.length; i++) if (isDigit(r.charCodeAt(i))) digits++;
  if (digits < 7 || digits > 17 || DATE_LIKE.test(r)) return false;
  const c = r.charCodeAt(0);
  return c === 43 /* + */ || c === 48 /* 0 */ || c === 40 /* ( */ || /\d[ \-./]\d/.test(r);
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** The rules without declarations or region: international phone numbers only. */
export const NO_POLICY = new PersonalData();

/** A pseudonym as it stands in stored text: 64 hex digits. */
export const PSEUDONYM_IN_TEXT = /[0-9a-f]{64}/;
