/** The `data:` key of contract.md: what Accord keeps of personal data. */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/contract/canonical.js';
import { formatContractError } from '../../src/domain/contract/check.js';
import { explainContract } from '../../src/domain/contract/explain.js';
import type { Contract, Lang } from '../../src/domain/contract/types.js';
import { checkContractText } from '../../src/ingest/contract-text.js';

const MINIMAL = `contract: mini
version: 1
effective_from: 2026-01-01
client: C
partner: P
timezone: Europe/Amsterdam
currency: EUR
monthly_fee: 1000
period: month
metrics:
  - id: sl
    kind: service_level
    threshold: 30s
    target: 80%
`;

function check(data: string) {
  return checkContractText(`${MINIMAL}${data}`, 'contract.yaml');
}

function dataOf(data: string): Contract['data'] {
  const r = check(data);
  if (!r.ok) throw new Error(r.errors.map(formatContractError).join('\n'));
  return r.contract.data;
}

describe('data: what is kept of personal data', () => {
  it.each([
    ['', { comments: 'drop', retention: null }],
    ['data:\n', { comments: 'drop', retention: null }],
    ['data: {}\n', { comments: 'drop', retention: null }],
    ['data: { comments: keep }\n', { comments: 'keep', retention: null }],
    ['data: { comments: drop }\n', { comments: 'drop', retention: null }],
    ['data: { retention: 24 months }\n', { comments: 'drop', retention: { count: 24, unit: 'month' } }],
    ['data: { retention: 1 month }\n', { comments: 'drop', retention: { count: 1, unit: 'month' } }],
    ['data: { retention: 1 year }\n', { comments: 'drop', retention: { count: 1, unit: 'year' } }],
    ['data: { retention: 2 years }\n', { comments: 'drop', retention: { count: 2, unit: 'year' } }],
    ['data: { retention: 90 days }\n', { comments: 'drop', retention: { count: 90, unit: 'day' } }],
    ['data: { retention: 1 day }\n', { comments: 'drop', retention: { count: 1, unit: 'day' } }],
    ['data: { retention: 6 weeks }\n', { comments: 'drop', retention: { count: 6, unit: 'week' } }],
    [
      'data:\n  comments: keep\n  retention: 36 months\n',
      { comments: 'keep', retention: { count: 36, unit: 'month' } },
    ],
  ])('%j reads as %j', (data, expected) => {
    expect(dataOf(data)).toEqual(expected);
  });

  it.each([
    [
      'data:\n  retention: 2 fortnights\n',
      'data.retention: "2 fortnights" is not a period of time (N days, weeks, months or years with N at least 1, e.g. 24 months) (line 16)',
    ],
    [
      'data:\n  retention: 24\n',
      'data.retention: 24 is not a period of time (N days, weeks, months or years with N at least 1, e.g. 24 months) (line 16)',
    ],
    [
      'data:\n  retention: 0 months\n',
      'data.retention: "0 months" is not a period of time (N days, weeks, months or years with N at least 1, e.g. 24 months) (line 16)',
    ],
    [
      'data:\n  retention: -3 months\n',
      'data.retention: "-3 months" is not a period of time (N days, weeks, months or years with N at least 1, e.g. 24 months) (line 16)',
    ],
    [
      'data:\n  comments: maybe\n',
      'data.comments: "maybe" is not a choice for survey comments (keep, drop) (line 16)',
    ],
    [
      'data:\n  comments: true\n',
      'data.comments: true is not a choice for survey comments (keep, drop) (line 16)',
    ],
    [
      'data:\n  keep: comments\n',
      'data.keep: is not a known key (known keys: comments, retention, personal) (line 16)',
    ],
    ['data: drop\n', 'data: "drop" is not a map of keys to values (line 15)'],
  ])('%j is refused: %s', (data, message) => {
    const r = check(data);
    expect(r.ok ? [] : r.errors.map(formatContractError)).toEqual([message]);
  });

  it('both mistakes at once are both reported, in the order of the file', () => {
    const r = check('data:\n  comments: maybe\n  retention: 2 fortnights\n');
    expect(r.ok ? [] : r.errors.map((e) => `${e.path}@${e.line}`)).toEqual([
      'data.comments@16',
      'data.retention@17',
    ]);
  });

  it('the canonical form holds the defaults, so leaving them out or writing them gives one digest', () => {
    const left = check('');
    const written = check('data:\n  comments: drop\n');
    if (!left.ok || !written.ok) throw new Error('invalid');
    expect(canonicalJson(left.contract)).toContain('"data":{"comments":"drop","retention":null}');
    expect(written.digest).toBe(left.digest);
    const kept = check('data: { comments: keep, retention: 24 months }\n');
    if (!kept.ok) throw new Error('invalid');
    expect(canonicalJson(kept.contract)).toContain(
      '"data":{"comments":"keep","retention":{"count":24,"unit":"month"}}',
    );
    expect(kept.digest).not.toBe(left.digest);
  });
});

