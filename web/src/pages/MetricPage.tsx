/**
 * Drill-down (`/contracts/{c}/periods/{p}/metrics/{m}`): a metric's rows in the period and the records that
 * count against each (the API's breaches route), paginated and sortable, each one disputable.
 */
import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiProblem, api } from '../api/client.js';
import type { BreachesDocument, BreachRow, ContactReading, ContactTimeline } from '../api/types.js';
import { Failure, Loading, VerdictBadge } from '../components/Status.js';
import { type ContractModel, useContract } from '../contract-data.js';
import { type I18n, useI18n } from '../i18n/index.js';
import { formatValue, metricTitle, periodName, splitText, targetText } from '../model.js';
import { useApi } from '../use-api.js';

const PAGE_SIZE = 25;

export function MetricPage() {
  const { contract = '', period = '', metric = '' } = useParams();
  const i18n = useI18n();
  const model = useContract(contract);
  // The rows and their counts; each page of contacts is asked for on its own (the API pages the kept list).
  const doc = useApi(
    () => api.breaches(contract, period, metric, { limit: '1' }),
    [contract, period, metric],
  );
  return (
    <section className="page" aria-busy={doc.loading}>
      {model.error && <Failure error={model.error} retry={model.reload} />}
      {doc.error && <Failure error={doc.error} retry={doc.reload} />}
      {(model.data === undefined || doc.data === undefined) && !doc.error && !model.error && <Loading />}
      {model.data && doc.data && <Drill i18n={i18n} model={model.data} doc={doc.data} />}
    </section>
  );
}

