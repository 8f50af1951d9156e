/**
 * The edge that reads contract and calendar files: YAML or JSON text → a plain value with a locator that
 * traces a path back to its line, and a contract file's text → the checked contract. The YAML parser lives
 * here so that the domain, which takes the parsed value, also runs in the browser.
 */
import { type Document, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { type ContractCheck, checkContract } from '../domain/contract/check.js';
import { type Issue, type IssuePath, ValidationError } from '../domain/issues.js';
import type { SourceText } from '../domain/source-text.js';

/** At most this many alias expansions (`*name`) in one file: more is refused as an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

/**
 * YAML 1.2 or JSON text → its value and line locator. Refused with a ValidationError: a syntax error (only
 * the first: the parser's later complaints are mostly its consequences), every duplicate key, text nested
 * too deeply, and an alias bomb (more than MAX_ALIAS_COUNT alias expansions, "billion laughs").
 */
export function parseSourceText(text: string, name: string): SourceText {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: true,
    version: '1.2',
  });
  if (doc.errors.length > 0) {
    const syntax = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
    const shown = syntax === undefined ? doc.errors : [syntax];
    const issues: Issue[] = shown.map((e) => {
      const pos = e.linePos?.[0];
      let first = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      if (first.startsWith('Maximum call stack size exceeded')) first = 'is nested too deeply';
      // `(line 4, column 9)`: the line for the caller's `file:line`, the column to find the spot in it.
      return { path: [], message: `${name}: ${first}${pos ? ` (line ${pos.line}, column ${pos.col})` : ''}` };
    });
    throw new ValidationError(issues, name);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // The yaml library throws a ReferenceError for an alias bomb; a stack overflow is a RangeError.
    if (!(e instanceof ReferenceError || e instanceof RangeError)) throw e;
    const message =
      e instanceof ReferenceError
        ? `expands aliases (*name) more than ${MAX_ALIAS_COUNT} times: refused, as an alias bomb would exhaust memory`
        : 'is nested too deeply';
    throw new ValidationError([{ path: [], message: `${name}: ${message}` }], name);
  }
  return {
    name,
    value,
    lineOf(path) {
      for (let n = path.length; n > 0; n--) {
        const line = lineOfEntry(doc, lineCounter, path.slice(0, n));
        if (line !== undefined) return line;
      }
      const root = doc.contents;
      return isNode(root) && root.range ? lineCounter.linePos(root.range[0]).line : undefined;
    },
  };
}

/** The line of a map entry's key, or of a list item; undefined when the entry does not exist. */
function lineOfEntry(doc: Document, lines: LineCounter, path: IssuePath): number | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const key = path[path.length - 1];
  if (isMap(parent)) {
    for (const item of parent.items) {
      if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(key) && item.key.range) {
        return lines.linePos(item.key.range[0]).line;
      }
    }
    return undefined;
  }
  if (isSeq(parent) && typeof key === 'number') {
    const item = parent.items[key];
    if (isNode(item) && item.range) return lines.linePos(item.range[0]).line;
  }
  return undefined;
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
  let source: SourceText;
  try {
    source = parseSourceText(text, name);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const prefix = `${name}: `;
    return {
      ok: false,
      errors: e.issues.map((i) => {
        const message = i.message.startsWith(prefix) ? i.message.slice(prefix.length) : i.message;
        const m = /^(.*) \(line (\d+), column (\d+)\)$/s.exec(message);
        const line = m ? Number(m[2]) : null;
        let body = m ? m[1]! : message;
        if (line !== null && body === 'Map keys must be unique') {
          const key = keyOnLine(text, line);
          if (key !== undefined)
            body = `duplicate key ${JSON.stringify(key)}: a key may appear only once in a map`;
        }
        // `contract.yaml:4: column 9: …`: the line is the error's own field.
        if (m) body = `column ${m[3]}: ${body}`;
        return { path: '', line, message: body };
      }),
    };
  }
  return checkContract(source);
}
