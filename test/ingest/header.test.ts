/**
 * The one header check (src/ingest/header.ts): a misspelt column gets "did you mean", a missing required
 * column is one error for the file, and the required columns are those normalise requires of every row.
 */
import { describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../src/domain/records.js';
import { checkHeader, editDistance, REQUIRED_COLUMNS } from '../../src/ingest/header.js';
import { normalise } from '../../src/ingest/normalise.js';

const context = { source: 'default', pseudonymise: (v: string) => v };

describe('the header check', () => {
  it.each(RECORD_KINDS)('%s: the required columns are what normalise requires of a row', (kind) => {
    const required = (row: Record<string, string>) => {
      const r = normalise(kind, row, context);
      return r.ok ? [] : r.problems.filter((p) => p.message === 'is required').map((p) => p.field);
    };
    // Each listed column is required of an empty row…
    for (const c of REQUIRED_COLUMNS[kind]) expect(required({}), c).toContain(c);
    // …and a row that has the listed columns (and an NPS survey's kind) needs no other.
    const row = Object.fromEntries(REQUIRED_COLUMNS[kind].map((c) => [c, 'x']));
    if (kind === 'surveys') row.kind = 'nps';
    expect(required(row)).toEqual([]);
  });

  it('suggests the known column a misspelt one probably means', () => {
    expect(checkHeader('contacts', ['id', 'channel', 'created_at', 'answerd_at', 'queue_name'])).toEqual({
      problem: undefined,
      missing: undefined,
      field: null,
      warnings: [
        'column answerd_at: did you mean answered_at? (kept as an attribute, not read as answered_at)',
      ],
    });
    expect(checkHeader('surveys', ['contact_id', 'kind', 'scroe', 'answered_at', 'note']).warnings).toEqual([
      'column scroe: did you mean score? (not used for surveys)',
      'column note not used for surveys',
    ]);
    // A column that is there already is not suggested again; a short name needs a closer match.
    expect(
      checkHeader('contacts', ['id', 'channel', 'created_at', 'answered_at', 'answerd_at']).warnings,
    ).toEqual([]);
    expect(checkHeader('contacts', ['id', 'channel', 'created_at', 'ip', 'lang']).warnings).toEqual([]);
  });

  it('a missing required column is one problem for the file, with the likely misspelling', () => {
    expect(checkHeader('contacts', ['id', 'chanel', 'created_at']).missing).toBe(
      'header: the required column channel is missing, so no row can be stored (did you mean chanel → channel?)',
    );
    expect(checkHeader('status_events', ['contact_id']).missing).toBe(
      'header: the required columns status, at are missing, so no row can be stored',
    );
    expect(checkHeader('contacts', ['id', 'id']).problem).toBe('header: column id appears twice');
  });

  it('names the field of a header problem: the missing columns, the column named twice', () => {
    expect(checkHeader('contacts', ['id', 'chanel', 'created_at']).field).toBe('channel');
    expect(checkHeader('status_events', ['contact_id']).field).toBe('status, at');
    expect(checkHeader('contacts', ['id', 'channel', 'created_at', 'channel'])).toMatchObject({
      problem: 'header: column channel appears twice',
      field: 'channel',
    });
    // A column without a name has no name to give.
    expect(checkHeader('contacts', ['id', 'channel', '', 'created_at'])).toMatchObject({
      problem: 'header: column 3 has no name',
      field: null,
    });
  });

  it('edit distance counts a swap of neighbours as one', () => {
    expect(editDistance('answerd_at', 'answered_at')).toBe(1);
    expect(editDistance('agnet', 'agent')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
