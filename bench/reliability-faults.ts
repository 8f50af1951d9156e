/**
 * Proof 8 of issue 13 (docs/reliability.md, "Faults"): what the real `accord serve` does when the process is
 * killed, when PostgreSQL drops its connections, and when the disk is full. Each scenario returns its
 * figures; bench/reliability.ts prints them and test/reliability/faults.test.ts asserts them.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore, parseStoreUrl } from '../src/store/index.js';
import {
  type Answer,
  accord,
  contactsBatch,
  postBatch,
  type Served,
  startServe,
  stopServe,
} from './accord-serve.js';
import { dropPostgresSchema, postgresProblem } from './child.js';

export const PG_URL = process.env.ACCORD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
export const pgReachable = async (): Promise<boolean> => (await postgresProblem(PG_URL)) === undefined;
export const dropPgSchema = (schema: string): Promise<void> => dropPostgresSchema(PG_URL, schema);

export const BATCH = 500;

export function pgSchemaUrl(schema: string): string {
  return `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
}

/** How many of the acknowledged batches' records are not in the store (read directly, not through the API). */
export async function countLost(db: string, acked: readonly string[], size = BATCH): Promise<number> {
  const store = await openStore(db);
  try {
    const keys = new Set(await store.records.keys('contacts'));
    let lost = 0;
    for (const prefix of acked) for (let i = 0; i < size; i++) if (!keys.has(`${prefix}-${i}`)) lost++;
    return lost;
  } finally {
    await store.close();
  }
}

/** How many records of these batches are in the store. */
export async function countPresent(db: string, prefixes: readonly string[], size = BATCH): Promise<number> {
  const store = await openStore(db);
  try {
    const keys = new Set(await store.records.keys('contacts'));
    let present = 0;
    for (const prefix of prefixes) for (let i = 0; i < size; i++) if (keys.has(`${prefix}-${i}`)) present++;
    return present;
  } finally {
    await store.close();
  }
}

/** SQLite's own check of the file: `ok` when consistent. */
export function integrityCheck(db: string): string {
  const location = parseStoreUrl(db);
  if (location.dialect !== 'sqlite') return 'n/a';
  const sqlite = new Database(location.path);
  try {
    return String(sqlite.pragma('integrity_check', { simple: true }));
  } finally {
    sqlite.close();
  }
}

let batchNo = 0;
const nextPrefix = (run: string) => `${run}${randomBytes(3).toString('hex')}${(++batchNo).toString(36)}`;

interface Loop {
  readonly acked: string[];
  readonly answers: Answer[];
  /** Batches that were not acknowledged, for a retry. */
  readonly failed: string[];
}

/** `connections` workers posting batches back to back until `until()` says stop or the server is gone. */
async function closedLoop(s: Served, connections: number, until: () => boolean, run: string): Promise<Loop> {
  const loop: Loop = { acked: [], answers: [], failed: [] };
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (!until()) {
        const prefix = nextPrefix(run);
        const a = await postBatch(s, contactsBatch(prefix, BATCH));
        loop.answers.push(a);
        if (a.status === 200) loop.acked.push(prefix);
        else loop.failed.push(prefix);
        if (a.status === 0 && (s.child.exitCode !== null || s.child.signalCode !== null)) return;
      }
    }),
  );
  return loop;
}

export interface KillFigures {
  readonly store: string;
  /** Batches acknowledged before the kill, and records in them. */
  readonly ackedBeforeKill: number;
  /** Requests in flight when the server died (no answer). */
  readonly cutOff: number;
  readonly ackedAfterRestart: number;
  readonly lost: number;
  readonly integrity: string;
  readonly server500: number;
}

