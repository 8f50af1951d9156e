/**
 * One period's results (`/contracts/{contract}/periods/{period}`): every metric with value, target, verdict,
 * numerator/denominator and its splits, volume against forecast, the money lines with the rule behind
 * each, acceptance and warnings. Week, month and quarter of the same time.
 */
import { Fragment, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.js';
import type { CanonicalMetric, EvaluationDocument, MetricRow } from '../api/types.js';
import { BucketChart, VolumeChart, type VolumePoint } from '../components/Charts.js';
import { ReportDownloads } from '../components/ReportDownloads.js';
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
  monthOfPeriod,
  periodName,
  quarterOf,
  splitRows,
  splitText,
  targetText,
  verdictOf,
  weeksOf,
} from '../model.js';
import { useApi } from '../use-api.js';

export function PeriodPage() {
  const { contract = '', period = '' } = useParams();
  const i18n = useI18n();
  const model = useContract(contract);
  const doc = useApi(() => api.evaluation(contract, period), [contract, period]);
  return (
    <section className="page" aria-busy={doc.loading}>
      {model.error && <Failure error={model.error} retry={model.reload} />}
      {doc.error && <Failure error={doc.error} retry={doc.reload} />}
      {(model.data === undefined || doc.data === undefined) && !doc.error && !model.error && <Loading />}
      {model.data && doc.data && <Period i18n={i18n} model={model.data} doc={doc.data} />}
    </section>
  );
}

