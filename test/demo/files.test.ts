import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvRows } from '../../src/demo/csv-rows.js';
import { csvCell } from '../../src/demo/csv-writer.js';
import { InstantFormatter } from '../../src/demo/instant-format.js';
import { DEMO_FILE_NAMES, writeDemoFiles } from '../../src/demo/write-files.js';
import { RECORD_KINDS, type RecordKind } from '../../src/domain/records.js';
import { formatInstant } from '../../src/domain/time/instant.js';
import { readForecastFile } from '../../src/ingest/forecasts.js';
import { readRecordFile } from '../../src/ingest/read-records.js';
import { demoOptions, removeTempDirs, tempDir } from './collect.js';

afterAll(removeTempDirs);

const small = demoOptions({ contactsPerMonth: 3000 });
const read = (dir: string, kind: RecordKind) => readFileSync(join(dir, DEMO_FILE_NAMES[kind]));

describe('writeDemoFiles: determinism', () => {
  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    const a = tempDir();
    const b = tempDir();
    const c = tempDir();
    const ra = await writeDemoFiles(small, a);
    const rb = await writeDemoFiles(small, b);
    await writeDemoFiles({ ...small, seed: 43 }, c);
    expect(rb.counts).toEqual(ra.counts);
    for (const kind of RECORD_KINDS) expect(read(b, kind).equals(read(a, kind)), kind).toBe(true);
    for (const kind of ['contacts', 'status_events', 'surveys', 'forecasts'] as const) {
      expect(read(c, kind).equals(read(a, kind)), kind).toBe(false);
    }
    // Only the finished files are left behind.
    expect(readdirSync(a).sort()).toEqual(Object.values(DEMO_FILE_NAMES).sort());
  });

  it('keeps earlier months byte for byte when months are added', async () => {
    const two = tempDir();
    const three = tempDir();
    await writeDemoFiles({ ...small, months: 2 }, two);
    await writeDemoFiles(small, three);
    for (const kind of ['contacts', 'status_events', 'surveys', 'qa_evaluations', 'forecasts'] as const) {
      const shorter = read(two, kind);
      const longer = read(three, kind);
      expect(longer.length, kind).toBeGreaterThan(shorter.length);
      expect(longer.subarray(0, shorter.length).equals(shorter), kind).toBe(true);
    }
  });
});

describe('writeDemoFiles: the files read back', () => {
  it('reads every kind back through readRecordFile with zero errors and the same counts', async () => {
    const dir = tempDir();
    const result = await writeDemoFiles(small, dir);
    expect(result.files.map((f) => f.kind)).toEqual([...RECORD_KINDS]);
    const warnings: string[] = [];
    for (const file of result.files) {
      let records = 0;
      const errors: unknown[] = [];
      for await (const batch of readRecordFile({
        file: file.path,
        format: 'csv',
        kind: file.kind,
        context: { source: 'demo-import', pseudonymise: (v) => `h:${v}` },
        warn: (m) => warnings.push(m),
      })) {
        records += batch.records.length;
        errors.push(...batch.errors);
      }
      expect(errors, file.kind).toEqual([]);
      expect(records, file.kind).toBe(result.counts[file.kind]);
      expect(file.rows, file.kind).toBe(result.counts[file.kind]);
      expect(records, file.kind).toBeGreaterThan(0);
    }
    expect(warnings).toEqual([]);
  });

  it('keeps customer_tier as an attribute of contacts and the sources consistent across files', async () => {
    const dir = tempDir();
    await writeDemoFiles({ ...small, months: 1 }, dir);
    const tiers = new Set<string>();
    const sources = new Map<string, string>();
    const ctx = { source: 'demo-import', pseudonymise: (v: string) => v };
    for await (const batch of readRecordFile({
      file: join(dir, 'contacts.csv'),
      format: 'csv',
      kind: 'contacts',
      context: ctx,
    })) {
      for (const r of batch.records) {
        const c = r.record as import('../../src/domain/records.js').Contact;
        tiers.add(c.attributes.customer_tier ?? '');
        sources.set(c.id, c.source);
      }
    }
    expect([...tiers].sort()).toEqual(['premium', 'standard']);
    for await (const batch of readRecordFile({
      file: join(dir, 'status_events.csv'),
      format: 'csv',
      kind: 'status_events',
      context: ctx,
    })) {
      for (const r of batch.records) {
        const e = r.record as import('../../src/domain/records.js').StatusEvent;
        expect(sources.get(e.contactId)).toBe(e.source);
      }
    }
  });

  it('writes forecasts that the staffing command reads without errors', async () => {
    const dir = tempDir();
    await writeDemoFiles({ ...small, months: 1 }, dir);
    const parsed = await readForecastFile(join(dir, 'forecasts.csv'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.planErrors).toEqual([]);
    expect(parsed.records.length).toBeGreaterThan(1000);
  });
});

describe('CSV cells and instants', () => {
  it('quotes only when needed', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
  });

  it('formats instants exactly like formatInstant, across DST changes', () => {
    for (const zone of ['Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata', 'UTC']) {
      const fmt = new InstantFormatter(zone);
      const around = [Date.UTC(2026, 2, 29, 1, 0), Date.UTC(2026, 9, 25, 1, 0), Date.UTC(2026, 10, 1, 6, 0)];
      const samples: number[] = [];
      for (const t of around)
        for (let d = -3 * 3600_000; d <= 3 * 3600_000; d += 599_999) samples.push(t + d);
      for (let i = 0; i < 500; i++)
        samples.push(Date.UTC(2025, 0, 1) + ((i * 7_919_993_011) % (3 * 365 * 86_400_000)));
      samples.push(
        Date.UTC(2026, 2, 29, 1, 0),
        Date.UTC(2026, 2, 29, 1, 0) - 1,
        Date.UTC(1999, 11, 31, 23, 59, 59),
      );
      for (const ms of samples) expect(fmt.format(ms), `${zone} ${ms}`).toBe(formatInstant(ms, zone));
    }
  });

  it('writes attribute columns after the known ones, and an unknown attribute as an empty cell', () => {
    const rows = new CsvRows('UTC', { contacts: ['customer_tier', 'region'], qa_evaluations: [] });
    expect(rows.columns('contacts').slice(-3)).toEqual(['customer', 'customer_tier', 'region']);
    const line = rows.contacts({
      source: 's',
      id: 'T-1',
      channel: 'email',
      direction: 'inbound',
      language: 'nl',
      queue: null,
      segment: null,
      priority: null,
      category: null,
      createdAt: Date.UTC(2026, 9, 5, 8, 14, 2),
      answeredAt: null,
      abandonedAt: null,
      firstResponseAt: null,
      resolvedAt: null,
      firstResolvedAt: null,
      reopenCount: null,
      handleSeconds: null,
      firstTimeRight: null,
      agent: null,
      customer: 'Jansen, P.',
      attributes: { customer_tier: 'premium' },
    });
    expect(line).toBe('T-1,s,email,inbound,nl,,,,,2026-10-05T08:14:02+00:00,,,,,,,,,,"Jansen, P.",premium,');
  });
});
