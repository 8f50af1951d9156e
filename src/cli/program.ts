/**
 * The whole `accord` program: every command registered (the help lists them all; tests walk them). The
 * command line builds it when it cannot tell which single command runs (main.ts).
 */
import type { Command } from 'commander';
import { registerActionPlanCommands } from './action-plan-commands.js';
import { registerAlertsCommands } from './alerts-command.js';
import { registerBackupCommand } from './backup-command.js';
import { registerClockCommands } from './clock-command.js';
import { registerClosingCommands } from './closing-commands.js';
import { registerContractCommands } from './contract-command.js';
import { registerContractImportCommand } from './contract-import-command.js';
import { registerDemoCommands } from './demo-command.js';
import { registerEvaluateCommand } from './evaluate-command.js';
import { registerIngestCommand } from './ingest-command.js';
import { registerMonitorCommand } from './monitor-command.js';
import type { Io } from './output.js';
import { registerPrivacyCommands } from './privacy-command.js';
import { finishProgram, newProgram } from './program-base.js';
import { registerAlertDeliveryCommands } from './recipients-command.js';
import { registerReconcileCommand } from './reconcile-command.js';
import { registerReportCommand } from './report-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerStaffingCommands } from './staffing-command.js';
import { registerStartCommand } from './start-command.js';
import { registerStatusCommand } from './status-command.js';
import { registerSyncCommand } from './sync-command.js';
import { registerTokenCommands } from './token-command.js';
import { registerVolumeCommand } from './volume-command.js';
import { registerWhatIfCommand } from './what-if-command.js';

/** How `accord demo` and `accord start` run another command line (main's). */
export type RunCommandLine = (argv: readonly string[], io: Io) => Promise<number>;

export function buildProgram(io: Io, run: RunCommandLine = notRunnable): Command {
  const program = newProgram();
  registerClockCommands(program, io);
  registerContractCommands(program, io);
  registerContractImportCommand(program.commands.find((c) => c.name() === 'contract')!, io);
  registerWhatIfCommand(program.commands.find((c) => c.name() === 'contract')!, io);
  registerDemoCommands(program, io, Date.now, run);
  registerEvaluateCommand(program, io);
  registerReportCommand(program, io);
  registerStaffingCommands(program, io);
  registerIngestCommand(program, io);
  registerReconcileCommand(program, io);
  registerStatusCommand(program, io);
  registerBackupCommand(program, io);
  registerPrivacyCommands(program, io);
  registerVolumeCommand(program, io);
  registerStartCommand(program, io, run);
  registerServeCommand(program, io);
  registerMonitorCommand(program, io);
  registerAlertsCommands(program, io);
  registerClosingCommands(program, io);
  registerTokenCommands(program, io);
  registerActionPlanCommands(program, io);
  registerAlertDeliveryCommands(program, io);
  registerSyncCommand(program, io);
  return finishProgram(program, io);
}

const notRunnable: RunCommandLine = () =>
  Promise.reject(new Error('this program runs no other command line'));
