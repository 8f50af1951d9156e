/**
 * Durations as contracts write them: `45s`, `30m`, `24h`, `2h30m`, `1d`, `500ms`. `2d` is 48 hours of the
 * clock's own time, never two business days (calendar-and-clock.md). Values are integer milliseconds.
 */
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
const ORDER = ['d', 'h', 'm', 's', 'ms'] as const;
const DURATION =
  /^(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/;

/** Parses a duration into milliseconds, or undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '0') return trimmed === '0' ? 0 : undefined;
  const m = DURATION.exec(trimmed);
  if (!m) return undefined;
  let total = 0;
  ORDER.forEach((unit, i) => {
    const part = m[i + 1];
    if (part !== undefined) total += Number(part) * UNIT_MS[unit];
  });
  return Number.isInteger(total) ? total : undefined;
}

/** Writes milliseconds back in the shortest canonical form (`2h30m`, `45s`, `0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of ['h', 'm', 's', 'ms'] as const) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * UNIT_MS[unit];
  }
  return out;
}
