/**
 * `accord report --db` on SQLite and PostgreSQL: the contract imported (keeping survey comments), the
 * hand-checked month's contacts and surveys ingested, and the report read from the store as `accord evaluate
 * --db` reads it — the same input digest, and the period's comments of the partner's sources.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFiles } from '../support/cli.js';
import { DIALECTS, freshLocation, requireDialect } from '../support/stores.js';

const DIR = join(import.meta.dirname, '../fixtures/hand-month');
const AS_OF = '2026-11-28T09:00:00+01:00';

describe.each(DIALECTS)('accord report --db on $name', (d) => {
  it('reports from the store with the comments it kept', async (ctx) => {
    requireDialect(d, ctx);
    const location = await freshLocation(d.name);
    try {
      const text = `${readFileSync(join(DIR, 'contract.yaml'), 'utf8')}\ndata:\n  comments: keep\n`;
      const dir = tempFiles({ 'contract.yaml': text });
      const contract = join(dir, 'contract.yaml');
      const db = ['--db', location.url];
      const imported = await runCli(['contract', 'import', contract, ...db, '--json']);
      expect(imported.code, imported.stderr).toBe(0);
      for (const kind of ['contacts', 'surveys']) {
        const r = await runCli(['ingest', join(DIR, `${kind}.csv`), ...db, '--json']);
        expect([0, 3], r.stderr).toContain(r.code);
      }
      const out = join(dir, 'r.html');
      const period = ['--contract', contract, '--period', '2026-10', '--as-of', AS_OF, ...db];
      const r = await runCli(['report', ...period, '--format', 'html', '--out', out, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const evaluated = await runCli(['evaluate', ...period, '--json']);
      expect(evaluated.code, evaluated.stderr).toBe(0);
      expect(JSON.parse(r.stdout).inputDigest).toBe(JSON.parse(evaluated.stdout).inputDigest);
      const html = readFileSync(out, 'utf8');
      // The six comments answered in October (test/reports/formats.test.ts lists them), latest first.
      const comments = [...html.matchAll(/<td class="comment">([^<]*)<\/td>/g)].map((m) => m[1]);
      expect(comments).toEqual([
        'changed their mind',
        'first answer',
        'answered again',
        'first answer',
        'contact from September',
        'quick and friendly',
      ]);
    } finally {
      await location.drop();
    }
  }, 60_000);
});
