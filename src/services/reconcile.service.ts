/**
 * Reconciliation (docs/connectors.md, Reconciliation): where a source computes its own SLA verdicts
 * (Zendesk's ticket metric events, Freshdesk's escalation flags), the contacts on which they and Accord's
 * verdict differ, and why: another target, another calendar, pauses, another definition, or a contact the
 * contract does not count.
 *
 * Accord's verdict comes from the one evaluation (`runEvaluation`, the `--data` path over the connector's
 * records): a contact counts as breached when the metric's row names it among its breaches. Whether a
 * contact that is not named was met or not counted at all is asked of the same evaluation over that
 * contact alone (its status history with it). Nothing here runs a clock.
 */
import type { Clock, Contract, Lang, Metric } from '../domain/contract/types.js';
import { formatDuration } from '../domain/duration.js';
import { coveredPopulation } from '../domain/kpis/channels.js';
import type { Period } from '../domain/period.js';
import { periodContainingDay } from '../domain/period.js';
import {
  type Contact,
  type DataSet,
  emptyDataSet,
  type RecordKind,
  type RecordKinds,
} from '../domain/records.js';
import { formatInstant } from '../domain/time/instant.js';
import { localDayOf } from '../domain/time/zone.js';
import {
  type ConnectorFormat,
  type MappedInput,
  relocateError,
  type SourceMeasure,
  type SourceVerdict,
} from '../ingest/connectors/connector.js';
import { loadConnectorFiles, recognisedFiles } from '../ingest/connectors/read-files.js';
import { connectorOf } from '../ingest/connectors/registry.js';
import { transientPseudonym } from '../ingest/load-data.js';
import { type RecordError, readRecordFile } from '../ingest/read-records.js';
import { nodeSha256 } from '../ingest/sha256.js';
import { RECONCILE_WORDS, type ReconcileReason, type ReconcileVerdict } from '../locales/reconcile.js';
import { invalid } from './errors.js';
import { periodOf, runEvaluation } from './evaluation.service.js';

/** The contract kinds a source's measure is compared with. */
const KIND_OF: Readonly<Record<SourceMeasure, Metric['kind']>> = {
  response: 'response_time',
  resolution: 'resolution_time',
};

type TimedMetric = Extract<Metric, { kind: 'response_time' | 'resolution_time' }>;

export interface ReconcileRequest {
  readonly format: ConnectorFormat;
  readonly files: readonly string[];
  readonly versions: readonly Contract[];
  readonly asOf: number;
  /** Period names; default: every judgement period in which a contact of the files was created. */
  readonly periods?: readonly string[];
  readonly lang?: Lang;
}

export interface ReconcileDifference {
  readonly contact: string;
  readonly period: string;
  readonly metric: string;
  /** The source's metric (`reply_time`, `fr_escalated`), or null when it judged nothing. */
  readonly sourceMetric: string | null;
  readonly source: ReconcileVerdict;
  readonly accord: ReconcileVerdict;
  readonly sourcePolicy: string | null;
  readonly reasons: readonly { readonly code: ReconcileReason['code']; readonly message: string }[];
}

export interface ReconcileDocument {
  readonly format: ConnectorFormat;
  readonly system: string;
  readonly contract: string;
  readonly asOf: string;
  readonly periods: readonly string[];
  /** The source's verdicts on contacts of the periods, and Accord's breaches the source did not judge. */
  readonly compared: number;
  /** Of those, the ones on which both sides agree (`differences` may list one per contract metric). */
  readonly agreed: number;
  readonly differences: readonly ReconcileDifference[];
  /** Records of the files that could not be read (they are left out of both sides). */
  readonly errors: readonly RecordError[];
}

/** Reads the files, evaluates their records with the contract and lists where the source disagrees. */
export async function reconcile(req: ReconcileRequest): Promise<ReconcileDocument> {
  const connector = connectorOf(req.format);
  if (connector.verdicts === undefined)
    throw invalid(
      `the ${connector.system} connector reads no SLA verdicts of ${connector.system}'s own: there is nothing to reconcile`,
    );
  const known = recognisedFiles(req.format, loadConnectorFiles(req.files));
  if (known.files.length === 0)
    throw invalid(
      `none of the files is a page of ${connector.system}`,
      known.errors.map((e) => ({ path: 'files', file: e.file, line: e.line, message: e.message })),
    );
  const mapped = connector.read(known.files);
  const verdicts = connector.verdicts(known.files);
  const { data, errors } = await dataOf(req.format, mapped);
  const latest = req.versions[req.versions.length - 1]!;
  const zone = latest.timezone;
  const periods =
    req.periods !== undefined
      ? req.periods.map((name) => periodOf(req.versions, name, '--period'))
      : periodsOf(latest, data.contacts, zone);
  if (periods.length === 0) throw invalid(`the files hold no contact of ${connector.system} to compare`);
  const words = RECONCILE_WORDS[req.lang ?? 'en'];
  const differences: ReconcileDifference[] = [];
  let compared = 0;
  let differing = 0;
  for (const period of periods) {
    if (period.start > req.asOf) continue;
    const found = comparePeriod(req, period, data, verdicts, connector.system);
    compared += found.compared;
    differing += found.differing;
    for (const d of found.differences)
      differences.push({
        contact: d.contact,
        period: d.period,
        metric: d.metric,
        sourceMetric: d.sourceMetric,
        source: d.source,
        accord: d.accord,
        sourcePolicy: d.sourcePolicy,
        reasons: d.reasons.map((r) => ({ code: r.code, message: words.reason(r) })),
      });
  }
  return {
    format: req.format,
    system: connector.system,
    contract: latest.id,
    asOf: formatInstant(req.asOf, zone),
    periods: periods.map((p) => p.name),
    compared,
    agreed: compared - differing,
    differences,
    errors: [...known.errors, ...mapped.errors, ...errors],
  };
}

