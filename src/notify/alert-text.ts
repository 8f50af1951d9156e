/**
 * What an alert says, in one recipient's language, before it becomes a mail or a chat message: the
 * headline, the facts (contract, metric, contact, deadline and how late, period, level), the period-risk
 * sentence, and the links (live view, the metric's period, the signed acknowledge link). Instants are
 * written in the contract's time zone and numbers with the language's `Format` (src/locales/).
 */
import type { Lang } from '../domain/contract/types.js';
import type { AlertMessage, PeriodRisk } from '../domain/monitor/alert.js';
import { formatInstant } from '../domain/time/instant.js';
import { ALERT_WORDS, type AlertFacts, type RiskFacts } from '../locales/alerts.js';
import { Format, LOCALES } from '../locales/index.js';

export interface AlertLink {
  readonly label: string;
  readonly url: string;
  /** The acknowledge link: the one action, shown as a button. */
  readonly primary: boolean;
}

export interface AlertContent {
  readonly lang: Lang;
  readonly subject: string;
  readonly headline: string;
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly risk: string | null;
  readonly links: readonly AlertLink[];
  /** What happens without acknowledgement (or that this is the last level). */
  readonly escalation: string;
  readonly footer: string;
}

export interface AlertTextContext {
  /** The contract's time zone (IANA). */
  readonly timezone: string;
  /** The dashboard's base URL (ACCORD_PUBLIC_URL). */
  readonly publicUrl: string;
  /** The signed acknowledge link, or null for none. */
  readonly ackUrl: string | null;
  /** What the alert's metric counts (its population's channel); default contacts. */
  readonly records?: 'calls' | 'chats' | 'contacts';
}

export interface DashboardLinks {
  readonly live: string;
  /** The metric in the alert's period, when the alert names both. */
  readonly metric: string | null;
}

/** The dashboard pages of an alert (interfaces.md, Dashboard). */
export function dashboardLinks(publicUrl: string, m: AlertMessage): DashboardLinks {
  const base = publicUrl.replace(/\/+$/, '');
  const c = encodeURIComponent(m.contract);
  return {
    live: `${base}/contracts/${c}/live`,
    metric:
      m.metric === null || m.period === null
        ? null
        : `${base}/contracts/${c}/periods/${encodeURIComponent(m.period)}/metrics/${encodeURIComponent(m.metric)}`,
  };
}

/** "5 October 2026 11:00:30 (Europe/Amsterdam)". */
export function wallTime(iso: string, timezone: string, w: Format): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const local = formatInstant(ms, timezone);
  return `${w.date(local.slice(0, 10))} ${local.slice(11, 19)} (${timezone})`;
}

/** A fraction (0.785) as a percentage, a plain number for score kinds. */
function figure(x: number, w: Format, fraction: boolean): string {
  return fraction ? w.percent(Math.round(x * 1_000_000)) : w.number(x);
}

function riskSentence(r: PeriodRisk, lang: Lang, w: Format, records: RiskFacts['records']): string {
  const fraction = r.target <= 1 && (r.value === null || r.value <= 1);
  return ALERT_WORDS[lang].risk({
    needed: r.needed === null ? null : w.number(r.needed),
    remaining: w.number(r.remaining),
    threshold: r.thresholdMs === undefined ? null : w.duration(r.thresholdMs),
    value: r.value === null ? null : figure(r.value, w, fraction),
    target: figure(r.target, w, fraction),
    records,
  });
}

function contactText(m: AlertMessage): string | null {
  if (m.contact === null) return null;
  return `${m.contact.channel} ${m.contact.source}/${m.contact.key}`;
}

export function alertContent(m: AlertMessage, lang: Lang, ctx: AlertTextContext): AlertContent {
  const words = ALERT_WORDS[lang];
  const w = new Format(LOCALES[lang]);
  const metric = m.metricNames?.[lang] ?? m.metricName ?? m.metric;
  const facts: AlertFacts = {
    kind: m.kind,
    level: m.level,
    contract: m.contractName ?? m.contract,
    metric,
    contact: contactText(m),
    period: m.period,
    missedPeriods: m.missedPeriods ?? null,
  };
  const L = words.labels;
  const rows: { label: string; value: string }[] = [{ label: L.contract, value: facts.contract }];
  if (metric !== null) rows.push({ label: L.metric, value: metric });
  if (facts.contact !== null) rows.push({ label: L.contact, value: facts.contact });
  if (m.deadline !== null) {
    const gap = Date.parse(m.raisedAt) - Date.parse(m.deadline);
    const how = Number.isFinite(gap)
      ? gap >= 0
        ? words.late(w.duration(Math.round(gap / 1000) * 1000))
        : words.left(w.duration(Math.round(-gap / 1000) * 1000))
      : '';
    rows.push({
      label: L.deadline,
      value: `${wallTime(m.deadline, ctx.timezone, w)}${how === '' ? '' : `, ${how}`}`,
    });
  } else {
    rows.push({ label: L.dueAt, value: wallTime(m.dueAt, ctx.timezone, w) });
  }
  if (m.period !== null) rows.push({ label: L.period, value: m.period });
  rows.push({ label: L.level, value: String(m.level) });
  if (m.acknowledgeBy !== null)
    rows.push({ label: L.acknowledgeBy, value: wallTime(m.acknowledgeBy, ctx.timezone, w) });

  const dash = dashboardLinks(ctx.publicUrl, m);
  const links: AlertLink[] = [];
  if (ctx.ackUrl !== null) links.push({ label: words.links.acknowledge, url: ctx.ackUrl, primary: true });
  links.push({ label: words.links.live, url: dash.live, primary: false });
  if (dash.metric !== null) links.push({ label: words.links.metric, url: dash.metric, primary: false });

  return {
    lang,
    subject: words.subject(facts),
    headline: words.headline(facts),
    facts: rows,
    risk: m.periodRisk === undefined ? null : riskSentence(m.periodRisk, lang, w, ctx.records ?? 'contacts'),
    links,
    escalation:
      m.acknowledgeBy === null
        ? words.lastLevel
        : words.escalates(wallTime(m.acknowledgeBy, ctx.timezone, w)),
    footer: words.footer,
  };
}
