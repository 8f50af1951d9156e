/**
 * A contract at a glance: the running period (one tile per metric: value against target, verdict, a trend
 * sparkline over the last periods), its statement, and the last periods with their verdicts and money.
 */
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.js';
import type { Statement, TrendDocument, TrendPeriod } from '../api/types.js';
import { AttainmentChart, Sparkline } from '../components/Charts.js';
import { StatementCard } from '../components/StatementCard.js';
import { Failure, Loading, VerdictBadge } from '../components/Status.js';
import { type ContractModel, useContract } from '../contract-data.js';
import { type I18n, useI18n } from '../i18n/index.js';
import {
  addMonths,
  cents,
  formatValue,
  headlineRow,
  metricIds,
  metricTitle,
  monthOf,
  periodName,
  targetText,
  verdictOf,
} from '../model.js';
import { useApi } from '../use-api.js';

/** How many periods the overview shows: the running one and five before it. */
const PERIODS = 6;

export function OverviewPage() {
  const { contract = '' } = useParams();
  const i18n = useI18n();
  const model = useContract(contract);
  const tz = model.data?.canonical?.timezone ?? 'Europe/Amsterdam';
  const running = monthOf(Date.now(), tz);
  // The running period's figures come from the kept evaluation (fast); the trend behind the sparklines and
  // the last periods is one evaluation over all of them, so it follows when it is ready.
  const now = useApi(
    () => (model.data === undefined ? Promise.resolve(undefined) : api.evaluation(contract, running)),
    [contract, running, model.data],
  );
  const trend = useApi(
    () =>
      model.data === undefined
        ? Promise.resolve(undefined)
        : api.trend(contract, addMonths(running, 1 - PERIODS), running),
    [contract, running, model.data],
  );
  const failed = model.error ?? (now.error && trend.error ? trend.error : undefined);
  if (failed)
    return (
      <Page>
        <Failure error={failed} retry={model.error ? model.reload : trend.reload} />
      </Page>
    );
  const current: PeriodFigures | undefined = now.data ?? trend.data?.periods.at(-1);
  if (model.data === undefined || current === undefined)
    return (
      <Page>
        <Loading />
      </Page>
    );
  return (
    <Overview
      i18n={i18n}
      model={model.data}
      current={current}
      asOf={now.data?.asOf ?? trend.data?.asOf ?? ''}
      trend={trend.data}
      trendError={trend.error}
    />
  );
}

/** What the tiles need of a period: the evaluation's document or a trend entry. */
type PeriodFigures = Pick<TrendPeriod, 'period' | 'provisional' | 'verdicts' | 'metrics'> & {
  readonly statement?: Statement | null;
};

function Page({ children }: { children: React.ReactNode }) {
  return <section className="page">{children}</section>;
}

