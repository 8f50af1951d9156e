/** CSV output (a staffing plan, generated files), read back by the one CSV reader (csv-reader.ts). */

/** One CSV line (without line break); fields with the separator, a quote or a line break are quoted. */
export function formatCsvRow(
  values: readonly (string | number | null)[],
  separator: ',' | ';' = ',',
): string {
  return values
    .map((v) => {
      const text = v === null ? '' : String(v);
      return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(separator);
}
