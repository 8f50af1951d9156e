/**
 * `accord sync SYSTEM` (issue 18, pull mode): brings what changed in a system's API since the last run into
 * the store, through the system's connector and the one ingest pipeline. Credentials from the environment
 * (docs/connectors.md, Pull mode). Exit codes: 0 every record stored, 3 some rejected and the rest stored,
 * 1 the system could not be reached or refused (what was stored before stays, and the next run goes on
 * from the last stored page), 2 usage.
 */
import type { Command } from 'commander';
import { mapConnectorFiles } from '../ingest/connectors/read-files.js';
import { loadPseudonymKey, Pseudonymiser, PseudonymKeyError } from '../ingest/pseudonym.js';
import { DEFAULT_RETRY, realPullDeps } from '../ingest/pull/http.js';
import { formatRecordError } from '../ingest/read-records.js';
import { ingest } from '../services/ingest.service.js';
import { commentPolicy, personalPolicy } from '../services/privacy.service.js';
import {
  DEFAULT_MAX_PAGES,
  isPullSystem,
  PULL_SYSTEMS,
  SyncFailedError,
  type SyncSummary,
  sync,
} from '../services/sync.service.js';
import { InputError, ReportedError, UsageError } from './errors.js';
import { type Io, printJson } from './output.js';
import { cliActor, DB_OPTION_HELP, withStore } from './store-options.js';

interface SyncOptions {
  source?: string;
  since?: string;
  maxPages?: string;
  attempts?: string;
  restart?: boolean;
  status?: boolean;
  db?: string;
  json?: boolean;
}

const DAY = 86_400_000;
/** Where a first sync starts without --since: the last 30 days. */
const DEFAULT_SINCE_DAYS = 30;

function sinceOption(value: string | undefined, now: number): number {
  if (value === undefined) return now - DEFAULT_SINCE_DAYS * DAY;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw new UsageError(
      `--since: "${value}" is not a date or an ISO instant (2026-11-01, 2026-11-01T08:00:00Z)`,
    );
  if (ms > now) throw new InputError(`--since: ${value} is in the future`);
  return ms;
}

function maxPagesOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_PAGES;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1_000_000)
    throw new UsageError(`--max-pages: "${value}" is not a whole number from 1 to 1000000`);
  return Number(value);
}

function attemptsOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_RETRY.attempts;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 20)
    throw new UsageError(`--attempts: "${value}" is not a whole number from 1 to 20`);
  return Number(value);
}

function printSummary(io: Io, s: SyncSummary, json: boolean): void {
  if (json) {
    printJson(io, s);
    return;
  }
  for (const e of s.endpoints) {
    io.out(
      `${s.system} ${e.endpoint}: ${e.pages} pages, ${e.read} records: ${e.inserted} inserted, ` +
        `${e.updated} updated, ${e.unchanged} unchanged, ${e.rejected} rejected` +
        (e.caughtUp ? '' : ' (stopped at --max-pages; run again to go on)'),
    );
  }
  if (s.errors.length > 0) io.err(s.errors.slice(0, 20).map(formatRecordError).join('\n'));
  const more = s.errors.length + s.errorsOmitted - 20;
  if (more > 0) io.err(`… and ${more} more errors (--json lists them)`);
}

export function registerSyncCommand(program: Command, io: Io, now: () => number = Date.now): void {
  program
    .command('sync')
    .description(
      `pull what changed in a system's API into the store (${PULL_SYSTEMS.join(', ')}); credentials from the environment (docs/connectors.md)`,
    )
    .argument('<system>', PULL_SYSTEMS.join(' | '))
    .option('--source <name>', "the source the records are stored under (default: the system's name)")
    .option('--since <date>', `where a first sync starts (default: ${DEFAULT_SINCE_DAYS} days ago)`)
    .option('--max-pages <n>', `pages per endpoint in this run (default ${DEFAULT_MAX_PAGES})`)
    .option('--attempts <n>', `tries per request before the sync stops (default ${DEFAULT_RETRY.attempts})`)
    .option('--restart', 'forget where earlier runs stopped and start again from --since')
    .option('--status', 'print where each endpoint stands and pull nothing')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print the summary as one JSON document')
    .action(async (system: string, opts: SyncOptions) => {
      if (!isPullSystem(system))
        throw new UsageError(`"${system}" is not a system to pull from (${PULL_SYSTEMS.join(', ')})`);
      const source = opts.source ?? system;
      if (source.trim() === '') throw new InputError('--source: name is empty');
      const since = sinceOption(opts.since, now());
      const maxPages = maxPagesOption(opts.maxPages);
      const attempts = attemptsOption(opts.attempts);
      const exitCode = await withStore(opts.db, async (store) => {
        if (opts.status === true) {
          const cursors = await store.sync.cursors(system, source);
          if (opts.json === true) printJson(io, { system, source, endpoints: cursors });
          else if (cursors.length === 0) io.out(`${system} (${source}): never synced`);
          else
            for (const c of cursors)
              io.out(
                `${system} ${c.endpoint}: ${c.pages} pages, ${c.records} records, last ${new Date(c.updatedAt).toISOString()}`,
              );
          return 0;
        }
        if (opts.restart === true) await store.sync.reset(system, source);
        const warn = (message: string) => io.err(`accord: ${message}`);
        let pseudonymiser: Pseudonymiser | undefined;
        const loader = () =>
          (pseudonymiser ??= new Pseudonymiser(loadPseudonymKey({ create: true, warn }).key));
        const keepComments = await commentPolicy(store, now());
        const personal = await personalPolicy(store, now());
        let summary: SyncSummary;
        try {
          summary = await sync({
            store,
            system,
            source,
            since,
            maxPages,
            env: process.env,
            retry: { ...DEFAULT_RETRY, attempts },
            deps: {
              ...realPullDeps,
              onRetry: (what, ms) => warn(`${what}; again in ${Math.ceil(ms / 1000)} s`),
            },
            ingestPage: async (files) =>
              (
                await ingest(
                  [
                    {
                      name: files.map((f) => f.name).join(' '),
                      mapped: mapConnectorFiles(system, { files, errors: [] }),
                    },
                  ],
                  {
                    store,
                    pseudonymiser: loader,
                    sources: { defaultSource: source },
                    keepComments,
                    personal,
                    strict: false,
                    warn,
                    audit: { actor: cliActor(), subject: `sync ${system}`, details: { system, source } },
                  },
                )
              ).summary,
          });
        } catch (e) {
          if (e instanceof PseudonymKeyError) throw new InputError(e.message);
          if (e instanceof SyncFailedError) {
            // With --json the error is the one document (main.ts); `--status` tells where the sync stands.
            if (opts.json !== true) printSummary(io, e.summary, false);
            throw new InputError(`${e.message} (what was stored stays; the next run goes on from there)`);
          }
          throw e;
        }
        printSummary(io, summary, opts.json === true);
        const rejected = summary.endpoints.reduce((n, e) => n + e.rejected, 0);
        const stored = summary.endpoints.reduce((n, e) => n + e.inserted + e.updated + e.unchanged, 0);
        if (rejected === 0) return 0;
        return stored > 0 ? 3 : 1;
      });
      if (exitCode !== 0) throw new ReportedError(exitCode);
    });
}