function Period({ i18n, model, doc }: { i18n: I18n; model: ContractModel; doc: EvaluationDocument }) {
  const { t, fmt } = i18n;
  const base = `/contracts/${encodeURIComponent(model.contract.id)}`;
  const currency = doc.credits?.currency ?? model.canonical?.currency ?? 'EUR';
  const ids = metricIds(doc);
  return (
    <>
      <div className="page-head">
        <div>
          <p className="crumbs">
            <Link to="/contracts">{t.nav.contracts}</Link> / <Link to={base}>{model.contract.id}</Link> /{' '}
            {doc.period}
          </p>
          <h1>{t.period.title(periodName(i18n, doc.period))}</h1>
          <p className="muted">
            {t.contracts.version(doc.version)} · {t.overview.asOf(fmt.dateTime(doc.asOf))}{' '}
            {doc.provisional && <VerdictBadge verdict="provisional" />}
          </p>
        </div>
        <PeriodSwitch i18n={i18n} base={base} period={doc.period} />
      </div>
      {doc.provisional && <p className="note">{t.overview.provisionalNote}</p>}
      {doc.closed === true && <p className="note">{t.period.closed}</p>}

      <section className="card" aria-labelledby="metrics-title">
        <h2 id="metrics-title">{t.overview.metrics}</h2>
        <div className="table-wrap">
          <table className="metrics">
            <thead>
              <tr>
                <th scope="col">{t.period.metric}</th>
                <th scope="col">{t.period.split}</th>
                <th scope="col" className="num">
                  {t.period.value}
                </th>
                <th scope="col" className="num">
                  {t.period.target}
                </th>
                <th scope="col">{t.period.verdict}</th>
                <th scope="col" className="num">
                  {t.period.counts}
                </th>
                <th scope="col">{t.period.volume}</th>
              </tr>
            </thead>
            <tbody>
              {ids.map((id) => (
                <MetricRows key={id} i18n={i18n} model={model} doc={doc} id={id} base={base} />
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <div className="grid two section">
        <Money i18n={i18n} doc={doc} currency={currency} model={model} />
        <div className="stack">
          <StatementCard
            statement={doc.statement}
            currency={currency}
            estimate={doc.provisional}
            title={t.overview.statement}
          />
          <section className="card" aria-labelledby="acceptance-title">
            <h2 id="acceptance-title">{t.period.acceptance}</h2>
            <p>{t.period.acceptancePhase(doc.acceptance?.phase ?? 'none', doc.acceptance?.period ?? null)}</p>
          </section>
          <ReportDownloads contract={model.contract.id} period={doc.period} />
          <section className="card" aria-labelledby="warnings-title">
            <h2 id="warnings-title">{t.period.warnings}</h2>
            {doc.warnings.length === 0 ? (
              <p className="muted">{t.period.noWarnings}</p>
            ) : (
              <ul className="warnings">
                {doc.warnings.map((w, n) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: warnings have no id and never reorder
                  <li key={n}>{w.message ?? JSON.stringify(w)}</li>
                ))}
              </ul>
            )}
            <p className="muted small digest">
              {t.period.digest}: <code>{doc.inputDigest.slice(0, 23)}…</code>
            </p>
          </section>
        </div>
      </div>

      <div className="grid two section">
        <IntervalSection i18n={i18n} doc={doc} model={model} />
        <ScoreSection i18n={i18n} doc={doc} model={model} />
      </div>
      <VolumeSection i18n={i18n} doc={doc} model={model} />
    </>
  );
}

function PeriodSwitch({ i18n, base, period }: { i18n: I18n; base: string; period: string }) {
  const { t } = i18n;
  const month = monthOfPeriod(period);
  const kind = /-Q/.test(period) ? 'quarter' : /-W/.test(period) ? 'week' : 'month';
  const prev = kind === 'month' ? addMonths(month, -1) : undefined;
  const next = kind === 'month' ? addMonths(month, 1) : undefined;
  const views: [string, string, string][] = [
    ['week', t.period.weekView, weeksOf(month).at(-1) ?? period],
    ['month', t.period.monthView, month],
    ['quarter', t.period.quarterView, quarterOf(month)],
  ];
  return (
    <nav className="period-switch" aria-label={t.period.view}>
      {prev && (
        <Link className="button secondary" to={`${base}/periods/${prev}`} aria-label={t.period.prevPeriod}>
          ‹
        </Link>
      )}
      <div className="segmented">
        {views.map(([k, label, p]) => (
          <Link key={k} to={`${base}/periods/${p}`} aria-current={k === kind ? 'page' : undefined}>
            {label}
          </Link>
        ))}
      </div>
      {next && (
        <Link className="button secondary" to={`${base}/periods/${next}`} aria-label={t.period.nextPeriod}>
          ›
        </Link>
      )}
    </nav>
  );
}

function MetricRows({
  i18n,
  model,
  doc,
  id,
  base,
}: {
  i18n: I18n;
  model: ContractModel;
  doc: EvaluationDocument;
  id: string;
  base: string;
}) {
  const m = model.metric(id);
  const head = headlineRow(doc.metrics, id);
  const splits = splitRows(doc.metrics, id);
  const verdict = verdictOf(doc.verdicts[id], doc.provisional, head);
  const link = `${base}/periods/${doc.period}/metrics/${encodeURIComponent(id)}`;
  return (
    <Fragment>
      <tr className="metric-head" data-metric={id}>
        <th scope="row">
          <Link to={link}>{metricTitle(m, id, i18n.lang)}</Link>
          {metricTitle(m, id, i18n.lang) !== id && <div className="muted small">{id}</div>}
        </th>
        {head && <RowCells i18n={i18n} model={model} row={head} verdict={verdict} />}
      </tr>
      {splits.map((r) => (
        <tr key={JSON.stringify(r.split)} className="metric-split" data-metric={id}>
          <td />
          <RowCells
            i18n={i18n}
            model={model}
            row={r}
            verdict={
              r.judged
                ? r.met
                  ? doc.provisional
                    ? 'provisional'
                    : 'met'
                  : doc.provisional
                    ? 'at_risk'
                    : 'missed'
                : 'not_judged'
            }
          />
        </tr>
      ))}
    </Fragment>
  );
}

function RowCells({
  i18n,
  model,
  row,
  verdict,
}: {
  i18n: I18n;
  model: ContractModel;
  row: MetricRow;
  verdict: ReturnType<typeof verdictOf>;
}) {
  const { t, fmt } = i18n;
  const m = model.metric(row.id);
  return (
    <>
      <td>{splitText(i18n, row.split)}</td>
      <td className="num value" data-value={row.value ?? ''}>
        {formatValue(fmt, m?.target.unit, row.value)}
      </td>
      <td className="num">{targetText(i18n, m, row.target)}</td>
      <td>
        <VerdictBadge verdict={verdict} />
        {row.reason && <div className="muted small">{t.reasons[row.reason] ?? row.reason}</div>}
      </td>
      <td className="num">
        {row.numerator === null ? '—' : fmt.number(row.numerator, 1)} /{' '}
        {row.denominator === null ? '—' : fmt.number(row.denominator, 0)}
      </td>
      <td>
        {row.volume === null ? (
          '—'
        ) : (
          <>
            {fmt.number(row.volume.actual)} /{' '}
            {row.volume.forecast === null ? t.period.noForecast : fmt.number(row.volume.forecast)}
            {row.volume.forecast !== null && (
              <div className={`small ${row.volume.withinBand ? 'muted' : 'warn'}`}>
                {row.volume.withinBand ? t.period.withinBand : t.period.outsideBand}
              </div>
            )}
          </>
        )}
      </td>
    </>
  );
}

function Money({
  i18n,
  doc,
  currency,
  model,
}: {
  i18n: I18n;
  doc: EvaluationDocument;
  currency: string;
  model: ContractModel;
}) {
  const { t, fmt, lang } = i18n;
  const lines = [
    ...(doc.credits?.lines ?? []).map((l) => ({ ...l, kind: t.statement.credits, sign: -1 })),
    ...(doc.earnBack?.lines ?? []).map((l) => ({ ...l, kind: t.statement.earnBack, sign: 1 })),
  ];
  return (
    <section className="card" aria-labelledby="money-title">
      <h2 id="money-title">{t.period.money}</h2>
      {lines.length === 0 ? (
        <p className="muted">{t.period.noCredits}</p>
      ) : (
        <table className="money">
          <thead>
            <tr>
              <th scope="col">{t.period.metric}</th>
              <th scope="col">{t.period.rule}</th>
              <th scope="col" className="num">
                {t.period.amount}
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={`${l.kind}-${l.metric}-${l.rule}`}>
                <th scope="row">
                  {metricTitle(model.metric(l.metric), l.metric, lang)}
                  <div className="muted small">{l.kind}</div>
                </th>
                <td>
                  <code className="rule">{l.rule}</code>
                </td>
                <td className="num">{fmt.money(l.sign * cents(l.amount), currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(doc.credits?.caps.length ?? 0) > 0 && (
        <>
          <h3>{t.period.caps}</h3>
          <ul>
            {doc.credits?.caps.map((c) => (
              <li key={c.rule}>
                <code className="rule">{c.rule}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {doc.bonus?.earned === true && (
        <p>
          {t.statement.bonus}: {fmt.money(cents(doc.bonus.amount), currency)}
        </p>
      )}
    </section>
  );
}

function VolumeSection({ i18n, doc, model }: { i18n: I18n; doc: EvaluationDocument; model: ContractModel }) {
  const { t, lang } = i18n;
  const tolerance = (model.canonical?.volume?.forecastTolerancePpm ?? 0) / 1_000_000;
  const points: VolumePoint[] = [];
  for (const id of metricIds(doc)) {
    const v = headlineRow(doc.metrics, id)?.volume;
    if (!v || v.forecast === null) continue;
    points.push({
      label: metricTitle(model.metric(id), id, lang),
      actual: v.actual,
      forecast: v.forecast,
      bandTop: Math.round(v.forecast * (1 + tolerance)),
    });
  }
  if (points.length === 0) return null;
  return (
    <section className="card section" aria-labelledby="volume-title">
      <h2 id="volume-title">{t.period.volumeChart}</h2>
      <VolumeChart
        points={points}
        label={t.period.volumeChart}
        names={{ actual: t.period.actual, forecast: t.period.forecast, bandTop: t.period.bandTop }}
      />
    </section>
  );
}

/** Kinds whose value is a share of the period's contacts: they can be shown per interval of the day. */
const SHARE_KINDS = new Set(['service_level', 'response_time', 'resolution_time', 'abandonment_rate']);

function IntervalSection({
  i18n,
  doc,
  model,
}: {
  i18n: I18n;
  doc: EvaluationDocument;
  model: ContractModel;
}) {
  const { t, fmt, lang } = i18n;
  const candidates = metricIds(doc).filter((id) => SHARE_KINDS.has(model.metric(id)?.kind ?? ''));
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const metric = chosen ?? candidates[0];
  // Computed from the period's records on request (not kept): drawn when asked for, not on every load.
  const [shown, setShown] = useState(false);
  const r = useApi(
    () =>
      metric === undefined || !shown
        ? Promise.resolve(undefined)
        : api.intervals(doc.contract, doc.period, metric),
    [doc.contract, doc.period, metric, shown],
  );
  if (metric === undefined) return null;
  const title = metricTitle(model.metric(metric), metric, lang);
  const points = (r.data?.intervals ?? [])
    .filter((x) => x.denominator > 0)
    .map((x) => ({ label: x.start, value: x.numerator / x.denominator }));
  const target = headlineRow(doc.metrics, metric)?.target ?? null;
  return (
    <section className="card" aria-labelledby="intervals-title">
      <div className="card-head">
        <h2 id="intervals-title">{t.period.intervalsTitle}</h2>
        <label className="inline">
          {t.period.metric}{' '}
          <select value={metric} onChange={(e) => setChosen(e.target.value)}>
            {candidates.map((id) => (
              <option key={id} value={id}>
                {metricTitle(model.metric(id), id, lang)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!shown && (
        <button type="button" className="button secondary" onClick={() => setShown(true)}>
          {t.period.showChart}
        </button>
      )}
      {r.error && <Failure error={r.error} retry={r.reload} />}
      {shown && r.loading && r.data === undefined && <Loading />}
      {r.data && points.length === 0 && <p className="muted">{t.period.intervalsNone}</p>}
      {points.length > 0 && (
        <BucketChart
          points={points}
          label={t.period.intervalsOf(title)}
          valueName={title}
          format={(v) => fmt.percent(v, 0)}
          target={target}
        />
      )}
    </section>
  );
}

/** Survey metrics (CSAT, CES, top box, NPS): their answers can be shown by score. */
function isSurveyMetric(m: CanonicalMetric | undefined): boolean {
  if (m === undefined) return false;
  if (m.kind === 'nps' || m.kind === 'top_box') return true;
  return m.kind === 'mean_score' && (m.measure === 'csat' || m.measure === 'ces');
}

function ScoreSection({ i18n, doc, model }: { i18n: I18n; doc: EvaluationDocument; model: ContractModel }) {
  const { t, lang } = i18n;
  const candidates = metricIds(doc).filter((id) => isSurveyMetric(model.metric(id)));
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const metric = chosen ?? candidates[0];
  // Computed from the period's records on request (not kept): drawn when asked for, not on every load.
  const [shown, setShown] = useState(false);
  const r = useApi(
    () =>
      metric === undefined || !shown
        ? Promise.resolve(undefined)
        : api.distribution(doc.contract, doc.period, metric),
    [doc.contract, doc.period, metric, shown],
  );
  if (metric === undefined) return null;
  const title = metricTitle(model.metric(metric), metric, lang);
  const scales = new Set((r.data?.scores ?? []).map((s) => `${s.scaleMin}-${s.scaleMax}`));
  const points = (r.data?.scores ?? []).map((s) => ({
    label: scales.size > 1 ? `${s.score} (${t.period.scale(s.scaleMin, s.scaleMax)})` : String(s.score),
    value: s.count,
  }));
  return (
    <section className="card" aria-labelledby="scores-title">
      <div className="card-head">
        <h2 id="scores-title">{t.period.scoresTitle}</h2>
        <label className="inline">
          {t.period.metric}{' '}
          <select value={metric} onChange={(e) => setChosen(e.target.value)}>
            {candidates.map((id) => (
              <option key={id} value={id}>
                {metricTitle(model.metric(id), id, lang)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!shown && (
        <button type="button" className="button secondary" onClick={() => setShown(true)}>
          {t.period.showChart}
        </button>
      )}
      {r.error && <Failure error={r.error} retry={r.reload} />}
      {shown && r.loading && r.data === undefined && <Loading />}
      {r.data && points.length === 0 && <p className="muted">{t.period.intervalsNone}</p>}
      {points.length > 0 && (
        <BucketChart points={points} label={t.period.scoresOf(title)} valueName={t.period.answers} />
      )}
    </section>
  );
}
