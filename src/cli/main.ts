/**
 * The `accord` command. Each group of subcommands lives in its own module; the command line loads only the
 * module of the command it runs when it can tell which (LAZY), else the whole program (program.ts).
 * Exit codes (interfaces.md): 0 success, 1 wrong input, 2 usage error.
 */
import { type Command, CommanderError } from 'commander';
import { type ProblemDetail, ServiceError } from '../services/errors.js';
import { EXIT_INPUT, EXIT_OK, EXIT_USAGE, InputError, ReportedError, UsageError } from './errors.js';
import { type Io, processIo } from './output.js';
import { finishProgram, newProgram, usageHint } from './program-base.js';

type Register = (program: Command, io: Io) => void;

/**
 * Top-level commands that stand alone: `accord evaluate …` loads the evaluate command's modules and not the
 * server's, the reports' or the connectors' (about 20 MB and a few hundred ms less at every start).
 */
const LAZY: Readonly<Record<string, () => Promise<Register>>> = {
  evaluate: async () => (await import('./evaluate-command.js')).registerEvaluateCommand,
  ingest: async () => (await import('./ingest-command.js')).registerIngestCommand,
  report: async () => (await import('./report-command.js')).registerReportCommand,
  status: async () => (await import('./status-command.js')).registerStatusCommand,
  volume: async () => (await import('./volume-command.js')).registerVolumeCommand,
  staffing: async () => (await import('./staffing-command.js')).registerStaffingCommands,
  reconcile: async () => (await import('./reconcile-command.js')).registerReconcileCommand,
  serve: async () => (await import('./serve-command.js')).registerServeCommand,
  monitor: async () => (await import('./monitor-command.js')).registerMonitorCommand,
  sync: async () => (await import('./sync-command.js')).registerSyncCommand,
  backup: async () => (await import('./backup-command.js')).registerBackupCommand,
};

/** The program for a command line: its one command's module, or every command. */
async function programFor(argv: readonly string[], io: Io): Promise<Command> {
  const load = Object.hasOwn(LAZY, argv[0] ?? '') ? LAZY[argv[0]!] : undefined;
  if (load !== undefined) {
    const program = newProgram();
    (await load())(program, io);
    return finishProgram(program, io);
  }
  const { buildProgram } = await import('./program.js');
  return buildProgram(io, (args, sub) => main(args, sub));
}

/** `contract.yaml:45: metrics[3].threshold: "30 sec" is not a duration`, or `--period: … (line 3)`. */
function detailLine(d: ProblemDetail): string {
  const what = `${d.path === '' ? '' : `${d.path}: `}${d.message}`;
  if (d.file !== undefined) return `${d.file}${d.line ? `:${d.line}` : ''}: ${what}`;
  return `${what}${d.line ? ` (line ${d.line})` : ''}`;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = await programFor(argv, io);
  let action = program;
  program.hook('preAction', (_, command) => {
    action = command;
  });
  const json = argv.includes('--json') || argv.join(' ').includes('--format json');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') {
        return EXIT_OK;
      }
      // `accord` or `accord clock` alone: commander has printed the help; that is a usage error.
      if (e.exitCode === 0) return EXIT_OK;
      if (json)
        io.out(JSON.stringify({ error: { message: e.message.replace(/^error: /, ''), details: [] } }));
      return EXIT_USAGE;
    }
    if (e instanceof ReportedError) return e.exitCode;
    if (e instanceof InputError) {
      io.err([`accord: ${e.message}`, ...e.details.map((d) => `  ${d}`)].join('\n'));
      if (json) io.out(JSON.stringify({ error: { message: e.message, details: e.details } }));
      return EXIT_INPUT;
    }
    if (e instanceof ServiceError) {
      // A detail that only repeats the message (`--as-of: is not an ISO 8601 instant`) is left out.
      const details = e.details
        .filter((d) => d.line != null || d.file !== undefined || !e.message.includes(d.message))
        .map(detailLine);
      io.err([`accord: ${e.message}`, ...details.map((d) => `  ${d}`)].join('\n'));
      if (json) io.out(JSON.stringify({ error: { message: e.message, details } }));
      return EXIT_INPUT;
    }
    if (e instanceof UsageError) {
      io.err(`accord: ${e.message} ${usageHint(action)}`);
      // interfaces.md: with --json, exactly one JSON document on stdout, a usage error's too.
      if (json) io.out(JSON.stringify({ error: { message: e.message, details: [] } }));
      return EXIT_USAGE;
    }
    // A fault of Accord itself, not of the input: one line, the stack only when asked for.
    if (process.env.ACCORD_DEBUG === '1') throw e;
    const message = e instanceof Error ? e.message : String(e);
    io.err(`accord: unexpected error: ${message} (a fault of Accord; ACCORD_DEBUG=1 shows where)`);
    return EXIT_INPUT;
  }
}
