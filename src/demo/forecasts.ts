/**
 * The client's forecast per 30-minute interval: per queue for phone (`phone-nl` …), per channel for chat,
 * e-mail and web forms; only for intervals in which the channel is planned to take contacts (opening hours
 * for phone and chat, around the clock for e-mail and web). Volumes are whole contacts, rounded
 * cumulatively per series so that a series' total is its unrounded total rounded; AHT is the planned
 * handling time. The forecast knows neither the day-to-day noise nor the campaign nor the outage.
 */
import type { Forecast } from '../domain/records.js';
import { AHT_SECONDS } from './contacts.js';
import { type DayVolume, DEMO_CHANNELS, LANGUAGE_SHARES, LANGUAGES, SLOTS } from './volume.js';

export const FORECAST_SOURCE = 'wfm';
const INTERVAL_MS = 30 * 60_000;
const PHONE = 0;

interface Series {
  readonly channel: (typeof DEMO_CHANNELS)[number];
  readonly queue: string | null;
  readonly share: number;
  readonly aht: number;
  cum: number;
  given: number;
}

export class ForecastWriter {
  private readonly series: Series[][];

  constructor() {
    this.series = DEMO_CHANNELS.map((channel, c) => {
      if (c === PHONE) {
        return LANGUAGES.map((lang, l) => ({
          channel,
          queue: `${channel}-${lang}`,
          share: LANGUAGE_SHARES[l]!,
          aht: AHT_SECONDS[c]![l]!,
          cum: 0,
          given: 0,
        }));
      }
      const aht = Math.round(
        AHT_SECONDS[c]!.reduce((sum, a, l) => sum + a * LANGUAGE_SHARES[l]!, 0) /
          LANGUAGE_SHARES.reduce((a, b) => a + b, 0),
      );
      return [{ channel, queue: null, share: 1, aht, cum: 0, given: 0 }];
    });
  }

  /** The forecast rows of one day, in time order. */
  day(day: DayVolume, emit: (f: Forecast) => void): void {
    for (let s = 0; s < SLOTS; s++) {
      const from = day.bounds[s]!;
      const to = day.bounds[s + 1]!;
      // Intervals of real time: the autumn DST change's long local half hour gives three of them.
      for (let start = from; start < to; start += INTERVAL_MS) {
        const part = (Math.min(to, start + INTERVAL_MS) - start) / (to - from);
        DEMO_CHANNELS.forEach((_, c) => {
          const ch = day.channels[c]!;
          const w = ch.planned.slotWeights[s]!;
          if (!(w > 0) || !(ch.planned.mass > 0)) return;
          const expected = (ch.forecast * w * part) / ch.planned.mass;
          for (const series of this.series[c]!) {
            series.cum += expected * series.share;
            const upTo = Math.round(series.cum);
            const volume = upTo - series.given;
            series.given = upTo;
            emit({
              source: FORECAST_SOURCE,
              intervalStart: start,
              intervalMinutes: Math.round((Math.min(to, start + INTERVAL_MS) - start) / 60_000),
              channel: series.channel,
              queue: series.queue,
              volume,
              ahtSeconds: series.aht,
            });
          }
        });
      }
    }
  }
}
