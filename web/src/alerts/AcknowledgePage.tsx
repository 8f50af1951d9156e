/**
 * `/contracts/{contract}/alerts/acknowledge?token=…`: the page an alert mail's one-click link opens
 * (services/ack-link.ts `ackPagePath`). The link is its own credential, so the page works signed in or not.
 * Opening it shows the alert (`GET /api/v1/alerts/acknowledge?token=`) and acknowledges nothing — mail
 * scanners fetch every link of a message —; only the button acknowledges (`POST`, same query).
 */
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiProblem } from '../api/client.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { Loading } from '../components/Status.js';
import { useSession } from '../session.js';
import { useApi } from '../use-api.js';
import { KindBadge, StateText, Subject, When } from './AlertsFeed.js';
import { type Alert, alertsApi } from './api.js';
import { useAlertI18n, useNow } from './words.js';
import './alerts.css';

/**
 * Whether a refused token had expired, for the wording only: the server decided that it is refused; the
 * payload (`{"a": alertId, "e": expiresAt}`, services/ack-link.ts) says when it stopped being valid.
 */
function expired(token: string, now: number): boolean {
  try {
    const payload = token.split('.')[0] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const e = (JSON.parse(json) as { e?: unknown }).e;
    return typeof e === 'number' && e <= now;
  } catch {
    return false;
  }
}

export function AcknowledgePage() {
  const { monitor, t } = useAlertI18n();
  const { contract = '' } = useParams();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const shown = useApi(
    () => (token === '' ? Promise.reject(new ApiProblem(400, 'invalid', '', null)) : alertsApi.byLink(token)),
    [token],
  );
  const [acknowledged, setAcknowledged] = useState<Alert | undefined>();
  const [failed, setFailed] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const acknowledge = async () => {
    setBusy(true);
    setFailed(undefined);
    try {
      setAcknowledged(await alertsApi.acknowledgeByLink(token));
    } catch (e) {
      setFailed(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const alert = acknowledged ?? shown.data;
  const refused = shown.error ?? failed;
  return (
    <main id="main" className="auth">
      <section className="card auth-card ack-card" aria-labelledby="ack-title">
        <div className="auth-brand">
          <img src="/favicon.svg" alt="" width="36" height="36" />
          <span>{t.app.name}</span>
        </div>
        <h1 id="ack-title">{monitor.page.title}</h1>
        {shown.loading && alert === undefined && <Loading />}
        {refused !== undefined && (
          <p className="form-error" role="alert">
            {refused instanceof ApiProblem && refused.status === 401 && expired(token, Date.now())
              ? monitor.page.expired
              : refused instanceof ApiProblem && refused.status < 500
                ? monitor.page.invalid
                : refused.message}
          </p>
        )}
        {alert !== undefined && (
          <AlertDetails
            alert={alert}
            justAcknowledged={acknowledged !== undefined}
            busy={busy}
            acknowledge={() => void acknowledge()}
          />
        )}
        <LiveLink contract={contract} />
        <LanguageSwitch />
      </section>
    </main>
  );
}

function AlertDetails({
  alert,
  justAcknowledged,
  busy,
  acknowledge,
}: {
  alert: Alert;
  justAcknowledged: boolean;
  busy: boolean;
  acknowledge: () => void;
}) {
  const { a, monitor, fmt } = useAlertI18n();
  const now = useNow();
  return (
    <>
      <h2>{a.ack.what}</h2>
      <dl>
        <dt>{a.feed.kind}</dt>
        <dd>
          <KindBadge alert={alert} />
        </dd>
        <dt>{a.ack.contract}</dt>
        <dd>{alert.contract}</dd>
        <dt>{a.feed.about}</dt>
        <dd>
          <Subject alert={alert} metrics={undefined} />
        </dd>
        <dt>{a.ack.deadline}</dt>
        <dd>
          <When at={alert.deadline} now={now} />
        </dd>
        <dt>{a.ack.raisedAt}</dt>
        <dd>{fmt.dateTime(alert.raisedAt)}</dd>
        <dt>{a.feed.who}</dt>
        <dd>{alert.who.join(', ')}</dd>
        <dt>{a.ack.state}</dt>
        <dd>
          <StateText alert={alert} />
        </dd>
      </dl>
      {justAcknowledged ? (
        <p role="status" className="note">
          {monitor.page.done}
        </p>
      ) : alert.state === 'acknowledged' ? (
        <p role="status" className="note">
          {monitor.page.already}
          {alert.acknowledgedAt !== null &&
            ` ${a.feed.acknowledgedBy(alert.acknowledgedBy ?? '–', fmt.dateTime(alert.acknowledgedAt))}`}
        </p>
      ) : (
        <>
          <button type="button" className="button primary" disabled={busy} onClick={acknowledge}>
            {busy ? a.feed.acknowledging : monitor.page.button}
          </button>
          <p className="muted small">{a.ack.scanner}</p>
        </>
      )}
    </>
  );
}

function LiveLink({ contract }: { contract: string }) {
  const { a } = useAlertI18n();
  const { session } = useSession();
  if (session == null || contract === '') return null;
  return (
    <p className="auth-foot">
      <Link to={`/contracts/${encodeURIComponent(contract)}/live`}>{a.ack.toLive}</Link>
    </p>
  );
}
