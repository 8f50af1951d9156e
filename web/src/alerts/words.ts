/**
 * How the dashboard names an alert: its kind in the monitor's words (src/locales/monitor.ts, as mails and
 * `accord alerts list` name it), what it is about, and the time to an instant as a countdown.
 */
import { useEffect, useState } from 'react';
import { MONITOR_WORDS } from '../../../src/locales/monitor.js';
import { ALERT_MESSAGES } from '../i18n/alerts.js';
import { type I18n, useI18n } from '../i18n/index.js';
import type { Alert } from './api.js';

export function useAlertI18n() {
  const i = useI18n();
  return { ...i, a: ALERT_MESSAGES[i.lang], monitor: MONITOR_WORDS[i.lang] };
}

/** The current time, ticking every `ms`, for countdowns that move while the page is open. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** "in 4 min 12 s" or "3 min 5 s ago": to the second within the hour, to the minute beyond it. */
export function countdown(i: I18n, a: (typeof ALERT_MESSAGES)['en'], at: string, now: number): string {
  const ms = Date.parse(at) - now;
  const step = Math.abs(ms) >= 3_600_000 ? 60_000 : 1000;
  const d = i.fmt.duration(Math.max(1000, Math.floor(Math.abs(ms) / step) * step));
  return ms >= 0 ? a.feed.inTime(d) : a.feed.overdue(d);
}

/** The contact (`source/key`, channel) or the period an alert is about. */
export function subjectOf(alert: Alert): string {
  if (alert.contact !== null) return `${alert.contact.source}/${alert.contact.key}`;
  return alert.periodRisk?.period ?? alert.period ?? '';
}
