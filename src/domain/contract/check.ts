/**
 * A parsed contract file → the validated contract and its digest, or every error with its path and line
 * (`metrics[3].threshold: "30 sec" is not a duration (line 45)`). The edge reads and parses the text
 * (`checkContractText`, src/ingest/contract-text.ts), where YAML syntax errors come out the same way.
 */
import { formatPath } from '../issues.js';
import type { SourceText } from '../source-text.js';
import { contractDigest } from './canonical.js';
import { parseContract } from './schema.js';
import type { Contract } from './types.js';

export interface ContractError {
  /** `metrics[3].threshold`; empty for a problem of the whole file (YAML syntax). */
  readonly path: string;
  /** 1-based line in the file, or null when it cannot be told. */
  readonly line: number | null;
  readonly message: string;
}

export type ContractCheck =
  | { readonly ok: true; readonly contract: Contract; readonly digest: string }
  | { readonly ok: false; readonly errors: readonly ContractError[] };

/** `metrics[3].threshold: "30 sec" is not a duration (line 45)`. */
export function formatContractError(error: ContractError): string {
  const where = error.path === '' ? '' : `${error.path}: `;
  return `${where}${error.message}${error.line === null ? '' : ` (line ${error.line})`}`;
}

/** Validates a parsed contract file; errors carry the line the source's locator gives for their path. */
export function checkContract(source: SourceText): ContractCheck {
  const parsed = parseContract(source.value);
  if (!parsed.ok) {
    const errors = parsed.issues.map((i) => ({
      path: formatPath(i.path),
      line: source.lineOf(i.path) ?? null,
      message: i.message,
    }));
    // In the order of the file; issues on one line keep the order in which they were found.
    errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return { ok: false, errors };
  }
  return { ok: true, contract: parsed.value, digest: contractDigest(parsed.value) };
}
