/**
 * YAML or JSON text → a plain value, keeping the document so that a problem found later can be traced back
 * to its line. Pure: the caller reads the file.
 */
import { type Document, isNode, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import { formatIssue, type Issue, type IssuePath, ValidationError } from './issues.js';

export interface SourceText {
  readonly name: string;
  readonly value: unknown;
  /** 1-based line of the value at `path`, or of its nearest existing parent. */
  lineOf(path: IssuePath): number | undefined;
}

export function parseSourceText(text: string, name: string): SourceText {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    version: '1.2',
  });
  if (doc.errors.length > 0) {
    const issues: Issue[] = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      return { path: [], message: `${name}: ${e.message.split('\n')[0]}${pos ? ` (line ${pos.line})` : ''}` };
    });
    throw new ValidationError(issues, name);
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  return {
    name,
    value,
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
        // A key with an empty value: find the pair to point at its key.
        if (n > 0) {
          const parent = doc.getIn(path.slice(0, n - 1), true);
          const key = path[n - 1];
          if (parent && typeof parent === 'object' && 'items' in parent) {
            for (const item of (parent as { items: unknown[] }).items) {
              if (isPair(item) && isScalar(item.key) && item.key.value === key && item.key.range) {
                return lineCounter.linePos(item.key.range[0]).line;
              }
            }
          }
        }
      }
      return undefined;
    },
  };
}

/** Issues as lines `path: message (line N)`, prefixed with the source name. */
export function describeIssues(
  issues: readonly Issue[],
  source: SourceText,
  prefix: IssuePath = [],
): string[] {
  return issues.map((i) => {
    const full = [...prefix, ...i.path];
    return formatIssue({ path: full, message: i.message }, source.lineOf(full));
  });
}
