/**
 * B1's correctness reference: a deliberately simple, minute-stepping business clock that shares no code
 * with src/domain/clock.ts. Every real minute of the range is classified open or closed from its local wall
 * time (Intl.DateTimeFormat in the zone) and the holiday dates; `deadline` and `elapsed` then walk those
 * minutes one by one. It only answers whole-minute questions, which is all it is asked.
 */

const MINUTE = 60_000;

/** Open spans of one weekday as [fromMinute, toMinute) after local midnight, within the day. */
export type DaySpans = readonly (readonly [number, number])[];

export class MinuteReference {
  private readonly origin: number;
  private readonly open: Uint8Array;

  /**
   * @param week spans per JavaScript weekday, 0 = Sunday … 6 = Saturday
   * @param holidays local dates `YYYY-MM-DD` closed all day
   * @param fromMs, toMs the real-time range to classify (rounded out to whole minutes)
   */
  constructor(
    zone: string,
    week: readonly DaySpans[],
    holidays: ReadonlySet<string>,
    fromMs: number,
    toMs: number,
  ) {
    for (const day of week) {
      for (const [s, e] of day)
        if (!(0 <= s && s < e && e <= 1440)) throw new Error('reference: span out of day');
    }
    this.origin = Math.floor(fromMs / MINUTE) * MINUTE;
    const n = Math.ceil((toMs - this.origin) / MINUTE);
    this.open = new Uint8Array(n);
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    for (let i = 0; i < n; i++) {
      const f: Record<string, string> = {};
      for (const p of fmt.formatToParts(this.origin + i * MINUTE)) f[p.type] = p.value;
      const date = `${f.year}-${f.month}-${f.day}`;
      if (holidays.has(date)) continue;
      const weekday = new Date(Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day))).getUTCDay();
      const minuteOfDay = Number(f.hour) * 60 + Number(f.minute);
      if (week[weekday]!.some(([s, e]) => s <= minuteOfDay && minuteOfDay < e)) this.open[i] = 1;
    }
  }

  private index(ms: number): number {
    if (ms % MINUTE !== 0) throw new Error(`reference: ${ms} is not a whole minute`);
    const i = (ms - this.origin) / MINUTE;
    if (i < 0 || i > this.open.length)
      throw new Error(`reference: ${new Date(ms).toISOString()} out of range`);
    return i;
  }

  /** Does minute i count: open and inside no pause [from, to)? */
  private counts(i: number, pauses: readonly number[]): boolean {
    if (this.open[i] !== 1) return false;
    const t = this.origin + i * MINUTE;
    for (let k = 0; k + 1 < pauses.length; k += 2) if (pauses[k]! <= t && t < pauses[k + 1]!) return false;
    return true;
  }

  /** Business ms in [from, to): counted minutes times 60 s. */
  elapsed(from: number, to: number, pauses: readonly number[] = []): number {
    let minutes = 0;
    for (let i = this.index(from), end = this.index(to); i < end; i++) if (this.counts(i, pauses)) minutes++;
    return minutes * MINUTE;
  }

  /** The end of the minute in which the `target`-th counted minute runs out (target > 0). */
  deadline(start: number, target: number, pauses: readonly number[] = []): number {
    let need = target / MINUTE;
    if (!(need > 0 && Number.isInteger(need)))
      throw new Error(`reference: target ${target} is not whole minutes`);
    for (let i = this.index(start); i < this.open.length; i++) {
      if (this.counts(i, pauses) && --need === 0) return this.origin + (i + 1) * MINUTE;
    }
    throw new Error('reference: deadline beyond the classified range');
  }
}
