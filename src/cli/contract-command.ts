/**
 * `accord contract check|explain|diff`: validate a contract file, put it in plain words (interfaces.md), or
 * show what changed between two versions.
 */
import { type Command, Option } from 'commander';
import { isIsoDate } from '../domain/calendar/definition.js';
import { canonicalJson } from '../domain/contract/canonical.js';
import type { ContractCheck, ContractError } from '../domain/contract/check.js';
import { explainContract } from '../domain/contract/explain.js';
import { type Contract, LANGS, type Lang } from '../domain/contract/types.js';
import { parseInstant } from '../domain/time/instant.js';
import { checkContractText } from '../ingest/contract-text.js';
import { diffContracts } from '../services/contracts.service.js';
import { EXIT_INPUT, InputError, ReportedError } from './errors.js';
import { readText } from './files.js';
import { type Io, printJson } from './output.js';

/** Reads and checks a contract file; a file that cannot be read is one error without a line. */
function checkFile(path: string): ContractCheck {
  let text: string;
  try {
    text = readText(path);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const prefix = `${path}: `;
    const message = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
    return { ok: false, errors: [{ path: '', line: null, message }] };
  }
  return checkContractText(text, path);
}

/** `contract.yaml:45: metrics[3].threshold: "30 sec" is not a duration`. */
export function errorLine(file: string, error: ContractError): string {
  return `${file}${error.line === null ? '' : `:${error.line}`}: ${error.path === '' ? '' : `${error.path}: `}${error.message}`;
}

/** A contract file's errors, one line each with its line number. */
export function invalidContract(file: string, errors: readonly ContractError[]): InputError {
  const n = errors.length;
  // A file that cannot be read (or is empty) is one problem of the file, said once.
  const only = errors[0];
  if (n === 1 && only!.line === null && only!.path === '') return new InputError(`${file}: ${only!.message}`);
  return new InputError(
    `${file}: invalid contract (${n} error${n === 1 ? '' : 's'})`,
    errors.map((e) => errorLine(file, e)),
  );
}

export function registerContractCommands(program: Command, io: Io, now: () => number = Date.now): void {
  const contract = program
    .command('contract')
    .description('the SLA contract file: validate it, explain it in plain words, compare two versions');

  contract
    .command('check')
    .description('validate a contract file; every error with its path and line')
    .argument('<file>', 'contract file (YAML or JSON)')
    .option('--json', 'print {"valid": …} as one JSON document')
    .option('--canonical', 'print the canonical form (the JSON whose SHA-256 is the digest)')
    .action((file: string, opts: { json?: boolean; canonical?: boolean }) => {
      const r = checkFile(file);
      if (opts.json) {
        if (r.ok) {
          printJson(io, {
            valid: true,
            contract: r.contract.id,
            version: r.contract.version,
            digest: r.digest,
            metrics: r.contract.metrics.length,
          });
          return;
        }
        printJson(io, { valid: false, errors: r.errors });
        // The errors are in the document; say where on stderr too, then exit 1 without a second document.
        io.err(r.errors.map((e) => errorLine(file, e)).join('\n'));
        throw new ReportedError(EXIT_INPUT);
      }
      if (!r.ok) throw invalidContract(file, r.errors);
      if (opts.canonical) {
        io.out(canonicalJson(r.contract));
        return;
      }
      const n = r.contract.metrics.length;
      io.out(
        `${file}: valid — ${r.contract.id} version ${r.contract.version}, ${n} metric${n === 1 ? '' : 's'}, ${r.digest}`,
      );
    });

  contract
    .command('explain')
    .description('every metric and money rule in plain words, with the defaults filled in')
    .argument('<file>', 'contract file (YAML or JSON)')
    .addOption(new Option('--lang <lang>', 'language of the text').choices([...LANGS]).default('en'))
    .action((file: string, opts: { lang: Lang }) => {
      const r = checkFile(file);
      if (!r.ok) throw invalidContract(file, r.errors);
      io.out(explainContract(r.contract, { lang: opts.lang, digest: r.digest }));
    });

  contract
    .command('diff')
    .description('what changed from one version of a contract to the next, as the contract writes it')
    .argument('<old>', 'the earlier version (YAML or JSON)')
    .argument('<new>', 'the later version')
    .option('--as-of <date>', 'the day both parties would sign the new version (default: today)')
    .option('--json', 'print {"contract", "from", "to", "changes": [{path, op, from, to, text}], "warnings"}')
    .addHelpText('after', '\nExample:\n  npx accord contract diff contract-v3.yaml contract-v4.yaml')
    .action((oldFile: string, newFile: string, opts: { asOf?: string; json?: boolean }) => {
      const [a, b] = [oldFile, newFile].map((file) => {
        const r = checkFile(file);
        if (!r.ok) throw invalidContract(file, r.errors);
        return r.contract;
      }) as [Contract, Contract];
      const d = diffContracts(a, b, asOfOf(opts.asOf, now));
      if (opts.json) return printJson(io, d);
      const n = d.changes.length;
      io.out(
        [
          `${d.contract} version ${d.from.version} → ${d.to.version}: ${n === 0 ? 'no change' : `${n} change${n === 1 ? '' : 's'}`}`,
          ...d.changes.map((c) => `  ${c.text}`),
        ].join('\n'),
      );
      for (const w of d.warnings) io.err(`accord contract diff: warning: ${w.message}`);
    });
}

/** `--as-of`: a day (2026-11-15) or an instant; default now. */
function asOfOf(text: string | undefined, now: () => number): string | number {
  if (text === undefined) return now();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text) && isIsoDate(text)) return text;
  const r = parseInstant(text);
  if (!r.ok) throw new InputError(`--as-of: "${text}" is not a date (YYYY-MM-DD) or an ISO 8601 instant`);
  return r.ms;
}
