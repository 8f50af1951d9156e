/** The contacts a batch touches, read back from its encoding for either database (the monitor's ingest hook). */
import { describe, expect, it } from 'vitest';
import { encodeRecords, touchedContacts } from '../../src/store/index.js';
import { contact, event, survey } from '../support/evaluation.js';

describe('touchedContacts', () => {
  it.each(['sqlite', 'postgres'] as const)(
    '%s: contact rows by id, status events by their contact, other kinds not',
    (dialect) => {
      const odd = 'T\t1\\x\n"é"';
      const batch = encodeRecords(dialect, [
        {
          kind: 'contacts',
          record: { ...contact(odd, { created: '2026-11-01T10:00:00Z' }), source: 'zen desk' },
        },
        { kind: 'status_events', record: event('C-2', 'open', '2026-11-01T10:05:00Z') },
        { kind: 'surveys', record: survey('C-3', 'csat', 5, '2026-11-01T11:00:00Z') },
        { kind: 'contacts', record: contact('C-4', { created: '2026-11-01T10:00:00Z' }) },
      ]);
      expect(touchedContacts(batch)).toEqual(
        expect.arrayContaining([
          { source: 'zen desk', id: odd },
          { source: 'default', id: 'C-2' },
          { source: 'default', id: 'C-4' },
        ]),
      );
      expect(touchedContacts(batch)).toHaveLength(3);
    },
  );
});
