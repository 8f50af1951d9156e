/**
 * YAML or JSON text → a plain value, keeping the document so that a problem found later can be traced back
 * to its line. Pure: the caller reads the file.
 */
import { type Document, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
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
    prettyErrors: true,
    version: '1.2',
  });
  if (doc.errors.length > 0) {
    const issues: Issue[] = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      const first = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      return { path: [], message: `${name}: ${first}${pos ? ` (line ${pos.line})` : ''}` };
    });
    throw new ValidationError(issues, name);
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
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
