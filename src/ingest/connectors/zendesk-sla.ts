/**
 * Zendesk's own SLA verdicts, from the ticket metric events: per ticket and SLA metric, the policy applied
 * (`apply_sla`: target in minutes, business hours or calendar hours, policy title), whether the clock was
 * paused (`pause`), fulfilled (`fulfill`) and breached (`breach`). Zendesk writes a breach event ahead, at
 * the moment the target runs out, and marks it `deleted` when the metric is fulfilled before then; a
 * breach after the fulfilment does not count either.
 *
 * The metrics compared: `reply_time` instance 1 (first reply) with the contract's response times;
 * `requester_wait_time` and `resolution_time` with its resolution times.
 */
import type { ConnectorFile, SourceMeasure, SourceVerdict } from './connector.js';
import { RowCollector } from './connector.js';
import { isObject, type JsonObject } from './json-file.js';
import { idOf, msOf } from './native.js';
import { zendeskPages } from './zendesk.js';

const MEASURES: Readonly<Record<string, SourceMeasure>> = {
  reply_time: 'response',
  requester_wait_time: 'resolution',
  resolution_time: 'resolution',
};

interface MetricEvents {
  sla?: JsonObject;
  fulfilled?: number;
  breaches: { at: number; deleted: boolean }[];
  paused: boolean;
}

export function zendeskVerdicts(files: readonly ConnectorFile[]): SourceVerdict[] {
  // Problems with single records are the import's to report; the reconciliation reads what is readable.
  const pages = zendeskPages(files, new RowCollector());
  const byKey = new Map<string, { ticket: string; metric: string; events: MetricEvents }>();
  for (const { item } of pages.metricEvents.values()) {
    const ticket = idOf(item.ticket_id);
    const metric = typeof item.metric === 'string' ? item.metric : undefined;
    if (ticket === undefined || metric === undefined || MEASURES[metric] === undefined) continue;
    // Only the first reply of reply_time: later instances are next replies.
    if (metric === 'reply_time' && Number(item.instance_id) !== 1) continue;
    const key = `${ticket}\u0000${metric}`;
    let entry = byKey.get(key);
    if (entry === undefined)
      byKey.set(key, (entry = { ticket, metric, events: { breaches: [], paused: false } }));
    const at = msOf(item.time);
    const e = entry.events;
    if (item.type === 'apply_sla' && isObject(item.sla)) e.sla = item.sla;
    else if (item.type === 'pause') e.paused = true;
    else if (item.type === 'fulfill' && !Number.isNaN(at)) e.fulfilled = Math.min(e.fulfilled ?? at, at);
    else if (item.type === 'breach' && !Number.isNaN(at))
      e.breaches.push({ at, deleted: item.deleted === true });
  }
  const out: SourceVerdict[] = [];
  for (const { ticket, metric, events } of byKey.values()) {
    const sla = events.sla;
    // Without a policy Zendesk judges nothing; the reconciliation says so where Accord finds a breach.
    if (sla === undefined) continue;
    const fulfilled = events.fulfilled;
    const breached = events.breaches.some((b) => !b.deleted && (fulfilled === undefined || b.at < fulfilled));
    // Neither fulfilled nor breached yet: Zendesk has no verdict so far.
    if (!breached && fulfilled === undefined) continue;
    out.push({
      contact: ticket,
      measure: MEASURES[metric]!,
      native: metric,
      breached,
      targetSeconds: targetSeconds(sla),
      businessHours: typeof sla.business_hours === 'boolean' ? sla.business_hours : null,
      deadline: null,
      policy: isObject(sla.policy) && typeof sla.policy.title === 'string' ? sla.policy.title : null,
      paused: events.paused,
    });
  }
  return out.sort((a, b) => a.contact.localeCompare(b.contact, 'en', { numeric: true }));
}

function targetSeconds(sla: JsonObject): number | null {
  if (typeof sla.target_in_seconds === 'number') return sla.target_in_seconds;
  return typeof sla.target === 'number' ? sla.target * 60 : null;
}
