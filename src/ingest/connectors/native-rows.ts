/**
 * Helpers the telephony connectors (Genesys Cloud, Amazon Connect, Asterisk) share: instants written the
 * way data.md reads them, and the count of native records each leaves aside, by reason.
 */

/** An instant (epoch ms) as data.md writes it: ISO 8601 UTC with milliseconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Native records read and not mapped, by reason (`RINGNOANSWER: an agent's ring, not the caller's wait`). */
export type Ignored = Record<string, number>;

/** Counts one ignored native record under its reason. */
export function countIgnored(ignored: Ignored, reason: string): void {
  ignored[reason] = (ignored[reason] ?? 0) + 1;
}
