/**
 * `accord serve [--port 8080] [--host 127.0.0.1] [--db URL] [--contract FILE] [--no-monitor]`: the HTTP API
 * (docs/api.md) on a port until SIGINT or SIGTERM, with the live monitor in-process (docs/monitor.md). On a store without users it prints a one-time set-up token with which
 * the first client-admin is created (POST /api/v1/setup); there is never a default password. Logs are JSON
 * lines (pino) on stderr, without secrets or personal data.
 */
import type { Command } from 'commander';
import pino from 'pino';
import { createApp } from '../api/app.js';
import { startServer } from '../api/server.js';
import { defaultWebDir } from '../api/web.js';
import { createWorkPool, type WorkPool } from '../api/worker-pool.js';
import { type LiveMonitor, startLiveMonitor } from '../monitor/live.js';
import { type ScheduledWork, startScheduledWork } from '../notify/scheduled-work.js';
import { importContract } from '../services/contracts.service.js';
import { ensureSetupToken, SETUP_TOKEN_MS } from '../services/setup.service.js';
import { parseStoreUrl, resolveStoreUrl, writerThreadByDefault } from '../store/index.js';
import { importSentence, operatorActor } from './contract-import-command.js';
import { InputError } from './errors.js';
import { readText } from './files.js';
import type { Io } from './output.js';
import { DB_OPTION_HELP, openCliStore } from './store-options.js';

interface ServeOptions {
  port: string;
  host: string;
  db?: string;
  contract?: string;
  trustProxy?: boolean;
  hsts?: boolean;
  /** False with --no-monitor. */
  monitor: boolean;
}

export interface ServeHooks {
  /** Stops the server (tests); SIGINT and SIGTERM always do. */
  readonly signal?: AbortSignal;
  /** Called with the URL once the port is open. */
  readonly onListening?: (url: string) => void;
  /** The clock (tests). */
  readonly now?: () => number;
}

/** `--port` of `serve` and `start`: a whole number up to 65535; anything else is wrong input (exit 1). */
export function portOf(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new InputError(`--port: "${text}" is not a port (0–65535)`);
  return n;
}

