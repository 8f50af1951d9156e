/**
 * The one check of a CSV file's header, in the words of read-records.ts, for every reader of CSV files
 * (the general one and the columnar one): a column without a name or a name that appears twice (the file
 * is refused), a required column that is missing (one error for the file, not one per row), and columns
 * that look like a misspelt known one (`answerd_at`: a warning "did you mean answered_at?").
 */
import type { RecordKind } from '../domain/records.js';
import { KINDS_WITH_ATTRIBUTES, KNOWN_COLUMNS } from './normalise.js';

/**
 * The columns without which no row of a kind can be stored: those `normalise` requires of every row
 * (test/ingest/header.test.ts holds them to it). A survey's scale is required unless it is NPS, so it is
 * not here: a file of NPS answers needs no scale columns.
 */
export const REQUIRED_COLUMNS: { readonly [K in RecordKind]: readonly string[] } = {
  contacts: ['id', 'channel', 'created_at'],
  status_events: ['contact_id', 'status', 'at'],
  surveys: ['contact_id', 'kind', 'score', 'answered_at'],
  qa_evaluations: ['contact_id', 'evaluated_at'],
  outages: ['from', 'to'],
  incidents: ['id', 'raised_at'],
  privacy_incidents: ['id', 'reported_at'],
  forecasts: ['interval_start', 'interval_minutes', 'volume'],
};

/**
 * A column without a name or a name that appears twice: no row of the file can be read. The field is the
 * column named twice (a column without a name has none).
 */
export function headerProblem(
  header: readonly string[],
): { readonly message: string; readonly field: string | null } | undefined {
  const empty = header.indexOf('');
  if (empty >= 0) return { message: `header: column ${empty + 1} has no name`, field: null };
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) return { message: `header: column ${h} appears twice`, field: h };
    seen.add(h);
  }
  return undefined;
}

export interface HeaderCheck {
  /** The file cannot be read (headerProblem); its rows are counted, none is stored. */
  readonly problem: string | undefined;
  /** Required columns are missing: one error for the file; its rows are counted, none is stored. */
  readonly missing: string | undefined;
  /**
   * The field of `problem` or `missing`: the column named twice, or the missing required columns
   * (`channel`; `channel, created_at`); null for a column without a name.
   */
  readonly field: string | null;
  /** Columns that are probably a misspelt known column, and columns a kind without attributes ignores. */
  readonly warnings: readonly string[];
}

/** Checks the header (column names as `columnName` gives them) of a file of `kind`. */
export function checkHeader(kind: RecordKind, header: readonly string[]): HeaderCheck {
  const problem = headerProblem(header);
  if (problem !== undefined)
    return { problem: problem.message, missing: undefined, field: problem.field, warnings: [] };
  const known = KNOWN_COLUMNS[kind];
  const present = new Set(header);
  const unknown = header.filter((h) => !known.includes(h) && h !== 'type');
  // Each unknown column's nearest absent known column, when it is close enough to be a slip of the pen.
  const meant = new Map<string, string>();
  for (const h of unknown) {
    const near = nearest(
      h,
      known.filter((k) => !present.has(k)),
    );
    if (near !== undefined) meant.set(h, near);
  }
  const missingColumns = REQUIRED_COLUMNS[kind].filter((c) => !present.has(c));
  let missing: string | undefined;
  if (missingColumns.length > 0) {
    const hints = [...meant].filter(([, k]) => missingColumns.includes(k)).map(([h, k]) => `${h} → ${k}?`);
    const s = missingColumns.length > 1;
    missing = `header: the required column${s ? 's' : ''} ${missingColumns.join(', ')} ${s ? 'are' : 'is'} missing, so no row can be stored${hints.length > 0 ? ` (did you mean ${hints.join(', ')})` : ''}`;
  }
  const keeps = KINDS_WITH_ATTRIBUTES.includes(kind);
  const warnings: string[] = [];
  for (const [h, k] of meant)
    warnings.push(
      `column ${h}: did you mean ${k}? (${keeps ? `kept as an attribute, not read as ${k}` : `not used for ${kind}`})`,
    );
  const unused = keeps ? [] : unknown.filter((h) => !meant.has(h));
  if (unused.length > 0)
    warnings.push(`column${unused.length > 1 ? 's' : ''} ${unused.join(', ')} not used for ${kind}`);
  return {
    problem: undefined,
    missing,
    field: missingColumns.length > 0 ? missingColumns.join(', ') : null,
    warnings,
  };
}

/** The candidate closest to `name` within the edit distance a slip explains, or undefined. */
function nearest(name: string, candidates: readonly string[]): string | undefined {
  // One slip in a short name, two in a longer one: `id` ≠ `ip`'s column, but `answerd_at` → answered_at.
  const limit = name.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) > limit) continue;
    const d = editDistance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbouring
 * characters each count one (`chanel` → channel 1, `creatd_at` → created_at 1, `agnet` → agent 1).
 */
export function editDistance(a: string, b: string): number {
  const n = b.length;
  let before = new Array<number>(n + 1).fill(0);
  let previous = Array.from({ length: n + 1 }, (_, j) => j);
  let current = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[n]!;
}
