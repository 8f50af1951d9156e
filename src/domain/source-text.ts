/**
 * A file's parsed value with a locator that traces a path back to its line, so that a problem found later
 * is reported where it is written. The edge parses the text (src/ingest/contract-text.ts); the domain only
 * reads the value and asks for lines.
 */
import { formatIssue, type Issue, type IssuePath } from './issues.js';

export interface SourceText {
  readonly name: string;
  readonly value: unknown;
  /** 1-based line of the value at `path`, or of its nearest existing parent. */
  lineOf(path: IssuePath): number | undefined;
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
