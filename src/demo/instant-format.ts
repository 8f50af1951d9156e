/**
 * A fast `formatInstant` for one zone: the same text (`2026-10-05T08:14:02+02:00`, milliseconds only when
 * not zero), but without a Temporal object per call. The zone's offset is constant between transitions,
 * so the formatter asks Temporal once per stretch between two transitions and caches the date text per
 * local day; every other call is integer arithmetic. Writing a month of a million contacts formats some
 * ten million instants, so this matters.
 */
import { Temporal } from 'temporal-polyfill';

const DAY = 86_400_000;
const PAD2: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

interface Stretch {
  /** Epoch ms from which the offset holds (inclusive). */
  readonly from: number;
  /** Epoch ms at which it stops holding (exclusive). */
  readonly to: number;
  readonly offsetMs: number;
  readonly suffix: string;
}

function offsetText(offsetMs: number): string {
  const total = Math.round(offsetMs / 60_000);
  const abs = Math.abs(total);
  return `${total < 0 ? '-' : '+'}${PAD2[Math.floor(abs / 60)] ?? String(Math.floor(abs / 60))}:${PAD2[abs % 60]}`;
}

/** Days since 1970-01-01 → `YYYY-MM-DD` (proleptic Gregorian; Howard Hinnant's civil_from_days). */
function dateText(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${PAD2[m]}-${PAD2[d]}`;
}

export class InstantFormatter {
  private stretches: Stretch[] = [];
  private last: Stretch | undefined;
  private readonly dates = new Map<number, string>();

  constructor(readonly timeZone: string) {}

  private stretchOf(ms: number): Stretch {
    const last = this.last;
    if (last !== undefined && ms >= last.from && ms < last.to) return last;
    for (const s of this.stretches) {
      if (ms >= s.from && ms < s.to) return (this.last = s);
    }
    const zdt = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(this.timeZone);
    const next = zdt.getTimeZoneTransition('next');
    const prev = zdt.add({ nanoseconds: 1 }).getTimeZoneTransition('previous');
    const offsetMs = zdt.offsetNanoseconds / 1e6;
    const s: Stretch = {
      from: prev === null ? Number.NEGATIVE_INFINITY : prev.epochMilliseconds,
      to: next === null ? Number.POSITIVE_INFINITY : next.epochMilliseconds,
      offsetMs,
      suffix: offsetText(offsetMs),
    };
    this.stretches.push(s);
    return (this.last = s);
  }

  /** `2026-10-05T08:14:02+02:00`; `.123` before the offset when the milliseconds are not zero. */
  format(ms: number): string {
    const s = this.stretchOf(ms);
    const local = ms + s.offsetMs;
    const days = Math.floor(local / DAY);
    let date = this.dates.get(days);
    if (date === undefined) {
      date = `${dateText(days)}T`;
      this.dates.set(days, date);
    }
    const inDay = local - days * DAY;
    const seconds = Math.floor(inDay / 1000);
    const millis = inDay - seconds * 1000;
    const h = Math.floor(seconds / 3600);
    const rest = seconds - h * 3600;
    const m = Math.floor(rest / 60);
    const time = `${PAD2[h]}:${PAD2[m]}:${PAD2[rest - m * 60]}`;
    if (millis === 0) return date + time + s.suffix;
    return `${date}${time}.${String(millis).padStart(3, '0')}${s.suffix}`;
  }
}
