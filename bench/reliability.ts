/**
 * The reliability proofs of issue 13 (docs/reliability.md) against the real binary, `bin/accord.js` over
 * dist/ (run `npm run build` first), each printing its figures as the Markdown of its section:
 *
 *   npm run reliability -- load [--minutes 10] [--rate 2000] [--store sqlite|postgres]
 *   npm run reliability -- faults
 *   npm run reliability -- backup
 *
 * Loopback only; PostgreSQL from ACCORD_TEST_PG (default postgres://postgres@127.0.0.1:5432/test), in
 * schemas of its own that are dropped afterwards. Progress on stderr, the Markdown on stdout.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fmtInt, fmtNum, table } from './harness.js';
import {
  type BackupFigures,
  pgDumpRestore,
  pgToolsPresent,
  sqliteBackupRestore,
} from './reliability-backup.js';
import {
  diskFull,
  dropPgConnections,
  dropPgSchema,
  type KillFigures,
  killDuringIngest,
  mountTmpfs,
  pgReachable,
  pgSchemaUrl,
  unmount,
} from './reliability-faults.js';
import { holdIngest } from './reliability-load.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/accord.js');
const log = (m: string) => process.stderr.write(`${m}\n`);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
const machine = () => `${cpus().length} cores, load average ${load()} (1 / 5 / 15 min)`;

async function loadProof(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      minutes: { type: 'string', default: '10' },
      rate: { type: 'string', default: '2000' },
      batch: { type: 'string', default: '500' },
      store: { type: 'string', default: 'sqlite' },
    },
  });
  const minutes = Number(values.minutes);
  if (!(minutes > 0 && minutes <= 60)) throw new Error('--minutes: between 0 and 60');
  const dir = mkdtempSync(join(tmpdir(), 'accord-load-'));
  const schema = `accord_load_${process.pid}`;
  const db = values.store === 'postgres' ? pgSchemaUrl(schema) : `sqlite:${join(dir, 'accord.db')}`;
  const before = machine();
  try {
    const f = await holdIngest({
      bin: BIN,
      db,
      minutes,
      rate: Number(values.rate),
      batch: Number(values.batch),
      maxInFlight: 16,
      sampleSeconds: 5,
      log,
    });
    const mib = (x: number) => `${fmtNum(x)} MiB`;
    const atMinute = f.rss.samples[Math.min(f.rss.samples.length - 1, 12)]!;
    return [
      `Run of ${new Date().toISOString().slice(0, 16)}Z: ${values.store === 'postgres' ? 'PostgreSQL' : 'SQLite'}, ` +
        `${fmtNum(minutes)} min at ${fmtInt(f.offeredRate)} records/s offered (JSON batches of ${values.batch}). ` +
        `Machine before: ${before}; after: ${machine()}.`,
      '',
      table(
        ['figure', 'value'],
        [
          ['requests', fmtInt(f.requests)],
          ['acknowledged records (200)', fmtInt(f.ackedRecords)],
          [
            'acknowledged records missing from the store',
            f.lost === 0 ? '**0**' : `**${fmtInt(f.lost)} (FAIL)**`,
          ],
          ['refused requests by status', JSON.stringify(f.failures)],
          ['requests sent late (16 in flight)', fmtInt(f.late)],
          ['latency p50 / p99 / max (ms)', `${fmtNum(f.p50)} / ${fmtNum(f.p99)} / ${fmtNum(f.max)}`],
          [
            'server RSS: at start / after 1 min / last / max',
            `${mib(f.rss.first)} / ${mib(atMinute)} / ${mib(f.rss.last)} / ${mib(f.rss.max)}`,
          ],
          [
            'server RSS max: first half / second half of the run',
            `${mib(Math.max(...f.rss.samples.slice(0, f.rss.samples.length >> 1)))} / ${mib(Math.max(...f.rss.samples.slice(f.rss.samples.length >> 1)))}`,
          ],
          ['RSS samples (every 5 s)', fmtInt(f.rss.samples.length)],
        ],
      ),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (values.store === 'postgres') await dropPgSchema(schema);
  }
}

async function faultsProof(): Promise<string> {
  const pgUp = await pgReachable();
  const dir = mkdtempSync(join(tmpdir(), 'accord-faults-'));
  const out: string[] = [`Run of ${new Date().toISOString().slice(0, 16)}Z; ${machine()}.`, ''];
  try {
    log('faults: SIGKILL during ingest …');
    const kills: KillFigures[] = [
      await killDuringIngest(BIN, `sqlite:${join(dir, 'kill.db')}`, 'SQLite', { loadMs: 3000 }),
    ];
    if (pgUp) {
      const schema = `accord_kill_${process.pid}`;
      try {
        kills.push(await killDuringIngest(BIN, pgSchemaUrl(schema), 'PostgreSQL', { loadMs: 3000 }));
      } finally {
        await dropPgSchema(schema);
      }
    }
    out.push(
      '**(a) SIGKILL during ingest** (4 connections, killed after 3 s, restarted on the same store, 4 more batches):',
      '',
      table(
        [
          'store',
          'batches acknowledged before the kill',
          'requests without an answer (refused or reset)',
          'after restart',
          'acknowledged records lost',
          'integrity_check',
          '5xx',
        ],
        kills.map((k) => [
          k.store,
          fmtInt(k.ackedBeforeKill),
          fmtInt(k.cutOff),
          fmtInt(k.ackedAfterRestart),
          String(k.lost),
          k.integrity,
          String(k.server500),
        ]),
      ),
      '',
    );
    if (pgUp) {
      log('faults: pg_terminate_backend mid-ingest …');
      const d = await dropPgConnections(BIN, { loadMs: 10_000, rounds: 8 });
      out.push(
        "**(b) PostgreSQL ends the server's sessions** (`pg_terminate_backend` on the sessions with this run's " +
          '`application_name`, 8 times in 10 s of ingest over 4 connections):',
        '',
        table(
          ['figure', 'value'],
          [
            ['sessions terminated', fmtInt(d.terminated)],
            ['requests / acknowledged', `${fmtInt(d.requests)} / ${fmtInt(d.acked)}`],
            ['refused by status', JSON.stringify(d.refused)],
            ['every refusal problem+json with a detail', String(d.clearErrors)],
            ['example detail', `\`${d.example}\``],
            ['server up afterwards (/healthz)', String(d.serverAlive)],
            ['refused batches retried / succeeded', `${d.retried} / ${d.retrySucceeded}`],
            ['acknowledged records lost', String(d.lost)],
          ],
        ),
        '',
      );
    } else out.push('(b) skipped: PostgreSQL not reachable.', '');
    log('faults: full disk …');
    const mnt = join(dir, 'tmpfs');
    const refused = mountTmpfs(mnt, '8m');
    if (refused === undefined) {
      try {
        const f = await diskFull(BIN, mnt);
        out.push(
          `**(c) A full disk** (SQLite on a ${f.how}, batches of 500 until it fills):`,
          '',
          table(
            ['figure', 'value'],
            [
              ['batches acknowledged before', fmtInt(f.ackedBatches)],
              ['answer', `${f.status} ${f.problemType}`],
              ['detail', `\`${f.detail.replace(/sqlite:\S+/, 'sqlite:…/accord.db')}\``],
              ['server up afterwards', String(f.serverAlive)],
              ['integrity_check', f.integrity],
              ['acknowledged records lost', String(f.lost)],
              ['records of the refused batch in the store', String(f.failedBatchPresent)],
              [
                '`accord ingest` of 5,000 contacts into it',
                `exit ${f.cliExit}: \`${f.cliMessage.replace(/sqlite:\S+/, 'sqlite:…/accord.db')}\``,
              ],
            ],
          ),
        );
      } finally {
        unmount(mnt);
      }
    } else out.push(`(c) skipped: ${refused}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out.join('\n');
}

async function backupProof(): Promise<string> {
  const rows: BackupFigures[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'accord-backup-'));
  try {
    log('backup: SQLite …');
    rows.push(await sqliteBackupRestore(BIN, mkdtempSync(join(dir, 's-'))));
    if ((await pgReachable()) && pgToolsPresent()) {
      log('backup: PostgreSQL …');
      rows.push(await pgDumpRestore(BIN, mkdtempSync(join(dir, 'p-'))));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    `Run of ${new Date().toISOString().slice(0, 16)}Z; ${machine()}.`,
    '',
    table(
      [
        'store',
        'method',
        'demo contacts',
        'backup size',
        'backup / restore (ms)',
        'batches ingested during the backup',
        'evaluation JSON sha256 before → after',
        'byte-identical',
      ],
      rows.map((r) => [
        r.store,
        r.method,
        fmtInt(r.contacts),
        `${fmtInt(r.backupBytes / 1024)} KiB`,
        `${fmtInt(r.backupMs)} / ${fmtInt(r.restoreMs)}`,
        r.store === 'SQLite' ? fmtInt(r.ingestedDuring) : '–',
        `${r.digestBefore} → ${r.digestAfter}`,
        r.identical ? '**yes**' : '**NO (FAIL)**',
      ]),
    ),
  ].join('\n');
}

const [proof, ...rest] = process.argv.slice(2);
if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
  log('dist/ is missing: run `npm run build` first');
  process.exit(2);
}
const proofs: Record<string, () => Promise<string>> = {
  load: () => loadProof(rest),
  faults: faultsProof,
  backup: backupProof,
};
const chosen = proof === undefined ? undefined : proofs[proof];
if (chosen === undefined) {
  log(
    'usage: npm run reliability -- load [--minutes 10] [--rate 2000] [--store sqlite|postgres] | faults | backup',
  );
  process.exit(2);
}
process.stdout.write(`${await chosen()}\n`);