describe('data.personal: more columns declared personal (issue 13.4)', () => {
  it('is sorted without repeats, and absent (same digest as before) when not used', () => {
    const left = check('');
    const empty = check('data: { personal: [] }\n');
    const declared = check('data: { personal: [member_code, loyalty_card, member_code] }\n');
    if (!left.ok || !empty.ok || !declared.ok) throw new Error('invalid');
    expect(left.contract.data).not.toHaveProperty('personal');
    expect(empty.digest).toBe(left.digest);
    expect(declared.contract.data.personal).toEqual(['loyalty_card', 'member_code']);
    expect(canonicalJson(declared.contract)).toContain(
      '"data":{"comments":"drop","personal":["loyalty_card","member_code"],"retention":null}',
    );
    expect(declared.digest).not.toBe(left.digest);
  });

  it('refuses a column of the normalised records and a name that is no field name', () => {
    const r = check('data: { personal: [queue, Loyalty Card] }\n');
    expect(r.ok ? [] : r.errors.map(formatContractError).join('\n')).toMatch(/data\.personal/);
    const q = check('data: { personal: [queue] }\n');
    expect(q.ok ? '' : q.errors.map(formatContractError).join('\n')).toContain(
      '"queue" is a column of the normalised records',
    );
  });
});

describe('explain says what is kept', () => {
  const lastLine = (data: string, lang: Lang) => {
    const r = check(data);
    if (!r.ok) throw new Error('invalid');
    return explainContract(r.contract, { lang }).split('\n').at(-1);
  };
  it.each([
    [
      '',
      'en',
      '  Personal data (AVG/GDPR): survey comments are dropped when the data is read in; records are kept without a time limit.',
    ],
    [
      'data: { comments: keep, retention: 24 months }\n',
      'en',
      '  Personal data (AVG/GDPR): survey comments are kept; records older than 24 months are purged.',
    ],
    [
      'data: { retention: 1 year }\n',
      'en',
      '  Personal data (AVG/GDPR): survey comments are dropped when the data is read in; records older than 1 year are purged.',
    ],
    [
      '',
      'nl',
      '  Persoonsgegevens (AVG): de vrije tekst van enquêtes wordt bij het inlezen verwijderd; gegevens worden zonder termijn bewaard.',
    ],
    [
      'data: { comments: keep, retention: 6 weeks }\n',
      'nl',
      '  Persoonsgegevens (AVG): de vrije tekst van enquêtes wordt bewaard; gegevens ouder dan 6 weken worden verwijderd.',
    ],
    [
      'data: { retention: 1 day }\n',
      'nl',
      '  Persoonsgegevens (AVG): de vrije tekst van enquêtes wordt bij het inlezen verwijderd; gegevens ouder dan 1 dag worden verwijderd.',
    ],
    [
      '',
      'de',
      '  Personenbezogene Daten (DSGVO): Freitext aus Umfragen wird beim Einlesen verworfen; Datensätze werden ohne Frist aufbewahrt.',
    ],
    [
      'data: { comments: keep, retention: 24 months }\n',
      'de',
      '  Personenbezogene Daten (DSGVO): Freitext aus Umfragen wird aufbewahrt; Datensätze, die älter als 24 Monate sind, werden gelöscht.',
    ],
    [
      'data: { retention: 1 year }\n',
      'de',
      '  Personenbezogene Daten (DSGVO): Freitext aus Umfragen wird beim Einlesen verworfen; Datensätze, die älter als 1 Jahr sind, werden gelöscht.',
    ],
  ])('%j in %s', (data, lang, line) => {
    expect(lastLine(data, lang as Lang)).toBe(line);
  });
});
