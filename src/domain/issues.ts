/**
 * A validation problem with the path of the offending key, so that callers can add the file and line
 * (`metrics[3].threshold: "30 sec" is not a duration (line 41)`).
 */
export type IssuePath = readonly (string | number)[];

export interface Issue {
  readonly path: IssuePath;
  readonly message: string;
}

/** `metrics[3].threshold`, `hours.mon-fri`, `calendars.standard.timezone`. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out;
}

export function formatIssue(issue: Issue, line?: number): string {
  const where = formatPath(issue.path);
  const suffix = line === undefined ? '' : ` (line ${line})`;
  return `${where === '' ? '' : `${where}: `}${issue.message}${suffix}`;
}

/** Thrown when input is refused; carries every issue found, not just the first. */
export class ValidationError extends Error {
  constructor(
    readonly issues: readonly Issue[],
    readonly source?: string,
  ) {
    super(issues.map((i) => formatIssue(i)).join('\n'));
    this.name = 'ValidationError';
  }
}

/** Quotes a user's value in a message the way it was written (`"30 sec"`, `0.8`). */
export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}
