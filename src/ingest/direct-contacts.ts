/**
 * The direct way from a CSV line of contacts to its encoded row (store/encode.ts), for `accord ingest`:
 * compiled once per header, it reads the cells where they lie in the line, without cutting the line into
 * strings, building a row object, a Contact or a list of values. Instants, numbers and enumerations are
 * read from their characters, the customer is pseudonymised from its characters, and text is copied from
 * the line into the encoded row and into the row's JSON for its digest.
 *
 * It takes only lines it is certain about: every value in its common form and every check passed. For
 * any other line (a bad value, a value with spaces around it, an unusual spelling, a quoted field: the
 * CSV parser does not offer those) it answers false, and the line goes the general way (CSV values,
 * normalise, encode), which decides and names every problem. Both ways give the same bytes; the tests
 * compare them on generated rows.
 */
import { CATEGORIES, CHANNELS, DIRECTIONS, PRIORITIES } from '../domain/records.js';
import type { KindRows } from '../store/encode.js';
import { fastInstantAt, languageTag } from './fields.js';
import { contactColumnIndexes, KNOWN_COLUMNS } from './normalise.js';
import { NO_POLICY, type PersonalData } from './personal.js';
import type { Pseudonyms } from './pseudonym.js';

/** Encodes the line s[start, end) into the rows, or answers false (nothing written) to leave it to the general way. */
export type LineEncoder = (s: string, start: number, end: number) => boolean;

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
const KNOWN = new Set(KNOWN_COLUMNS.contacts);

/** A value without spaces (or anything trim() would remove) at either end: printable ASCII there. */
function plain(s: string, a: number, b: number): boolean {
  const c0 = s.charCodeAt(a);
  const c1 = s.charCodeAt(b - 1);
  return c0 > 32 && c0 < 127 && c1 > 32 && c1 < 127;
}

/** Index of the candidate that s[a, b) is exactly, or -1. */
function which(s: string, a: number, b: number, candidates: readonly string[]): number {
  const n = b - a;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (c.length === n && s.startsWith(c, a)) return i;
  }
  return -1;
}

