/**
 * Issue 13, proof 8 (docs/reliability.md, "Faults"), on the real `accord serve` binary of this test run:
 * SIGKILL during ingest on SQLite and PostgreSQL, PostgreSQL ending the server's sessions mid-ingest, and a
 * full disk under SQLite. The scenarios live in bench/reliability-faults.ts, which `npm run reliability --
 * faults` runs with its figures.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import {
  diskFull,
  dropPgConnections,
  dropPgSchema,
  killDuringIngest,
  mountTmpfs,
  pgSchemaUrl,
  unmount,
} from '../../bench/reliability-faults.js';
import { BIN, tempFiles } from '../support/cli.js';
import { DIALECTS, requireDialect } from '../support/stores.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres')!;

describe.each(DIALECTS)('SIGKILL of accord serve during ingest on $name', (d) => {
  it('keeps every acknowledged record, and the restarted server ingests', async (ctx) => {
    requireDialect(d, ctx);
    const schema = `accord_rel_${process.pid}_${randomBytes(4).toString('hex')}`;
    const db = d.name === 'sqlite' ? `sqlite:${join(tempFiles({}), 'accord.db')}` : pgSchemaUrl(schema);
    try {
      const f = await killDuringIngest(BIN, db, d.name, { loadMs: 1500 });
      expect(f.ackedBeforeKill).toBeGreaterThan(0);
      expect(f.ackedAfterRestart).toBe(4);
      expect(f.lost).toBe(0);
      expect(f.server500).toBe(0);
      if (d.name === 'sqlite') expect(f.integrity).toBe('ok');
    } finally {
      if (d.name === 'postgres') await dropPgSchema(schema);
    }
  }, 60_000);
});

describe('PostgreSQL ends the server’s sessions mid-ingest (pg_terminate_backend)', () => {
  it('answers 503 problem+json, stays up, a retry succeeds and nothing acknowledged is lost', async (ctx) => {
    requireDialect(postgres, ctx);
    const f = await dropPgConnections(BIN, { loadMs: 4000, rounds: 4 });
    expect(f.serverLog).toBe('');
    expect(f.serverAlive).toBe(true);
    expect(f.terminated).toBeGreaterThan(0);
    expect(f.acked).toBeGreaterThan(0);
    // Only 503s (never a 500, never a dropped connection), each a problem with a sentence.
    expect(Object.keys(f.refused).filter((s) => s !== '503')).toEqual([]);
    expect(f.clearErrors).toBe(true);
    expect(f.retrySucceeded).toBe(f.retried);
    expect(f.lost).toBe(0);
  }, 60_000);
});

describe('a full disk under SQLite (a tmpfs of 8 MiB)', () => {
  it('answers 507 problem+json, keeps the store consistent and the failed batch out in full', async (ctx) => {
    const dir = join(inject('testTemp'), `full-${randomBytes(4).toString('hex')}`);
    const refused = mountTmpfs(dir, '8m');
    if (refused !== undefined) ctx.skip(refused);
    try {
      const f = await diskFull(BIN, dir);
      expect(f.ackedBatches).toBeGreaterThan(0);
      expect(f.status).toBe(507);
      expect(f.problemType).toBe('application/problem+json urn:accord:problem:store_full');
      expect(f.detail).toContain('the store is full (disk full');
      expect(f.serverAlive).toBe(true);
      expect(f.integrity).toBe('ok');
      expect(f.lost).toBe(0);
      expect(f.failedBatchPresent).toBe(0);
      expect(f.cliExit).toBe(1);
      expect(f.cliMessage).toContain('disk is full');
    } finally {
      unmount(dir);
    }
  }, 60_000);
});
