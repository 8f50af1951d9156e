/**
 * What every `accord` program shares, whichever commands it registers: the output and exit behaviour of
 * every command, `--force` on every command that opens a store, and the usage hint. Light on purpose: the
 * command line loads only the modules of the command it runs (main.ts).
 */
import { Command } from 'commander';
import type { Io } from './output.js';
import { setForceOpen } from './store-options.js';

/** `accord evaluate`, `accord clock deadline`: how a user types the command. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Where to read the usage, appended to every usage error (interfaces.md: run as `npx accord …`). */
export function usageHint(cmd: Command): string {
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

/** The program before its commands. */
export function newProgram(): Command {
  return new Command('accord')
    .description('Accord: write down, measure and enforce customer-service SLAs')
    .version('0.1.0');
}

/** After the commands are registered: the behaviour every command shares. */
export function finishProgram(program: Command, io: Io): Command {
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