/** Digits only (at most 15) as a number, or -1. */
function digitsAt(s: string, a: number, b: number): number {
  if (b - a > 15) return -1;
  let n = 0;
  for (let i = a; i < b; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** `123` or `123.45` (FieldReader.number with a minimum of 0); NaN for anything else. */
function decimalAt(s: string, a: number, b: number): number {
  const whole = digitsAt(s, a, b);
  if (whole >= 0) return whole;
  const dot = s.indexOf('.', a);
  if (dot <= a || dot >= b - 1 || digitsAt(s, a, dot) < 0 || digitsAt(s, dot + 1, b) < 0) return Number.NaN;
  return Number(s.slice(a, b));
}

const NONE = -1;
const BAD = -2;

/**
 * The encoder of one header for contacts, or undefined when the header rules the direct way out (an
 * attribute column whose name an object would treat specially).
 */
export function directContacts(
  header: readonly string[],
  separator: number,
  defaultSource: string,
  pseudonymiser: () => Pseudonyms,
  rows: KindRows,
  /** Why records of a source may not be stored (see IngestFileOptions.refuseSource): such lines go the general way. */
  refuseSource?: (source: string) => string | null,
  /** Which columns are personal and the normal forms (personal.ts); the same rules as normalise. */
  personal: PersonalData = NO_POLICY,
): LineEncoder | undefined {
  const width = header.length;
  const col = contactColumnIndexes(header);
  if (col.iId < 0 || col.iChannel < 0 || col.iCreated < 0) return undefined;
  // Attribute columns in the order of attributesJson (sorted keys); `type` is never an attribute.
  const attributes: { index: number; name: string; key: string; personal: boolean }[] = [];
  for (const [index, name] of header.entries()) {
    if (KNOWN.has(name) || name === 'type') continue;
    if (name === '__proto__' || ARRAY_INDEX.test(name)) return undefined;
    attributes.push({ index, name, key: JSON.stringify(name), personal: personal.isPersonalColumn(name) });
  }
  attributes.sort((x, y) => (header[x.index]! < header[y.index]! ? -1 : 1));

  const hash = (value: string) => pseudonymiser().hash(value);
  // Cell boundaries of the current line: cell k is [starts[k], ends[k]).
  const starts = new Int32Array(width);
  const ends = new Int32Array(width);
  const languages: string[] = [];
  const languageTags: string[] = [];
  const sep = String.fromCharCode(separator);
  const instants = new Float64Array(6);
  const instantColumns = [
    col.iCreated,
    col.iAnswered,
    col.iAbandoned,
    col.iFirstResponse,
    col.iResolved,
    col.iFirstResolved,
  ];

  /** A cell that must be absent, empty or plain text: NONE (null), BAD or the cell index. */
  const textCell = (s: string, i: number): number => {
    if (i < 0 || starts[i] === ends[i]) return NONE;
    return plain(s, starts[i]!, ends[i]!) ? i : BAD;
  };
  const enumCell = (s: string, i: number, allowed: readonly string[]): number => {
    if (i < 0 || starts[i] === ends[i]) return NONE;
    const k = which(s, starts[i]!, ends[i]!, allowed);
    return k < 0 ? BAD : k;
  };

  return (s, start, end) => {
    // Split into cells; a line with another number of cells goes the general way (which reports it).
    let cell = 0;
    starts[0] = start;
    for (let i = s.indexOf(sep, start); i >= 0 && i < end; i = s.indexOf(sep, i + 1)) {
      if (cell + 1 >= width) return false;
      ends[cell] = i;
      starts[++cell] = i + 1;
    }
    if (cell + 1 !== width) return false;
    ends[cell] = end;

    // Check and read every value before anything is written.
    const source = textCell(s, col.iSource);
    const id = textCell(s, col.iId);
    const channel = enumCell(s, col.iChannel, CHANNELS);
    if (source === BAD || id < 0 || channel < 0) return false;
    if (refuseSource !== undefined && source !== NONE) {
      if (refuseSource(s.slice(starts[source]!, ends[source]!)) !== null) return false;
    }
    for (let k = 0; k < 6; k++) {
      const i = instantColumns[k]!;
      if (i < 0 || starts[i] === ends[i]) {
        if (k === 0) return false;
        instants[k] = Number.NaN;
        continue;
      }
      const ms = fastInstantAt(s, starts[i]!, ends[i]!);
      if (Number.isNaN(ms)) return false;
      instants[k] = ms;
    }
    const created = instants[0]!;
    const answered = instants[1]!;
    const abandoned = instants[2]!;
    const firstResponse = instants[3]!;
    const resolved = instants[4]!;
    const firstResolved = instants[5]!;
    // NaN (unknown) fails every comparison, so only known instants are compared.
    if (
      answered < created ||
      abandoned < created ||
      firstResponse < created ||
      resolved < created ||
      firstResolved < created ||
      resolved < firstResolved ||
      (!Number.isNaN(answered) && !Number.isNaN(abandoned))
    ) {
      return false;
    }
    const direction = enumCell(s, col.iDirection, DIRECTIONS);
    const priority = enumCell(s, col.iPriority, PRIORITIES);
    const category = enumCell(s, col.iCategory, CATEGORIES);
    const queue = textCell(s, col.iQueue);
    const segment = textCell(s, col.iSegment);
    const agent = textCell(s, col.iAgent);
    const customer = textCell(s, col.iCustomer);
    if (
      direction === BAD ||
      priority === BAD ||
      category === BAD ||
      queue === BAD ||
      segment === BAD ||
      agent === BAD ||
      customer === BAD
    ) {
      return false;
    }
    let language: string | null = null;
    if (col.iLanguage >= 0 && starts[col.iLanguage] !== ends[col.iLanguage]) {
      const a = starts[col.iLanguage]!;
      const b = ends[col.iLanguage]!;
      const k = which(s, a, b, languages);
      if (k >= 0) language = languageTags[k]!;
      else {
        if (!plain(s, a, b)) return false;
        const raw = s.slice(a, b);
        const tag = languageTag(raw);
        if (tag === undefined) return false;
        if (languages.length < 32) {
          languages.push(raw);
          languageTags.push(tag);
        }
        language = tag;
      }
    }
    let reopen = Number.NaN;
    if (col.iReopen >= 0 && starts[col.iReopen] !== ends[col.iReopen]) {
      reopen = digitsAt(s, starts[col.iReopen]!, ends[col.iReopen]!);
      if (reopen < 0) return false;
    }
    let handle = Number.NaN;
    if (col.iHandle >= 0 && starts[col.iHandle] !== ends[col.iHandle]) {
      handle = decimalAt(s, starts[col.iHandle]!, ends[col.iHandle]!);
      if (Number.isNaN(handle)) return false;
    }
    let ftr = NONE;
    if (col.iFtr >= 0 && starts[col.iFtr] !== ends[col.iFtr]) {
      ftr = which(s, starts[col.iFtr]!, ends[col.iFtr]!, BOOLEANS);
      if (ftr < 0) return false;
    }
    // Attributes: JSON with sorted keys, as attributesJson writes it.
    let attributesJson = '{';
    for (const attr of attributes) {
      const a = starts[attr.index]!;
      const b = ends[attr.index]!;
      if (a === b) continue;
      let value: string;
      if (!attr.personal) value = personal.scrub(s.slice(a, b), hash);
      else if (!plain(s, a, b)) return false;
      else value = pseudonymiser().hash(personal.personalValue(attr.name, s.slice(a, b)));
      attributesJson += `${attributesJson.length > 1 ? ',' : ''}${attr.key}:${jsonString(value)}`;
    }
    attributesJson += '}';

    // Write the row: source, key, then the content cells in the order of the contacts table.
    rows.begin();
    if (source === NONE) rows.upsert(defaultSource, 0, defaultSource.length);
    else rows.upsert(s, starts[source]!, ends[source]!);
    const idStart = starts[id]!;
    const idEnd = ends[id]!;
    rows.upsert(s, idStart, idEnd);
    rows.text(s, idStart, idEnd);
    const ch = CHANNELS[channel]!;
    rows.text(ch, 0, ch.length);
    const dir = direction === NONE ? 'inbound' : DIRECTIONS[direction]!;
    rows.text(dir, 0, dir.length);
    if (language === null) rows.nul();
    else rows.text(language, 0, language.length);
    if (queue === NONE) rows.nul();
    else rows.text(s, starts[queue]!, ends[queue]!);
    if (segment === NONE) rows.nul();
    else rows.text(s, starts[segment]!, ends[segment]!);
    if (priority === NONE) rows.nul();
    else rows.text(PRIORITIES[priority]!, 0, PRIORITIES[priority]!.length);
    if (category === NONE) rows.nul();
    else rows.text(CATEGORIES[category]!, 0, CATEGORIES[category]!.length);
    for (let k = 0; k < 6; k++) {
      const ms = instants[k]!;
      if (!Number.isNaN(ms)) rows.num(ms);
      else rows.nul();
    }
    if (!Number.isNaN(reopen)) rows.num(reopen);
    else rows.nul();
    if (!Number.isNaN(handle)) rows.num(handle);
    else rows.nul();
    if (ftr === NONE) rows.nul();
    else rows.bool(ftr === 0);
    if (agent === NONE) rows.nul();
    else rows.text(s, starts[agent]!, ends[agent]!);
    if (customer === NONE) rows.nul();
    else {
      const p = pseudonymiser();
      const a = starts[customer]!;
      const b = ends[customer]!;
      // An e-mail address or phone number is hashed in its normal form (one customer, one pseudonym).
      if (personal.mayNormalise(s, a, b)) {
        const h = p.hash(personal.identifier(s.slice(a, b)));
        rows.text(h, 0, h.length);
      } else if (p.computeRange(s, a, b)) rows.hex(p.digest);
      else {
        const h = p.hash(s.slice(a, b));
        rows.text(h, 0, h.length);
      }
    }
    rows.text(attributesJson, 0, attributesJson.length);
    rows.end();
    return true;
  };
}

const BOOLEANS = ['true', 'false'] as const;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters JSON.stringify escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const jsonString = (s: string) => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);
