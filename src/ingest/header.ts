/**
 * What is wrong with a file's header, in the words of read-records.ts: a column without a name or a name
 * that appears twice. Every reader of CSV files (the general one and the columnar one) names it the same.
 */
export function headerProblem(header: readonly string[]): string | undefined {
  const empty = header.indexOf('');
  if (empty >= 0) return `header: column ${empty + 1} has no name`;
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) return `header: column ${h} appears twice`;
    seen.add(h);
  }
  return undefined;
}
