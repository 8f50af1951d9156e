/** `accord contract check|explain`: validate a contract file, or put it in plain words (interfaces.md). */
import { type Command, Option } from 'commander';
import { canonicalJson } from '../domain/contract/canonical.js';
import type { ContractCheck, ContractError } from '../domain/contract/check.js';
import { explainContract } from '../domain/contract/explain.js';
import { LANGS, type Lang } from '../domain/contract/types.js';
import { checkContractText } from '../ingest/contract-text.js';
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

function invalid(file: string, errors: readonly ContractError[]): InputError {
  const n = errors.length;
  return new InputError(
    `${file}: invalid contract (${n} error${n === 1 ? '' : 's'})`,
    errors.map((e) => errorLine(file, e)),
  );
}

export function registerContractCommands(program: Command, io: Io): void {
  const contract = program
    .command('contract')
    .description('the SLA contract file: validate it, explain it in plain words');

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
      if (!r.ok) throw invalid(file, r.errors);
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
      if (!r.ok) throw invalid(file, r.errors);
      io.out(explainContract(r.contract, { lang: opts.lang, digest: r.digest }));
    });
}