function Drill({ i18n, model, doc }: { i18n: I18n; model: ContractModel; doc: BreachesDocument }) {
  const { t, fmt, lang } = i18n;
  const m = model.metric(doc.metric);
  const title = metricTitle(m, doc.metric, lang);
  const base = `/contracts/${encodeURIComponent(doc.contract)}`;
  const [params, setParams] = useSearchParams();
  // The first row with records against it, unless one is chosen (`?row=`).
  const firstWithBreaches = Math.max(
    0,
    doc.rows.findIndex((r) => countOf(r) > 0 && r.split !== null),
  );
  const rowIndex = Math.min(Number(params.get('row') ?? firstWithBreaches) || 0, doc.rows.length - 1);
  const row = doc.rows[rowIndex];
  const order = params.get('order') === 'desc' ? 'desc' : 'asc';
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    setParams(next);
  };
  return (
    <>
      <div className="page-head">
        <div>
          <p className="crumbs">
            <Link to="/contracts">{t.nav.contracts}</Link> / <Link to={base}>{doc.contract}</Link> /{' '}
            <Link to={`${base}/periods/${doc.period}`}>{periodName(i18n, doc.period)}</Link> / {doc.metric}
          </p>
          <h1>{t.drill.title(title)}</h1>
          <p className="muted">
            {t.drill.intro} {t.overview.asOf(fmt.dateTime(doc.asOf))}
          </p>
        </div>
      </div>
      <section className="card" aria-labelledby="rows-title">
        <h2 id="rows-title">{t.drill.rows}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
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
                <th scope="col">{t.drill.contact}</th>
              </tr>
            </thead>
            <tbody>
              {doc.rows.map((r, n) => (
                <tr key={JSON.stringify(r.split)} aria-current={n === rowIndex ? 'true' : undefined}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link-button"
                      aria-pressed={n === rowIndex}
                      onClick={() => set({ row: String(n), page: '1' })}
                    >
                      {splitText(i18n, r.split)}
                    </button>
                  </th>
                  <td className="num">{formatValue(fmt, m?.target.unit, r.value)}</td>
                  <td className="num">{targetText(i18n, m, r.target)}</td>
                  <td>
                    <VerdictBadge verdict={rowVerdict(r)} />
                  </td>
                  <td className="num">
                    {r.numerator === null ? '—' : fmt.number(r.numerator, 1)} /{' '}
                    {r.denominator === null ? '—' : fmt.number(r.denominator)}
                  </td>
                  <td>{t.drill.breaches(countOf(r))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {row && (
        <Contacts
          i18n={i18n}
          contract={doc.contract}
          period={doc.period}
          metric={doc.metric}
          row={row}
          rowIndex={rowIndex}
          order={order}
          page={page}
          onPage={(p) => set({ page: String(p) })}
          onOrder={(o) => set({ order: o, page: '1' })}
        />
      )}
    </>
  );
}

/** How many records count against a row (all pages). */
function countOf(r: BreachRow): number {
  return r.breachCount ?? r.breaches.length;
}

function rowVerdict(r: BreachRow) {
  if (!r.judged) return 'not_judged' as const;
  return r.met ? ('met' as const) : ('missed' as const);
}

function Contacts({
  i18n,
  contract,
  period,
  metric,
  row,
  rowIndex,
  order,
  page,
  onPage,
  onOrder,
}: {
  i18n: I18n;
  contract: string;
  period: string;
  metric: string;
  row: BreachRow;
  rowIndex: number;
  order: 'asc' | 'desc';
  page: number;
  onPage(p: number): void;
  onOrder(o: 'asc' | 'desc'): void;
}) {
  const { t } = i18n;
  const count = countOf(row);
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  const current = Math.min(page, pages);
  // Descending pages are cut from the end of the API's ascending list, then turned round.
  const size = Math.max(1, Math.min(PAGE_SIZE, count - (current - 1) * PAGE_SIZE));
  const offset = order === 'asc' ? (current - 1) * PAGE_SIZE : Math.max(0, count - current * PAGE_SIZE);
  const pageDoc = useApi(
    () => api.breaches(contract, period, metric, { offset: String(offset), limit: String(size) }),
    [contract, period, metric, offset, size],
  );
  const ids = pageDoc.data?.rows[rowIndex]?.breaches;
  const shown = useMemo(() => {
    const list = ids ?? [];
    return order === 'asc' ? [...list] : [...list].reverse();
  }, [ids, order]);
  // The readings of the page's contacts (their clocks, as the evaluation ran them).
  const readings = useApi(
    () => Promise.all(shown.map((id) => api.contactTimeline(contract, id, metric).catch(() => undefined))),
    [contract, metric, shown.join(',')],
  );
  const [pageSort, setPageSort] = useState<'clock' | 'created' | undefined>();
  const rows = useMemo(() => {
    const list = shown.map((id, n) => ({ id, timeline: readings.data?.[n] }));
    if (pageSort === 'clock')
      list.sort((a, b) => (b.timeline?.reading?.elapsedMs ?? -1) - (a.timeline?.reading?.elapsedMs ?? -1));
    if (pageSort === 'created')
      list.sort((a, b) =>
        (a.timeline?.contact.createdAt ?? '').localeCompare(b.timeline?.contact.createdAt ?? ''),
      );
    return list;
  }, [shown, readings.data, pageSort]);
  const [disputing, setDisputing] = useState<string | undefined>();
  const [open, setOpen] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const sortButton = (key: 'clock' | 'created', label: string) => (
    <button
      type="button"
      className="sort-button"
      aria-pressed={pageSort === key}
      onClick={() => setPageSort(pageSort === key ? undefined : key)}
    >
      {label} <span className="muted small">({t.drill.thisPage})</span>
    </button>
  );
  return (
    <section className="card section" aria-labelledby="contacts-title">
      <div className="card-head">
        <h2 id="contacts-title">
          {t.drill.breaches(count)} · {splitText(i18n, row.split)}
        </h2>
        <label className="inline">
          {t.drill.sort}{' '}
          <select value={order} onChange={(e) => onOrder(e.target.value === 'desc' ? 'desc' : 'asc')}>
            <option value="asc">
              {t.drill.contact} ({t.drill.ascending})
            </option>
            <option value="desc">
              {t.drill.contact} ({t.drill.descending})
            </option>
          </select>
        </label>
      </div>
      {done && (
        <p className="note" role="status">
          {t.drill.disputed(done)}
        </p>
      )}
      {pageDoc.error && <Failure error={pageDoc.error} retry={pageDoc.reload} />}
      {count === 0 ? (
        <p className="muted">{t.drill.none}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="contacts" aria-busy={readings.loading}>
              <thead>
                <tr>
                  <th scope="col">{t.drill.contact}</th>
                  <th scope="col">{sortButton('created', t.drill.created)}</th>
                  <th scope="col">{t.drill.stopped}</th>
                  <th scope="col" className="num">
                    {sortButton('clock', t.drill.clock)}
                  </th>
                  <th scope="col">{t.drill.why}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t.drill.dispute}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ id, timeline }) => (
                  <ContactRow
                    key={id}
                    i18n={i18n}
                    id={id}
                    timeline={timeline}
                    open={open === id}
                    onToggle={() => setOpen(open === id ? undefined : id)}
                    dispute={
                      disputing === id ? (
                        <DisputeForm
                          i18n={i18n}
                          contract={contract}
                          contact={id}
                          onDone={() => {
                            setDisputing(undefined);
                            setDone(id);
                          }}
                          onCancel={() => setDisputing(undefined)}
                        />
                      ) : (
                        <button
                          type="button"
                          className="button secondary small"
                          onClick={() => setDisputing(id)}
                        >
                          {t.drill.dispute} <span className="visually-hidden">{id}</span>
                        </button>
                      )
                    }
                  />
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label={t.common.page(current, pages)}>
            <button
              type="button"
              className="button secondary"
              disabled={current <= 1}
              onClick={() => onPage(current - 1)}
            >
              {t.common.previous}
            </button>
            <span>
              {t.common.page(current, pages)} ·{' '}
              {t.drill.showing(
                (current - 1) * PAGE_SIZE + 1,
                (current - 1) * PAGE_SIZE + shown.length,
                count,
              )}
            </span>
            <button
              type="button"
              className="button secondary"
              disabled={current >= pages}
              onClick={() => onPage(current + 1)}
            >
              {t.common.next}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

function ContactRow({
  i18n,
  id,
  timeline,
  open,
  onToggle,
  dispute,
}: {
  i18n: I18n;
  id: string;
  timeline: ContactTimeline | undefined;
  open: boolean;
  onToggle(): void;
  dispute: ReactNode;
}) {
  const { t, fmt } = i18n;
  const r = timeline?.reading ?? null;
  const paused = r === null ? 0 : r.pauses.reduce((s, p) => s + Date.parse(p.to) - Date.parse(p.from), 0);
  return (
    <>
      <tr data-contact={id}>
        <th scope="row">
          <code>{id}</code>
          <div>
            <button type="button" className="link-button small" aria-expanded={open} onClick={onToggle}>
              {open ? t.drill.hideTimeline : t.drill.timeline}
              <span className="visually-hidden"> {id}</span>
            </button>
          </div>
        </th>
        <td>{timeline ? fmt.dateTime(timeline.contact.createdAt) : '…'}</td>
        <td>
          {r === null ? '—' : (t.drill.stoppedBy[r.stoppedBy] ?? r.stoppedBy)}
          {r?.stop && <div className="muted small">{fmt.dateTime(r.stop)}</div>}
        </td>
        <td className="num">
          {r === null ? '—' : fmt.duration(r.elapsedMs)}
          {paused > 0 && (
            <div className="muted small">
              {t.drill.pausedFor} {fmt.duration(paused)}
            </div>
          )}
        </td>
        <td className="why">{r === null ? (timeline ? t.drill.noReading : '…') : whyText(i18n, r)}</td>
        <td>{dispute}</td>
      </tr>
      {open && timeline && (
        <tr className="timeline-row">
          <td colSpan={6}>
            <Timeline i18n={i18n} timeline={timeline} />
          </td>
        </tr>
      )}
    </>
  );
}

function whyText(i18n: I18n, r: ContactReading): string {
  const { t, fmt } = i18n;
  const elapsed = fmt.duration(r.elapsedMs);
  const threshold = fmt.duration(r.thresholdMs);
  if (r.within === null) return t.drill.notCounted;
  if (r.stop === null) return t.drill.openOver(elapsed, threshold);
  if (r.stoppedBy === 'abandoned' && r.within === false && r.elapsedMs <= r.thresholdMs)
    return t.drill.abandonedFails(elapsed);
  return r.within ? t.drill.within(elapsed, threshold) : t.drill.over(elapsed, threshold);
}

function Timeline({ i18n, timeline }: { i18n: I18n; timeline: ContactTimeline }) {
  const { t, fmt, locale } = i18n;
  const c = timeline.contact;
  const moments: [string, string | null][] = [
    [t.drill.created, c.createdAt],
    [capital(t.drill.stoppedBy.answered ?? 'answered'), c.answeredAt],
    [capital(t.drill.stoppedBy.abandoned ?? 'abandoned'), c.abandonedAt],
    [capital(t.drill.stoppedBy.first_response ?? 'first response'), c.firstResponseAt],
    [capital(t.drill.stoppedBy.resolved ?? 'resolved'), c.resolvedAt],
  ];
  const status = (s: string) =>
    ((locale.statuses as Readonly<Record<string, string>>)[s] ?? s).replace(/[‘’'"„“”]/g, '');
  return (
    <div className="timeline">
      <ol>
        {moments
          .filter(([, at]) => at !== null)
          .map(([label, at]) => (
            <li key={label}>
              <strong>{label}</strong> <span className="muted">{fmt.dateTime(at!)}</span>
            </li>
          ))}
        {timeline.events.map((e) => (
          <li key={`${e.at}-${e.status}`}>
            {t.drill.event}: <strong>{status(e.status)}</strong>{' '}
            {e.nativeStatus && <span className="muted small">({e.nativeStatus})</span>}{' '}
            <span className="muted">{fmt.dateTime(e.at)}</span>
          </li>
        ))}
      </ol>
      {timeline.reading && timeline.reading.pauses.length > 0 && (
        <p className="small">
          {t.drill.pausedFor}:{' '}
          {timeline.reading.pauses.map((p) => `${fmt.dateTime(p.from)} – ${fmt.time(p.to)}`).join('; ')}
        </p>
      )}
      <p className="muted small">
        {[c.channel, c.queue, c.language, c.category].filter((x) => x !== null).join(' · ')} · {c.source}
      </p>
    </div>
  );
}

const REASONS = ['spam', 'test', 'duplicate', 'other'] as const;

function DisputeForm({
  i18n,
  contract,
  contact,
  onDone,
  onCancel,
}: {
  i18n: I18n;
  contract: string;
  contact: string;
  onDone(): void;
  onCancel(): void;
}) {
  const { t } = i18n;
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const note = String(f.get('note') ?? '').trim();
    try {
      await api.raiseDispute(contract, {
        contact,
        reason: String(f.get('reason') ?? 'other'),
        ...(note === '' ? {} : { note }),
      });
      onDone();
    } catch (err) {
      setError(err instanceof ApiProblem ? err.detail : String(err));
    }
  };
  return (
    <form className="dispute" onSubmit={submit} aria-label={t.drill.disputeTitle(contact)}>
      <label>
        {t.drill.reason}
        <select name="reason" defaultValue="other">
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.drill.note}
        <input type="text" name="note" maxLength={500} />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button primary small">
          {t.common.send}
        </button>
        <button type="button" className="button secondary small" onClick={onCancel}>
          {t.common.cancel}
        </button>
      </div>
    </form>
  );
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