/** (a) SIGKILL under ingest load, restart on the same store, ingest again; every acknowledged record stored. */
export async function killDuringIngest(
  bin: string,
  db: string,
  store: string,
  options: { loadMs?: number; connections?: number } = {},
): Promise<KillFigures> {
  const loadMs = options.loadMs ?? 2000;
  const connections = options.connections ?? 4;
  let s = await startServe({ bin, db });
  const tenant = { token: s.token, partnerId: s.partnerId };
  let before: Loop;
  try {
    const timer = setTimeout(() => void stopServe(s, 'SIGKILL'), loadMs);
    before = await closedLoop(s, connections, () => false, 'k');
    clearTimeout(timer);
  } finally {
    await stopServe(s, 'SIGKILL');
  }
  s = await startServe({ bin, db }, tenant);
  let after: Loop;
  try {
    let n = 0;
    after = await closedLoop(s, 2, () => n++ >= 4, 'r');
  } finally {
    await stopServe(s);
  }
  const acked = [...before.acked, ...after.acked];
  return {
    store,
    ackedBeforeKill: before.acked.length,
    cutOff: before.answers.filter((a) => a.status === 0).length,
    ackedAfterRestart: after.acked.length,
    lost: await countLost(db, acked),
    integrity: integrityCheck(db),
    server500: [...before.answers, ...after.answers].filter((a) => a.status >= 500).length,
  };
}

export interface DropFigures {
  /** Sessions of the server that pg_terminate_backend ended. */
  readonly terminated: number;
  readonly requests: number;
  readonly acked: number;
  /** Answers by status other than 200, e.g. `{ "503": 3 }`. */
  readonly refused: Readonly<Record<string, number>>;
  /** Whether every refusal was problem+json with a message. */
  readonly clearErrors: boolean;
  /** One refusal's detail, as an example. */
  readonly example: string;
  readonly serverAlive: boolean;
  readonly retried: number;
  readonly retrySucceeded: number;
  readonly lost: number;
  /** The end of the server's stderr when it did not survive. */
  readonly serverLog: string;
}

/**
 * (b) PostgreSQL ends the server's sessions mid-ingest (`pg_terminate_backend` on the sessions whose
 * application_name is this run's own, set through PGAPPNAME; no other session is touched, PostgreSQL is
 * never restarted). Every refused batch is sent again afterwards.
 */