/** The connector's rows as records, read the way `accord evaluate --data` reads a file. */
async function dataOf(
  format: ConnectorFormat,
  mapped: MappedInput,
): Promise<{ data: DataSet; errors: RecordError[] }> {
  const data = emptyDataSet();
  const errors: RecordError[] = [];
  if (mapped.rows.length === 0) return { data, errors };
  const batches = readRecordFile({
    file: 'rows',
    rows: mapped.rows.map((r) => r.row),
    format: 'ndjson',
    kind: undefined,
    context: { source: format, pseudonymise: transientPseudonym },
  });
  for await (const batch of batches) {
    for (const r of batch.records) (data[r.kind] as RecordKinds[RecordKind][]).push(r.record);
    for (const e of batch.errors) errors.push(relocateError(mapped.rows, e));
  }
  return { data, errors };
}

/** The judgement periods in which the contacts were created, oldest first. */
function periodsOf(contract: Contract, contacts: readonly Contact[], zone: string): Period[] {
  const byName = new Map<string, Period>();
  for (const c of contacts) {
    const p = periodContainingDay(contract.period, localDayOf(zone, c.createdAt), zone);
    byName.set(p.name, p);
  }
  return [...byName.values()].sort((a, b) => a.start - b.start);
}

interface PeriodFindings {
  compared: number;
  differing: number;
  differences: (Omit<ReconcileDifference, 'reasons'> & { reasons: ReconcileReason[] })[];
}

/**
 * Each source verdict of a contact of the period against the contract's metrics of the same measure:
 * a source breach agrees when one of them names the contact among its breaches; a source "met" agrees
 * when none does. A source breach that no metric names is looked up in the evaluation of the contact
 * alone: the metrics that count it met it, and when none counts it the contract does not judge it.
 */
function comparePeriod(
  req: ReconcileRequest,
  period: Period,
  data: DataSet,
  verdicts: readonly SourceVerdict[],
  system: string,
): PeriodFindings {
  const evaluation = runEvaluation({
    versions: req.versions,
    period: period.name,
    asOf: req.asOf,
    data,
    sha256: nodeSha256,
  });
  const contract = evaluation.result.contract;
  const ids = new Set(
    data.contacts.filter((c) => c.createdAt >= period.start && c.createdAt < period.end).map((c) => c.id),
  );
  const breachesOf = new Map<string, ReadonlySet<string>>();
  for (const r of evaluation.result.rows) if (r.split === null) breachesOf.set(r.id, new Set(r.breaches));
  const out: PeriodFindings = { compared: 0, differing: 0, differences: [] };
  const add = (d: PeriodFindings['differences'][number]) => out.differences.push(d);
  for (const measure of ['response', 'resolution'] as const) {
    const metrics = contract.metrics.filter((m): m is TimedMetric => m.kind === KIND_OF[measure]);
    if (metrics.length === 0) continue;
    const judged = new Set<string>();
    for (const v of verdicts) {
      if (v.measure !== measure || !ids.has(v.contact)) continue;
      judged.add(v.contact);
      out.compared++;
      const base = {
        contact: v.contact,
        period: period.name,
        sourceMetric: v.native,
        source: (v.breached ? 'breached' : 'met') as ReconcileVerdict,
        sourcePolicy: v.policy,
      };
      const breachedIn = metrics.filter((m) => breachesOf.get(m.id)?.has(v.contact) === true);
      if (v.breached === breachedIn.length > 0) continue;
      out.differing++;
      if (!v.breached) {
        for (const m of breachedIn)
          add({
            ...base,
            metric: m.id,
            accord: 'breached',
            reasons: reasonsOf(contract, m, v, data, system),
          });
        continue;
      }
      const countedIn = countedMetrics(req, period, data, v.contact);
      const counting = metrics.filter((m) => countedIn.has(m.id));
      for (const m of counting)
        add({ ...base, metric: m.id, accord: 'met', reasons: reasonsOf(contract, m, v, data, system) });
      if (counting.length === 0)
        add({
          ...base,
          metric: metrics.map((m) => m.id).join(', '),
          accord: 'not_counted',
          reasons: metrics.map((m) => ({
            code: 'not_in_population',
            metric: m.id,
            population: populationText(m),
          })),
        });
    }
    // Breaches Accord finds where the source judged nothing: the source applied no target.
    for (const m of metrics) {
      for (const contact of [...(breachesOf.get(m.id) ?? [])].sort(byNumber)) {
        if (judged.has(contact) || !ids.has(contact)) continue;
        out.compared++;
        out.differing++;
        add({
          contact,
          period: period.name,
          metric: m.id,
          sourceMetric: null,
          source: 'none',
          accord: 'breached',
          sourcePolicy: null,
          reasons: [{ code: 'no_source_sla', system, native: NATIVE_NAME[req.format]?.[measure] ?? measure }],
        });
      }
    }
  }
  out.differences.sort((a, b) => byNumber(a.contact, b.contact) || a.metric.localeCompare(b.metric));
  return out;
}

