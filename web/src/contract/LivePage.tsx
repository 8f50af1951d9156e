/**
 * `/contracts/{contract}/live`: the monitor's alerts (open contacts at risk or breached with their
 * countdowns, escalation, acknowledging: web/src/alerts/AlertsFeed.tsx), and the running period's outlook
 * (docs/evaluation.md, Running period): per metric what is at risk (no longer attainable), and for the rest
 * what must still happen: the share of the contacts still expected that must meet the threshold (or may
 * still fail, for a lower-is-better metric).
 */
import { useEffect, useRef } from 'react';
import { AlertsFeed } from '../alerts/AlertsFeed.js';
import { api } from '../api/client.js';
import type { CanonicalMetric } from '../api/types.js';
import { Failure, Loading, VerdictBadge } from '../components/Status.js';
import { useApi } from '../use-api.js';
import { contractApi, type OutlookRow } from './api.js';
import {
  lifeStart,
  metricTitle,
  periodsOf,
  useContractI18n,
  useContractId,
  useFormatValue,
} from './shared.js';
import './contract.css';

const REFRESH_MS = 60_000;

export function LivePage() {
  const id = useContractId();
  const { m } = useContractI18n();
  const c = useApi(() => api.contract(id), [id]);
  const inForce = useApi(
    () => (c.data?.inForce == null ? Promise.resolve(undefined) : contractApi.version(id, c.data.inForce)),
    [id, c.data?.inForce],
  );
  const canonical = inForce.data?.canonical ?? undefined;
  const start = c.data && lifeStart(c.data);
  const running = canonical && start ? periodsOf(canonical, start, Date.now(), 0).running.name : undefined;
  const evaluation = useApi(
    () => (running === undefined ? Promise.resolve(undefined) : contractApi.evaluation(id, running)),
    [id, running],
  );
  // The running period moves on: the outlook is read again every minute (the server keeps the document and
  // refreshes it when data arrives, so this costs a lookup).
  const reload = useRef(evaluation.reload);
  reload.current = evaluation.reload;
  useEffect(() => {
    const timer = setInterval(() => reload.current(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <section className="page contract-page">
      <div className="page-head">
        <div>
          <h1>
            {m.live.title}: {id}
          </h1>
          {running && <p className="muted">{m.live.running(running)}</p>}
        </div>
      </div>
      <AlertsFeed contract={id} metrics={canonical?.metrics} />
      <p className="muted section">{m.live.intro}</p>
      {(c.loading || inForce.loading || evaluation.loading) && evaluation.data === undefined && <Loading />}
      {c.error && <Failure error={c.error} retry={c.reload} />}
      {evaluation.error && <Failure error={evaluation.error} retry={evaluation.reload} />}
      {evaluation.data && canonical && (
        <Outlook rows={evaluation.data.metrics} metrics={canonical.metrics} asOf={evaluation.data.asOf} />
      )}
    </section>
  );
}

function Outlook({
  rows,
  metrics,
  asOf,
}: {
  rows: readonly OutlookRow[];
  metrics: readonly CanonicalMetric[];
  asOf: string;
}) {
  const { m, fmt, lang } = useContractI18n();
  const value = useFormatValue();
  const pooled = rows.filter((r) => r.split === null);
  const atRisk = pooled.filter((r) => r.outlook != null && !r.outlook.attainable);
  const onTrack = pooled.filter((r) => r.outlook?.attainable);
  const others = pooled.filter((r) => r.outlook == null);
  const metric = (id: string) => metrics.find((x) => x.id === id);
  const must = (r: OutlookRow) => {
    const o = r.outlook!;
    const share = fmt.percent(Math.max(0, o.requiredShare), 1);
    const n = fmt.number(o.expectedRemaining);
    return metric(r.id)?.direction === 'lower' ? m.live.mayFail(share, n) : m.live.mustStill(share, n);
  };
  const table = (list: readonly OutlookRow[], risk: boolean) => (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{m.live.metric}</th>
            <th scope="col" className="num">
              {m.live.value}
            </th>
            <th scope="col" className="num">
              {m.live.target}
            </th>
            <th scope="col" className="num">
              {m.live.expected}
            </th>
            <th scope="col">{m.live.required}</th>
            <th scope="col">{m.live.basis}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                {metricTitle(metric(r.id), r.id, lang)} {risk && <VerdictBadge verdict="at_risk" />}
              </th>
              <td className="num">{value(metric(r.id), r.value)}</td>
              <td className="num">{value(metric(r.id), r.target)}</td>
              <td className="num">{fmt.number(r.outlook!.expectedRemaining)}</td>
              <td>{risk ? m.live.unattainable : must(r)}</td>
              <td>{m.live.bases[r.outlook!.basis] ?? r.outlook!.basis}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <>
      <p className="muted">{m.live.asOf(fmt.dateTime(asOf))}</p>
      <section className="card section" aria-labelledby="at-risk">
        <h2 id="at-risk">{m.live.atRisk}</h2>
        {atRisk.length === 0 ? <p>{m.live.nothingAtRisk}</p> : table(atRisk, true)}
      </section>
      {onTrack.length > 0 && (
        <section className="card section" aria-labelledby="on-track">
          <h2 id="on-track">{m.live.onTrack}</h2>
          {table(onTrack, false)}
        </section>
      )}
      {others.length > 0 && (
        <section className="card section" aria-labelledby="others">
          <h2 id="others">{m.live.noOutlook}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{m.live.metric}</th>
                  <th scope="col" className="num">
                    {m.live.value}
                  </th>
                  <th scope="col" className="num">
                    {m.live.target}
                  </th>
                </tr>
              </thead>
              <tbody>
                {others.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{metricTitle(metric(r.id), r.id, lang)}</th>
                    <td className="num">{value(metric(r.id), r.value)}</td>
                    <td className="num">{value(metric(r.id), r.target)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
