/**
 * `accord contract import FILE [--db URL] [--json]`: stores a contract version and activates it as signed by
 * both parties (what `accord serve --contract` does); the same file again changes nothing.
 */
import type { Command } from 'commander';
import { type ImportResult, importContract } from '../services/contracts.service.js';
import { readText } from './files.js';
import { type Io, printJson } from './output.js';
import { cliActor, DB_OPTION_HELP, withStore } from './store-options.js';

/** The operator who signs an imported version for both parties, as the audit log names them. */
export function operatorActor(): string {
  return `operator:${cliActor().replace(/^cli:/, '')}`;
}

export function importSentence(r: ImportResult): string {
  return `contract ${r.contract} version ${r.version} ${r.outcome === 'imported' ? 'imported and activated' : 'is active already'} (${r.digest})`;
}

export function registerContractImportCommand(contract: Command, io: Io, now: () => number = Date.now): void {
  contract
    .command('import')
    .description(
      'store and activate a contract version as signed by both parties; the same file again: no change',
    )
    .argument('<file>', 'contract file (YAML or JSON)')
    .option(
      '--source <name...>',
      "source names the contract's partner owns besides its default one (e.g. --source genesys zendesk)",
      [],
    )
    .option('--db <url>', DB_OPTION_HELP)
    .option(
      '--json',
      'print {"contract", "version", "digest", "organisationId", "partnerId", "outcome", "warnings"}',
    )
    .action(async (file: string, opts: { db?: string; json?: boolean; source: string[] }) => {
      const text = readText(file);
      const r = await withStore(opts.db, (store) =>
        importContract(store, text, file, operatorActor(), now(), opts.source),
      );
      if (opts.json) printJson(io, r);
      else io.out(importSentence(r));
      for (const w of r.warnings) io.err(`accord contract import: warning: ${w.message}`);
    });
}