/** The source metric a contract kind is compared with, named when the source judged nothing. */
const NATIVE_NAME: Partial<Record<ConnectorFormat, Record<SourceMeasure, string>>> = {
  zendesk: { response: 'reply_time', resolution: 'requester_wait_time' },
  freshdesk: { response: 'fr_escalated', resolution: 'is_escalated' },
};

const byNumber = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** The metrics that count the contact at all: the same evaluation, over the contact and its statuses alone. */
function countedMetrics(req: ReconcileRequest, period: Period, data: DataSet, contact: string): Set<string> {
  const alone: DataSet = {
    ...emptyDataSet(),
    contacts: data.contacts.filter((c) => c.id === contact),
    status_events: data.status_events.filter((e) => e.contactId === contact),
  };
  const evaluation = runEvaluation({
    versions: req.versions,
    period: period.name,
    asOf: req.asOf,
    data: alone,
    sha256: nodeSha256,
  });
  return new Set(
    evaluation.result.rows.filter((r) => r.split === null && (r.denominator ?? 0) > 0).map((r) => r.id),
  );
}

/** Why the source and the contract judge a contact both counted differently, most telling first. */
function reasonsOf(
  contract: Contract,
  metric: TimedMetric,
  v: SourceVerdict,
  data: DataSet,
  system: string,
): ReconcileReason[] {
  const contact = v.contact;
  const reasons: ReconcileReason[] = [];
  if (v.targetSeconds !== null && v.targetSeconds * 1000 !== metric.thresholdMs)
    reasons.push({
      code: 'different_target',
      system,
      source: formatDuration(v.targetSeconds * 1000),
      contract: formatDuration(metric.thresholdMs),
    });
  const allHours = countsEveryHour(contract, metric.clock);
  if (v.businessHours !== null && v.businessHours === allHours)
    reasons.push({
      code: 'different_calendar',
      system,
      sourceBusinessHours: v.businessHours,
      contractCalendar: allHours ? null : metric.clock.calendar,
    });
  if (v.deadline !== null)
    reasons.push({ code: 'source_deadline', system, deadline: formatInstant(v.deadline, contract.timezone) });
  const pausing = new Set<string>(metric.clock.pauseWhen);
  const wasPaused = data.status_events.some((e) => e.contactId === contact && pausing.has(e.status));
  if (wasPaused && v.paused !== true)
    reasons.push({
      code: 'pauses',
      system,
      native: v.native,
      statuses: metric.clock.pauseWhen.join(', '),
      contractPauses: true,
    });
  else if (v.paused === true && pausing.size === 0)
    reasons.push({ code: 'pauses', system, native: v.native, statuses: '', contractPauses: false });
  if (reasons.length === 0) reasons.push({ code: 'definition', system, native: v.native });
  return reasons;
}

function countsEveryHour(contract: Contract, clock: Clock): boolean {
  if (clock.calendar === null) return true;
  return contract.calendars[clock.calendar]?.alwaysOpen ?? false;
}

/** The population the metric counts, its kind's channels included (a response time counts no chat). */
function populationText(metric: Metric): string {
  const entries = Object.entries(coveredPopulation(metric));
  if (entries.length === 0) return 'every contact';
  return entries.map(([field, values]) => `${field}: ${values.join(' | ')}`).join(', ');
}

/** The text report: one line per difference, then the summary. */
export function reconcileText(doc: ReconcileDocument, lang: Lang = 'en'): string[] {
  const words = RECONCILE_WORDS[lang];
  const lines = doc.differences.map((d) => {
    const source = `${doc.system} ${words.verdict[d.source]}${d.sourceMetric === null ? '' : ` (${d.sourceMetric}${d.sourcePolicy === null ? '' : `, "${d.sourcePolicy}"`})`}`;
    return `${d.contact} ${d.metric} ${d.period}: ${source}, Accord ${words.verdict[d.accord]} — ${d.reasons.map((r) => r.message).join('; ')}`;
  });
  if (lines.length === 0) lines.push(words.none);
  lines.push(words.summary(doc.compared, doc.differences.length, doc.system));
  return lines;
}
