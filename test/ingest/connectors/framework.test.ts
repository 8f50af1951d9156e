import { describe, expect, it } from 'vitest';
import { joinPath, type MappedRow, relocateError } from '../../../src/ingest/connectors/connector.js';
import { itemLines, parseJsonFile } from '../../../src/ingest/connectors/json-file.js';

describe('connector JSON files', () => {
  it('knows the line each item of a top-level list starts on', () => {
    const text = [
      '{',
      '  "count": 2, "note": "a [ in a string, and \\" an escaped quote",',
      '  "tickets": [',
      '    {"id": 1, "tags": ["a", "b"]},',
      '    {',
      '      "id": 2',
      '    }',
      '  ],',
      '  "users": [ {"id": 9} ]',
      '}',
    ].join('\n');
    const lines = itemLines(text);
    expect(Object.fromEntries(lines)).toEqual({ 'tickets[0]': 4, 'tickets[1]': 5, 'users[0]': 9 });
    expect(Object.fromEntries(itemLines('[\n{"a":1},\n{"a":2}\n]'))).toEqual({ '[0]': 2, '[1]': 3 });
  });

  it('refuses text that is not JSON, a key written twice and excessive nesting, with the reason', () => {
    const bad = (text: string) => {
      const r = parseJsonFile({ name: 'x.json', text });
      return r.ok ? undefined : r.problem;
    };
    expect(bad('{"tickets": [')).toMatch(/^is not valid JSON/);
    expect(bad('{"a": 1, "a": 2}')).toContain('duplicate key "a"');
    expect(bad(`${'['.repeat(40)}${']'.repeat(40)}`)).toContain('nested more than');
    expect(bad('{"a": 1}')).toBeUndefined();
  });
});

describe('errors of mapped rows', () => {
  const rows: MappedRow[] = [
    {
      row: { type: 'contacts', id: '1' },
      origin: {
        file: 'p1.json',
        line: 7,
        path: 'tickets[3]',
        fields: { priority: 'priority', created_at: 'created_at' },
      },
    },
  ];

  it('are moved to the native file, line and JSON path of the row', () => {
    expect(relocateError(rows, { file: 'rows', line: 1, field: 'priority', message: 'bad' })).toEqual({
      file: 'p1.json',
      line: 7,
      field: 'tickets[3].priority',
      message: 'bad',
    });
    // A normalised field without a native one is named beside the record's path.
    expect(relocateError(rows, { file: 'rows', line: 1, field: 'channel', message: 'bad' }).field).toBe(
      'tickets[3] (channel)',
    );
    expect(relocateError(rows, { file: 'rows', line: 1, field: null, message: 'bad' }).field).toBe(
      'tickets[3]',
    );
  });

  it('join paths the way JSON paths are written', () => {
    expect(joinPath('tickets[3]', 'via.channel')).toBe('tickets[3].via.channel');
    expect(joinPath('tickets[3]', '[0]')).toBe('tickets[3][0]');
    expect(joinPath('', 'x')).toBe('x');
    expect(joinPath('', null)).toBeNull();
  });
});
