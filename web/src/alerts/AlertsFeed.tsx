/**
 * The live page's alerts (docs/monitor.md): what the monitor raised and nobody acknowledged, most urgent
 * first, each with countdowns to its deadline and to the moment it escalates, who it went to and its
 * state; an Acknowledge button for the roles the API lets acknowledge (the administrators), and the alerts
 * acknowledged lately. The feed is read again every 15 seconds; the countdowns tick every second.
 */
import { useEffect, useRef, useState } from 'react';
import type { CanonicalMetric } from '../api/types.js';
import { Failure, Loading } from '../components/Status.js';
import { metricTitle, useSide } from '../contract/shared.js';
import { useApi } from '../use-api.js';
import { type Alert, alertsApi } from './api.js';
import { countdown, subjectOf, useAlertI18n, useNow } from './words.js';
import './alerts.css';

const REFRESH_MS = 15_000;
const RECENT = 10;

export function AlertsFeed({
  contract,
  metrics,
}: {
  contract: string;
  metrics: readonly CanonicalMetric[] | undefined;
}) {
  const { a, fmt } = useAlertI18n();
  const feed = useApi(() => alertsApi.list(contract, 'all', 200), [contract]);
  const reload = useRef(feed.reload);
  reload.current = feed.reload;
  useEffect(() => {
    const timer = setInterval(() => reload.current(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const [readAt, setReadAt] = useState<number | undefined>();
  useEffect(() => {
    if (feed.data !== undefined) setReadAt(Date.now());
  }, [feed.data]);
  const alerts = feed.data?.alerts ?? [];
  const open = alerts
    .filter((x) => x.open)
    .sort((x, y) => (urgency(x) < urgency(y) ? -1 : urgency(x) > urgency(y) ? 1 : 0));
  const recent = alerts.filter((x) => !x.open).slice(0, RECENT);
  return (
    <section className="card section alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{a.feed.title}</h2>
      <p className="muted">{a.feed.intro}</p>
      {feed.data === undefined && feed.loading && <Loading />}
      {feed.error && <Failure error={feed.error} retry={feed.reload} />}
      {feed.data !== undefined && (
        <>
          {open.length === 0 ? (
            <p>{a.feed.none}</p>
          ) : (
            <OpenAlerts alerts={open} metrics={metrics} contract={contract} acknowledged={feed.reload} />
          )}
          {recent.length > 0 && <RecentAlerts alerts={recent} metrics={metrics} />}
          {readAt !== undefined && <p className="muted small">{a.feed.refreshed(fmt.time(readAt))}</p>}
        </>
      )}
    </section>
  );
}

/** The instant that comes first of an alert's deadline and acknowledge-by: what to look at first. */
function urgency(x: Alert): string {
  const times = [x.deadline, x.acknowledgeBy].filter((v): v is string => v !== null).sort();
  return times[0] ?? x.raisedAt;
}

function OpenAlerts({
  alerts,
  metrics,
  contract,
  acknowledged,
}: {
  alerts: readonly Alert[];
  metrics: readonly CanonicalMetric[] | undefined;
  contract: string;
  acknowledged: () => void;
}) {
  const { a } = useAlertI18n();
  const mayAcknowledge = useSide() !== null;
  const now = useNow();
  return (
    <>
      {!mayAcknowledge && <p className="note">{a.feed.adminsOnly}</p>}
      <div className="table-wrap">
        <table className="alerts-table open-alerts">
          <thead>
            <tr>
              <th scope="col">{a.feed.kind}</th>
              <th scope="col">{a.feed.about}</th>
              <th scope="col">{a.feed.deadline}</th>
              <th scope="col">{a.feed.who}</th>
              <th scope="col">{a.feed.acknowledgeBy}</th>
              <th scope="col">{a.feed.state}</th>
              {mayAcknowledge && <th scope="col">{a.feed.action}</th>}
            </tr>
          </thead>
          <tbody>
            {alerts.map((x) => (
              <tr key={x.id} data-alert={x.id}>
                <th scope="row">
                  <KindBadge alert={x} />
                </th>
                <td>
                  <Subject alert={x} metrics={metrics} />
                </td>
                <td>
                  <When at={x.deadline} now={now} />
                </td>
                <td>{x.who.join(', ')}</td>
                <td>
                  {x.acknowledgeBy === null ? a.feed.lastLevel : <When at={x.acknowledgeBy} now={now} />}
                </td>
                <td>
                  <StateText alert={x} />
                </td>
                {mayAcknowledge && (
                  <td>
                    <AcknowledgeButton contract={contract} alert={x} done={acknowledged} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function RecentAlerts({
  alerts,
  metrics,
}: {
  alerts: readonly Alert[];
  metrics: readonly CanonicalMetric[] | undefined;
}) {
  const { a, fmt } = useAlertI18n();
  return (
    <>
      <h3>{a.feed.recent}</h3>
      <div className="table-wrap">
        <table className="alerts-table recent-alerts">
          <thead>
            <tr>
              <th scope="col">{a.feed.kind}</th>
              <th scope="col">{a.feed.about}</th>
              <th scope="col">{a.feed.who}</th>
              <th scope="col">{a.feed.state}</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((x) => (
              <tr key={x.id} data-alert={x.id}>
                <th scope="row">
                  <KindBadge alert={x} />
                </th>
                <td>
                  <Subject alert={x} metrics={metrics} />
                </td>
                <td>{x.who.join(', ')}</td>
                <td>
                  {a.feed.states.acknowledged}{' '}
                  {x.acknowledgedAt !== null &&
                    a.feed.acknowledgedBy(x.acknowledgedBy ?? '–', fmt.dateTime(x.acknowledgedAt))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The kind in words with a glyph, and the level: never colour alone. */
export function KindBadge({ alert }: { alert: Alert }) {
  const { a, monitor } = useAlertI18n();
  const warning = alert.kind === 'at_risk' || alert.kind === 'action_overdue';
  return (
    <span className="alert-kind">
      <span className={`badge ${warning ? 'badge-at_risk' : 'badge-missed'}`}>
        <span aria-hidden="true">{warning ? '!' : '✕'}</span> {monitor.kinds[alert.kind]}
      </span>{' '}
      <span className="alert-level">
        {a.feed.level} {alert.level}
      </span>
    </span>
  );
}

/** The metric and the contact (or period) the alert is about. */
export function Subject({
  alert,
  metrics,
}: {
  alert: Alert;
  metrics: readonly CanonicalMetric[] | undefined;
}) {
  const { a, fmt, lang, locale } = useAlertI18n();
  const metric = alert.metric === null ? undefined : metrics?.find((m) => m.id === alert.metric);
  const risk = alert.periodRisk;
  const channel =
    alert.contact === null ? '' : (locale.channels[alert.contact.channel] ?? alert.contact.channel);
  return (
    <>
      {alert.metric !== null && <strong>{metricTitle(metric, alert.metric, lang)}</strong>}
      <span className="alert-subject">
        {subjectOf(alert)}
        {alert.contact !== null && (
          <span className="muted"> · {a.feed.contact(channel, fmt.dateTime(alert.contact.createdAt))}</span>
        )}
      </span>
      {risk !== undefined && risk.needed !== null && (
        <span className="muted small">
          {a.feed.periodRisk(fmt.percent(Math.max(0, risk.needed), 1), fmt.number(risk.remaining))}
        </span>
      )}
      {alert.missedPeriods !== undefined && (
        <span className="muted small">{a.feed.missedPeriods(alert.missedPeriods)}</span>
      )}
    </>
  );
}

/** An instant with the countdown to it (or the time since). */
export function When({ at, now }: { at: string | null; now: number }) {
  const i = useAlertI18n();
  if (at === null) return <>–</>;
  const past = Date.parse(at) <= now;
  return (
    <>
      <time dateTime={at}>{i.fmt.dateTime(at)}</time>
      <span className={`countdown${past ? ' past' : ''}`}>{countdown(i, i.a, at, now)}</span>
    </>
  );
}

/** Open, escalated (to the next level) or acknowledged, with what happens next. */
export function StateText({ alert }: { alert: Alert }) {
  const { a } = useAlertI18n();
  const word = a.feed.states[alert.state] ?? alert.state;
  if (alert.state === 'escalated')
    return (
      <span className="alert-state escalated">
        {word}: {a.feed.escalatedTo(alert.level + 1)}
      </span>
    );
  if (alert.state === 'open' && alert.acknowledgeBy !== null)
    return (
      <span className="alert-state">
        {word}: {a.feed.escalatesTo(alert.level + 1)}
      </span>
    );
  return <span className="alert-state">{word}</span>;
}

function AcknowledgeButton({ contract, alert, done }: { contract: string; alert: Alert; done: () => void }) {
  const { a } = useAlertI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const acknowledge = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await alertsApi.acknowledge(contract, alert.id);
      done();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="button primary small"
        disabled={busy}
        onClick={() => void acknowledge()}
        aria-describedby={`alert-${alert.id}`}
      >
        {busy ? a.feed.acknowledging : a.feed.acknowledge}
      </button>
      <span id={`alert-${alert.id}`} className="visually-hidden">
        {subjectOf(alert)}
      </span>
      {error && <Failure error={error} />}
    </>
  );
}
