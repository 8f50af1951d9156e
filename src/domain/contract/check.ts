/**
 * A contract file's text → the validated contract and its digest, or every error with its path and line
 * (`metrics[3].threshold: "30 sec" is not a duration (line 45)`). YAML syntax errors and duplicate keys
 * come out the same way, with an empty path.
 */
import { formatPath, ValidationError } from '../issues.js';
import { parseSourceText } from '../source-text.js';
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

/** The key named on a line such as `  threshold: 30s` or `- id: x`, for a duplicate-key message. */
function keyOnLine(text: string, line: number): string | undefined {
  const m = /^\s*(?:-\s+)*(?:"([^"]+)"|'([^']+)'|([^\s:#{}[\],"'][^:#{}[\],]*?))\s*:(?:\s|$)/.exec(
    text.split(/\r?\n/)[line - 1] ?? '',
  );
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** Reads and validates a contract file's text; `name` is the file name used in syntax messages. */
export function checkContractText(text: string, name: string): ContractCheck {
  let source: ReturnType<typeof parseSourceText>;
  try {
    source = parseSourceText(text, name);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const prefix = `${name}: `;
    return {
      ok: false,
      errors: e.issues.map((i) => {
        const message = i.message.startsWith(prefix) ? i.message.slice(prefix.length) : i.message;
        const m = /^(.*) \(line (\d+)\)$/s.exec(message);
        const line = m ? Number(m[2]) : null;
        let body = m ? m[1]! : message;
        if (line !== null && body === 'Map keys must be unique') {
          const key = keyOnLine(text, line);
          if (key !== undefined)
            body = `duplicate key ${JSON.stringify(key)}: a key may appear only once in a map`;
        }
        return { path: '', line, message: body };
      }),
    };
  }
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
