import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFiles } from '../support/cli.js';

const fixtures = join(import.meta.dirname, '../fixtures/hand-month');

describe('accord volume', () => {
  it('compares the stored forecast with the stored contacts and gives the band verdict', async () => {
    const dir = tempFiles({});
    const db = `sqlite:${join(dir, 'accord.db')}`;
    process.env.ACCORD_PSEUDONYM_KEY ??= 'test-key';
    const ingest = await runCli([
      'ingest',
      join(fixtures, 'contacts.csv'),
      join(fixtures, 'forecasts.csv'),
      '--db',
      db,
      '--json',
    ]);
    expect(ingest.code).toBe(0);
    const r = await runCli([
      'volume',
      '--period',
      '2026-10',
      '--db',
      db,
      '--contract',
      join(fixtures, 'contract.yaml'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.period).toBe('2026-10');
    expect(doc.tolerance).toBe(0.15);
    const chat = doc.groups.find((g: { channel: string }) => g.channel === 'chat');
    // The hand-computed month: 2 chats against a forecast of 1, outside the 15% band.
    expect(chat).toMatchObject({ forecast: 1, actual: 2, withinBand: false });
  });

  it('refuses a period that is not one (wrong input, exit 1)', async () => {
    const r = await runCli(['volume', '--period', '2026-13']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--period: "2026-13" is not a period');
  });
});