export async function dropPgConnections(
  bin: string,
  options: { loadMs?: number; rounds?: number } = {},
): Promise<DropFigures> {
  const loadMs = options.loadMs ?? 6000;
  const rounds = options.rounds ?? 6;
  const schema = `accord_rel_${process.pid}_${randomBytes(4).toString('hex')}`;
  const db = pgSchemaUrl(schema);
  const app = `accord-reliability-${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    const s = await startServe({ bin, db, env: { PGAPPNAME: app } });
    let terminated = 0;
    let loop: Loop;
    const retry: Answer[] = [];
    let ackedDuringLoad = 0;
    let serverAlive: boolean;
    let stderr = '';
    try {
      const end = Date.now() + loadMs;
      const killer = (async () => {
        for (let r = 0; r < rounds; r++) {
          await new Promise((res) => setTimeout(res, loadMs / (rounds + 1)));
          // The busy sessions first (a batch is being written); when none is, every session of the run.
          const res = await admin.query<{ ok: boolean }>(
            `select pg_terminate_backend(pid) as ok from pg_stat_activity
              where application_name = $1 and pid <> pg_backend_pid()
                and (state <> 'idle' or not exists (
                  select 1 from pg_stat_activity where application_name = $1 and state <> 'idle'))`,
            [app],
          );
          terminated += res.rows.filter((x) => x.ok).length;
        }
      })();
      loop = await closedLoop(s, 4, () => Date.now() >= end, 'd');
      await killer;
      serverAlive = s.child.exitCode === null && s.child.signalCode === null;
      const health = await fetch(`${s.base}/healthz`).catch(() => undefined);
      serverAlive &&= health?.ok === true;
      ackedDuringLoad = loop.acked.length;
      for (const prefix of loop.failed) {
        const a = await postBatch(s, contactsBatch(prefix, BATCH));
        retry.push(a);
        if (a.status === 200) loop.acked.push(prefix);
      }
    } finally {
      stderr = s.stderr();
      await stopServe(s);
    }
    const failures = loop.answers.filter((a) => a.status !== 200);
    const refused: Record<string, number> = {};
    for (const a of failures) refused[String(a.status)] = (refused[String(a.status)] ?? 0) + 1;
    const detail = (a: Answer) =>
      a.contentType.startsWith('application/problem+json')
        ? (JSON.parse(a.text) as { detail?: string }).detail
        : undefined;
    return {
      terminated,
      requests: loop.answers.length,
      acked: ackedDuringLoad,
      refused,
      clearErrors: failures.every((a) => typeof detail(a) === 'string'),
      example: failures.map((a) => detail(a) ?? `${a.status}: ${a.text}`)[0] ?? '',
      serverAlive,
      retried: retry.length,
      retrySucceeded: retry.filter((a) => a.status === 200).length,
      lost: await countLost(db, loop.acked),
      serverLog: serverAlive ? '' : stderr.slice(-2000),
    };
  } finally {
    await admin.end();
    await dropPgSchema(schema);
  }
}

export interface FullFigures {
  readonly how: string;
  readonly ackedBatches: number;
  readonly status: number;
  readonly problemType: string;
  readonly detail: string;
  readonly serverAlive: boolean;
  readonly integrity: string;
  readonly lost: number;
  /** Records of the refused batch found in the store (0: it is absent in full). */
  readonly failedBatchPresent: number;
  /** `accord ingest` of a file into the full store: exit code and its message. */
  readonly cliExit: number;
  readonly cliMessage: string;
}

/** Mounts a tmpfs of `size` at `dir`, or says why not (not root, no mount). */
export function mountTmpfs(dir: string, size: string): string | undefined {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (e) {
    return `mount -t tmpfs is not permitted here: ${(e as Error).message.split('\n')[0]}`;
  }
}

export function unmount(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'pipe' });
  rmSync(dir, { recursive: true, force: true });
}

/**
 * (c) SQLite on a tmpfs of 8 MiB (the migrated, empty store takes about 2 MiB with 16 KiB pages): batches
 * until the disk is full, then the answer, the store's consistency, and `accord ingest` on the same store.
 */
export async function diskFull(bin: string, dir: string): Promise<FullFigures> {
  const db = `sqlite:${join(dir, 'accord.db')}`;
  const s = await startServe({ bin, db });
  const acked: string[] = [];
  let refusal: Answer | undefined;
  let failedPrefix = '';
  let serverAlive: boolean;
  try {
    for (let i = 0; i < 200 && refusal === undefined; i++) {
      const prefix = nextPrefix('f');
      const a = await postBatch(s, contactsBatch(prefix, BATCH));
      if (a.status === 200) acked.push(prefix);
      else {
        refusal = a;
        failedPrefix = prefix;
      }
    }
    const health = await fetch(`${s.base}/healthz`).catch(() => undefined);
    serverAlive = s.child.exitCode === null && health?.ok === true;
  } finally {
    await stopServe(s);
  }
  if (refusal === undefined) throw new Error('the disk never filled up');
  const body = JSON.parse(refusal.text) as { type?: string; detail?: string };
  const file = join(dir, '..', `contacts-${process.pid}.ndjson`);
  const lines = JSON.parse(contactsBatch(nextPrefix('c'), 5000)) as unknown[];
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  let cli: ReturnType<typeof accord>;
  try {
    cli = accord({ bin, db }, ['ingest', file, '--kind', 'contacts', '--db', db]);
  } finally {
    rmSync(file, { force: true });
  }
  return {
    how: 'tmpfs of 8 MiB',
    ackedBatches: acked.length,
    status: refusal.status,
    problemType: `${refusal.contentType.split(';')[0]} ${body.type ?? ''}`,
    detail: body.detail ?? refusal.text,
    serverAlive,
    integrity: integrityCheck(db),
    lost: await countLost(db, acked),
    failedBatchPresent: await countPresent(db, [failedPrefix]),
    cliExit: cli.code,
    cliMessage: cli.stderr.trim().split('\n')[0] ?? '',
  };
}