function Overview({
  i18n,
  model,
  current,
  asOf,
  trend,
  trendError,
}: {
  i18n: I18n;
  model: ContractModel;
  current: PeriodFigures;
  asOf: string;
  trend: TrendDocument | undefined;
  trendError: Error | undefined;
}) {
  const { t, fmt, lang } = i18n;
  const c = model.canonical;
  const base = `/contracts/${encodeURIComponent(model.contract.id)}`;
  const periods = trend?.periods ?? [];
  const ids = metricIds(current);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const chartMetric = chosen ?? ids[0];
  const series = useMemo(() => seriesOf(periods, i18n), [periods, i18n]);
  const currency = c?.currency ?? 'EUR';
  const lastEnded = [...periods].reverse().find((p) => !p.provisional);
  return (
    <section className="page">
      <div className="page-head">
        <div>
          <p className="crumbs">
            <Link to="/contracts">{t.nav.contracts}</Link> / {model.contract.id}
          </p>
          <h1>{model.contract.id}</h1>
          <p className="muted">
            {c ? `${c.client} ⇄ ${c.partner} · ${t.contracts.version(c.version)}` : ''} ·{' '}
            {asOf !== '' && t.overview.asOf(fmt.dateTime(asOf))}
          </p>
        </div>
        {current && (
          <Link className="button primary" to={`${base}/periods/${current.period}`}>
            {t.overview.openPeriod}: {periodName(i18n, current.period)}
          </Link>
        )}
      </div>

      {current === undefined ? (
        <p className="muted">{t.overview.noRunning}</p>
      ) : (
        <div className="overview-grid">
          <section aria-labelledby="running-title">
            <h2 id="running-title">
              {t.overview.running}: {periodName(i18n, current.period)}{' '}
              <span className="muted small">{t.overview.metricsMet(countMet(current), ids.length)}</span>
            </h2>
            {current.provisional && <p className="note">{t.overview.provisionalNote}</p>}
            <ul className="grid tiles" aria-label={t.overview.metrics}>
              {ids.map((id) => {
                const m = model.metric(id);
                const row = headlineRow(current.metrics, id);
                const verdict = verdictOf(current.verdicts[id], current.provisional, row);
                const title = metricTitle(m, id, lang);
                return (
                  <li key={id} className={`card tile tile-${verdict}`}>
                    <div className="tile-head">
                      <h3>
                        <Link to={`${base}/periods/${current.period}/metrics/${encodeURIComponent(id)}`}>
                          {title}
                        </Link>
                      </h3>
                      <VerdictBadge verdict={verdict} />
                    </div>
                    <p className="tile-value">{formatValue(fmt, m?.target.unit, row?.value ?? null)}</p>
                    <p className="muted small">
                      {t.period.target} {targetText(i18n, m, row?.target ?? null)}
                    </p>
                    <Sparkline
                      points={series.get(id) ?? []}
                      target={row?.target ?? null}
                      label={t.overview.trend(title)}
                    />
                  </li>
                );
              })}
            </ul>
          </section>
          <aside className="side">
            <StatementCard
              statement={current.statement ?? null}
              currency={currency}
              estimate={current.provisional}
              title={`${t.overview.statement} ${periodName(i18n, current.period)}`}
            />
            {lastEnded && lastEnded.period !== current.period && (
              <StatementCard
                statement={lastEnded.statement ?? null}
                currency={currency}
                estimate={false}
                title={`${t.overview.statement} ${periodName(i18n, lastEnded.period)}`}
              />
            )}
          </aside>
        </div>
      )}

      {trend === undefined && (
        <div className="section">
          {trendError ? <Failure error={trendError} /> : <Loading label={t.overview.loadingTrend} />}
        </div>
      )}
      {chartMetric !== undefined && trend !== undefined && (
        <section className="card section" aria-labelledby="attainment-title">
          <div className="card-head">
            <h2 id="attainment-title">{t.overview.attainment}</h2>
            <label className="inline">
              {t.period.metric}{' '}
              <select value={chartMetric} onChange={(e) => setChosen(e.target.value)}>
                {ids.map((id) => (
                  <option key={id} value={id}>
                    {metricTitle(model.metric(id), id, lang)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <AttainmentChart
            points={series.get(chartMetric) ?? []}
            target={current ? (headlineRow(current.metrics, chartMetric)?.target ?? null) : null}
            label={t.overview.attainmentOf(metricTitle(model.metric(chartMetric), chartMetric, lang))}
            format={(v) => formatValue(fmt, model.metric(chartMetric)?.target.unit, v)}
            valueName={metricTitle(model.metric(chartMetric), chartMetric, lang)}
            targetName={t.period.target}
          />
        </section>
      )}

      {trend !== undefined && (
        <section className="card section" aria-labelledby="last-title">
          <h2 id="last-title">{t.overview.last}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.period.view}</th>
                  <th scope="col">{t.period.verdict}</th>
                  <th scope="col" className="num">
                    {t.statement.credits}
                  </th>
                  <th scope="col" className="num">
                    {t.statement.payable}
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...periods].reverse().map((p) => (
                  <tr key={p.period}>
                    <th scope="row">
                      <Link to={`${base}/periods/${p.period}`}>{periodName(i18n, p.period)}</Link>
                      {p.provisional && (
                        <>
                          {' '}
                          <VerdictBadge verdict="provisional" />
                        </>
                      )}
                    </th>
                    <td>{t.overview.metricsMet(countMet(p), metricIds(p).length)}</td>
                    <td className="num">
                      {p.statement ? fmt.money(-cents(p.statement.credits), currency) : '—'}
                    </td>
                    <td className="num">
                      {p.statement ? fmt.money(cents(p.statement.payable), currency) : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </section>
  );
}

function countMet(p: Pick<TrendPeriod, 'verdicts'>): number {
  return Object.values(p.verdicts).filter((v) => v === 'met').length;
}

/** Each metric's headline value per period, labelled with the period's short name. */
function seriesOf(periods: readonly TrendPeriod[], i18n: I18n) {
  const out = new Map<string, { label: string; value: number | null }[]>();
  for (const p of periods) {
    const label = shortPeriod(i18n, p.period);
    for (const id of metricIds(p)) {
      const row = headlineRow(p.metrics, id);
      const list = out.get(id) ?? [];
      list.push({ label, value: row?.value ?? null });
      out.set(id, list);
    }
  }
  return out;
}

function shortPeriod(i18n: I18n, period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${i18n.locale.months[Number(m[2]) - 1]!.slice(0, 3)} ${m[1]!.slice(2)}` : period;
}
