import { CATEGORIES, PRIORITIES, RECORD_COLUMNS } from '../../domain/records.js';
import { languageTag } from '../fields.js';

/**
 * Helpers the telephony connectors (Genesys Cloud, Amazon Connect, Asterisk) share: instants written the
 * way data.md reads them, and the count of native records each leaves aside, by reason.
 */

/** An instant (epoch ms) as data.md writes it: ISO 8601 UTC with milliseconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Native records read and not mapped, by reason (`RINGNOANSWER: an agent's ring, not the caller's wait`). */
export type Ignored = Record<string, number>;

/** Counts one ignored native record under its reason. */
export function countIgnored(ignored: Ignored, reason: string): void {
  ignored[reason] = (ignored[reason] ?? 0) + 1;
}

/** Attribute names read as data.md columns (case, spaces, `_` and `-` ignored). */
const COLUMN_ATTRIBUTES: Readonly<Record<string, 'language' | 'priority' | 'segment' | 'category'>> = {
  language: 'language',
  languagecode: 'language',
  locale: 'language',
  priority: 'priority',
  segment: 'segment',
  category: 'category',
};
const CONTACT_COLUMNS = new Set<string>([...RECORD_COLUMNS.contacts, 'type']);

function columnValue(
  column: 'language' | 'priority' | 'segment' | 'category',
  v: string,
): string | undefined {
  if (column === 'language') return languageTag(v);
  if (column === 'segment') return v;
  const allowed: readonly string[] = column === 'priority' ? PRIORITIES : CATEGORIES;
  return allowed.find((a) => a === v.toLowerCase());
}

/**
 * Data a contact flow set on the contact (Amazon Connect's user-defined `Attributes`, Genesys Cloud's
 * participant data): `language`, `priority`, `segment` and `category` become those columns when they hold
 * a valid value; anything else is kept as an attribute, under `<prefix>_<name>` where its name is a
 * data.md column (a value that is not a priority must not be read as one), so nothing is lost.
 */
export function flowAttributes(
  attrs: Readonly<Record<string, unknown>>,
  row: Record<string, unknown>,
  prefix: string,
): void {
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    const v = value.trim();
    const column = COLUMN_ATTRIBUTES[key.toLowerCase().replace(/[\s_-]/g, '')];
    const valid = column === undefined ? undefined : columnValue(column, v);
    if (column !== undefined && valid !== undefined && row[column] === undefined) row[column] = valid;
    else row[CONTACT_COLUMNS.has(key) ? `${prefix}_${key}` : key] = v;
  }
}
