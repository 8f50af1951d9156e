/**
 * The `accord` command. Each group of subcommands lives in its own module and registers itself here.
 * Exit codes (interfaces.md): 0 success, 1 wrong input, 2 usage error.
 */
import { Command, CommanderError } from 'commander';
import { type ProblemDetail, ServiceError } from '../services/errors.js';
import { registerActionPlanCommands } from './action-plan-commands.js';
import { registerAlertsCommands } from './alerts-command.js';
import { registerBackupCommand } from './backup-command.js';
import { registerClockCommands } from './clock-command.js';
import { registerClosingCommands } from './closing-commands.js';
import { registerContractCommands } from './contract-command.js';
import { registerContractImportCommand } from './contract-import-command.js';
import { registerDemoCommands } from './demo-command.js';
import { EXIT_INPUT, EXIT_OK, EXIT_USAGE, InputError, ReportedError, UsageError } from './errors.js';
import { registerEvaluateCommand } from './evaluate-command.js';
import { registerIngestCommand } from './ingest-command.js';
import { registerMonitorCommand } from './monitor-command.js';
import { type Io, processIo } from './output.js';
import { registerPrivacyCommands } from './privacy-command.js';
import { registerAlertDeliveryCommands } from './recipients-command.js';
import { registerReconcileCommand } from './reconcile-command.js';
import { registerReportCommand } from './report-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerStaffingCommands } from './staffing-command.js';
import { registerStartCommand } from './start-command.js';
import { registerStatusCommand } from './status-command.js';
import { setForceOpen } from './store-options.js';
import { registerSyncCommand } from './sync-command.js';
import { registerTokenCommands } from './token-command.js';
import { registerVolumeCommand } from './volume-command.js';
import { registerWhatIfCommand } from './what-if-command.js';

/** `accord evaluate`, `accord clock deadline`: how a user types the command. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Where to read the usage, appended to every usage error (interfaces.md: run as `npx accord …`). */
function usageHint(cmd: Command): string {
  return `(npx ${commandPath(cmd)} --help shows the usage)`;
}

/**
 * What the parser finds wrong (a required option or argument missing, an unknown option, a value outside
 * its choices) as one line: `accord evaluate: required option '--contract <file...>' not specified (…)`.
 */
function configureErrors(cmd: Command, io: Io): void {
  cmd.configureOutput({
    writeOut: (s) => io.out(s),
    writeErr: (s) => io.err(s),
    outputError: (message) =>
      io.err(`${commandPath(cmd)}: ${message.trim().replace(/^error: /, '')} ${usageHint(cmd)}`),
  });
  cmd.exitOverride();
}

export function buildProgram(io: Io): Command {
  const program = new Command('accord')
    .description('Accord: write down, measure and enforce customer-service SLAs')
    .version('0.1.0');
  registerClockCommands(program, io);
  registerContractCommands(program, io);
  registerContractImportCommand(program.commands.find((c) => c.name() === 'contract')!, io);
  registerWhatIfCommand(program.commands.find((c) => c.name() === 'contract')!, io);
  registerDemoCommands(program, io, Date.now, (argv, sub) => main(argv, sub));
  registerEvaluateCommand(program, io);
  registerReportCommand(program, io);
  registerStaffingCommands(program, io);
  registerIngestCommand(program, io);
  registerReconcileCommand(program, io);
  registerStatusCommand(program, io);
  registerBackupCommand(program, io);
  registerPrivacyCommands(program, io);
  registerVolumeCommand(program, io);
  registerStartCommand(program, io, (argv, sub) => main(argv, sub));
  registerServeCommand(program, io);
  registerMonitorCommand(program, io);
  registerAlertsCommands(program, io);
  registerClosingCommands(program, io);
  registerTokenCommands(program, io);
  registerActionPlanCommands(program, io);
  registerAlertDeliveryCommands(program, io);
  registerSyncCommand(program, io);
  // Every command shares the output and exit behaviour.
  const propagate = (cmd: Command) => {
    configureErrors(cmd, io);
    for (const sub of cmd.commands) propagate(sub);
  };
  propagate(program);
  // Every command that opens a store (it has --db) may open a database with tables Accord did not create.
  const withForce = (cmd: Command) => {
    for (const sub of cmd.commands) {
      if (sub.options.some((o) => o.long === '--db'))
        sub.option(
          '--force',
          "open a database that holds tables Accord did not create, and add Accord's tables",
        );
      withForce(sub);
    }
  };
  withForce(program);
  program.hook('preAction', (_, action) => setForceOpen(action.opts().force === true));
  return program;
}

/** `contract.yaml:45: metrics[3].threshold: "30 sec" is not a duration`, or `--period: … (line 3)`. */
function detailLine(d: ProblemDetail): string {
  const what = `${d.path === '' ? '' : `${d.path}: `}${d.message}`;
  if (d.file !== undefined) return `${d.file}${d.line ? `:${d.line}` : ''}: ${what}`;
  return `${what}${d.line ? ` (line ${d.line})` : ''}`;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
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