export function registerServeCommand(program: Command, io: Io, hooks: ServeHooks = {}): void {
  program
    .command('serve')
    .description('serve the HTTP API (docs/api.md) until stopped with Ctrl-C')
    .option('--port <port>', 'TCP port (0: any free port)', process.env.PORT ?? '8080')
    .option(
      '--host <address>',
      'address to listen on (0.0.0.0: every interface)',
      process.env.ACCORD_HOST ?? '127.0.0.1',
    )
    .option('--db <url>', DB_OPTION_HELP)
    .option(
      '--contract <file>',
      'import and activate this contract file at start (single-tenant quick start)',
    )
    .option(
      '--trust-proxy',
      'take the client address from X-Forwarded-For (only behind a proxy that sets it)',
    )
    .option(
      '--hsts',
      'send Strict-Transport-Security (only when clients reach the server over HTTPS, e.g. behind a TLS proxy)',
      process.env.ACCORD_HSTS === 'true',
    )
    .option(
      '--no-monitor',
      'do not run the live monitor in this process (run `npx accord monitor` elsewhere)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  npx accord serve\n  npx accord serve --port 9000 --db postgres://accord@db/accord --host 0.0.0.0\n  npx accord serve --contract examples/contract.yaml',
    )
    .action(async (opts: ServeOptions) => {
      const port = portOf(opts.port);
      const now = hooks.now ?? Date.now;
      const logger = pino(
        { level: process.env.ACCORD_LOG_LEVEL ?? 'info', base: { service: 'accord' } },
        pino.destination(2),
      );
      // SQLite record batches (API ingest) are written on a thread of their own where cores allow.
      const store = await openCliStore(opts.db, { writerThread: writerThreadByDefault() });
      let running: Awaited<ReturnType<typeof startServer>> | undefined;
      let pool: WorkPool | undefined;
      let live: LiveMonitor | undefined;
      let work: ScheduledWork | undefined;
      // SIGINT/SIGTERM are heard from here on, before anything is printed: a signal sent as soon as the
      // start-up output appears (a supervisor, a test) must stop the server cleanly, never kill it with its
      // log lines unwritten; one that comes while it starts stops it once started.
      let stopListening = () => {};
      const stopped = new Promise<void>((resolve) => {
        const stop = () => {
          stopListening();
          resolve();
        };
        stopListening = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          hooks.signal?.removeEventListener('abort', stop);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        hooks.signal?.addEventListener('abort', stop, { once: true });
        if (hooks.signal?.aborted) stop();
      });
      try {
        if (opts.contract !== undefined) {
          const text = readText(opts.contract);
          const r = await importContract(store, text, opts.contract, operatorActor(), now());
          io.err(`accord serve: ${importSentence(r)}`);
          for (const w of r.warnings) io.err(`accord serve: warning: ${w.message}`);
        }
        // Evaluations and staffing run in worker threads, each with its own connection to the same store.
        const storeUrl = resolveStoreUrl(opts.db);
        const location = parseStoreUrl(storeUrl);
        if (location.dialect === 'postgres' || location.path !== ':memory:')
          pool = createWorkPool({ storeUrl });
        // Scheduled reports (with an SMTP server) and overdue actions: one timer (docs/action-plans.md).
        work = startScheduledWork(store, now, logger);
        const app = createApp({
          store,
          now,
          logger,
          scheduler: work.scheduler,
          trustProxy: opts.trustProxy === true,
          hsts: opts.hsts === true,
          webDir: defaultWebDir(),
          ...(pool === undefined ? {} : { work: pool.run }),
        });
        // Started before the port opens: the set-up token is the last line, and the signal handlers come in
        // the same tick after it.
        if (opts.monitor)
          live = await startLiveMonitor(store, {
            now,
            // One line per alert is for whoever debugs the monitor: alerts are in the feed, the audit log and
            // the outbox, and at info they buried the start-up output (the dashboard's address, the set-up).
            log: (line) =>
              line.startsWith('alert ')
                ? logger.debug({ event: 'monitor' }, line)
                : logger.info({ event: 'monitor' }, line),
          });
        try {
          running = await startServer(app, { port, host: opts.host });
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          throw new InputError(
            code === 'EADDRINUSE'
              ? `port ${port} on ${opts.host} is in use: pass another --port`
              : `cannot listen on ${opts.host}:${port}: ${(e as Error).message}`,
          );
        }
        logger.info({ event: 'listening', url: running.url, store: store.description }, 'listening');
        io.err(`accord serve: listening on ${running.url} (store ${store.description})`);
        const setup = await ensureSetupToken(store, now());
        if (setup !== undefined) {
          const hours = SETUP_TOKEN_MS / 3_600_000;
          io.err(
            [
              `accord serve: no user exists yet. Create the first client-admin within ${hours} hours with this one-time set-up token:`,
              `  ${setup}`,
              `  in the browser: open ${running.url}/setup, paste the token, choose your e-mail address and password`,
              `  or: curl -X POST ${running.url}/api/v1/setup -H 'content-type: application/json' \\`,
              `    -d '{"token":"${setup}","organisation":"ACME B.V.","name":"Your Name","email":"you@example.com","password":"at least 12 characters"}'`,
            ].join('\n'),
          );
        }
        // Last, so that it is what a person reads when the start-up output stops.
        io.err(
          `accord serve: the dashboard is at ${running.url}/ — sign in with your e-mail address and password${setup === undefined ? '' : ' once set up'}`,
        );
        hooks.onListening?.(running.url);
        await stopped;
        logger.info({ event: 'stopping' }, 'stopping');
      } finally {
        stopListening();
        await live?.stop();
        // Running evaluations stop first (their requests answer 503), so no connection holds the close.
        await pool?.close();
        await work?.stop();
        await running?.close().catch(() => undefined);
        await store.close();
        logger.flush();
      }
    });
}
