/**
 * `/contracts/{contract}/closing`: close an ended period with the other party on the figures both see (the
 * evaluation's `asOf` and `inputDigest`), and the disputed contacts: raise one, or decide the other
 * party's. Administrators act for their side; everyone else reads.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiProblem, api } from '../api/client.js';
import type { Contract } from '../api/types.js';
import { Failure, Loading } from '../components/Status.js';
import { useApi } from '../use-api.js';
import { type CloseDocument, contractApi, type DisputeDocument } from './api.js';
import { lifeStart, periodsOf, useContractI18n, useContractId, useMoney, useSide } from './shared.js';
import './contract.css';

export function ClosingPage() {
  const id = useContractId();
  const { m } = useContractI18n();
  const c = useApi(() => api.contract(id), [id]);
  const inForce = useApi(
    () => (c.data?.inForce == null ? Promise.resolve(undefined) : contractApi.version(id, c.data.inForce)),
    [id, c.data?.inForce],
  );
  const canonical = inForce.data?.canonical ?? undefined;
  const start = c.data && lifeStart(c.data);
  return (
    <section className="page contract-page">
      <div className="page-head">
        <h1>
          {m.closing.title}: {id}
        </h1>
      </div>
      {(c.loading || inForce.loading) && canonical === undefined && <Loading />}
      {c.error && <Failure error={c.error} retry={c.reload} />}
      {canonical && start && c.data && (
        <PeriodClose
          contract={c.data}
          periods={periodsOf(canonical, start, Date.now(), 12).ended.map((p) => p.name)}
          currency={canonical.currency}
        />
      )}
      <Disputes contract={id} />
    </section>
  );
}

function PeriodClose({
  contract,
  periods,
  currency,
}: {
  contract: Contract;
  periods: string[];
  currency: string;
}) {
  const { m, fmt } = useContractI18n();
  const side = useSide();
  const money = useMoney(currency);
  // `?period=2026-10` opens that period (a link from the period page); else the latest ended one.
  const [params] = useSearchParams();
  const asked = params.get('period')?.toUpperCase();
  const [period, setPeriod] = useState(asked !== undefined && periods.includes(asked) ? asked : periods[0]);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const evaluation = useApi(
    () => (period === undefined ? Promise.resolve(undefined) : contractApi.evaluation(contract.id, period)),
    [contract.id, period],
  );
  const close = useApi(async (): Promise<CloseDocument | null> => {
    if (period === undefined) return null;
    try {
      return await contractApi.close(contract.id, period);
    } catch (e) {
      if (e instanceof ApiProblem && e.status === 404) return null;
      throw e;
    }
  }, [contract.id, period]);
  const doc = evaluation.data;
  const state = close.data;
  // A proposal is agreed to on its own figures; without one, on the evaluation's as it stands.
  const figures =
    state != null
      ? { asOf: state.asOf, inputDigest: state.inputDigest, statement: state.statement }
      : doc && { asOf: doc.asOf, inputDigest: doc.inputDigest, statement: doc.statement };
  const agree = async () => {
    if (figures === undefined || period === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      await contractApi.agreeToClose(contract.id, period, figures!.asOf, figures!.inputDigest);
      close.reload();
      evaluation.reload();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const mine = side !== null && state?.status === 'proposed' && state.agreements[side] !== null;
  return (
    <section className="card section" aria-labelledby="close">
      <div className="section-head">
        <h2 id="close">{m.closing.closeTitle}</h2>
        <div className="inline">
          <label htmlFor="close-period">{m.closing.period}</label>
          <select id="close-period" value={period ?? ''} onChange={(e) => setPeriod(e.target.value)}>
            {periods.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      </div>
      {(evaluation.loading || close.loading) && <Loading />}
      {evaluation.error && <Failure error={evaluation.error} retry={evaluation.reload} />}
      {close.error && <Failure error={close.error} retry={close.reload} />}
      {figures && (
        <>
          <p className="muted">
            {m.closing.figures(fmt.dateTime(figures.asOf))} · {m.closing.inputDigest}{' '}
            <code>{figures.inputDigest.slice(0, 19)}…</code>
          </p>
          {figures.statement && (
            <dl className="statement">
              {(['fee', 'credits', 'earnBack', 'bonus', 'payable'] as const).map((k) => (
                <div key={k}>
                  <dt>{m.whatIf.money[k]}</dt>
                  <dd>{money(figures.statement?.[k])}</dd>
                </div>
              ))}
            </dl>
          )}
        </>
      )}
      {close.data !== undefined && (
        <div className="close-state" role="status">
          {state === null && <p>{m.closing.none}</p>}
          {state?.status === 'proposed' && <p>{m.closing.proposed}</p>}
          {state?.status === 'closed' && state.closedAt && (
            <p>
              <strong>{m.closing.closedAt(fmt.dateTime(state.closedAt))}</strong>
            </p>
          )}
          {state && (
            <ul className="plain">
              {(['client', 'partner'] as const).map((s) => (
                <li key={s}>
                  {m.closing.agreement[s]}:{' '}
                  {state.agreements[s] === null
                    ? m.closing.notAgreed
                    : m.closing.agreed(fmt.dateTime(state.agreements[s].at), state.agreements[s].by)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error && <Failure error={error} />}
      {side === null ? (
        <p className="muted">{m.closing.onlyAdmins}</p>
      ) : (
        state?.status !== 'closed' &&
        doc !== undefined &&
        !doc.provisional && (
          <button
            type="button"
            className="button primary"
            disabled={busy || mine}
            onClick={() => void agree()}
          >
            {busy ? m.closing.agreeing : m.closing.agree}
          </button>
        )
      )}
    </section>
  );
}

function Disputes({ contract }: { contract: string }) {
  const { m, fmt } = useContractI18n();
  const side = useSide();
  const r = useApi(() => contractApi.disputes(contract), [contract]);
  const [error, setError] = useState<Error>();
  const [form, setForm] = useState({ contact: '', source: '', reason: 'test', note: '' });
  const decide = async (d: DisputeDocument, agree: boolean) => {
    setError(undefined);
    try {
      await contractApi.decideDispute(contract, d.id, agree);
      r.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  const raise = async () => {
    setError(undefined);
    try {
      await contractApi.raiseDispute(contract, {
        contact: form.contact.trim(),
        reason: form.reason,
        ...(form.source.trim() === '' ? {} : { source: form.source.trim() }),
        ...(form.note.trim() === '' ? {} : { note: form.note.trim() }),
      });
      setForm({ contact: '', source: '', reason: 'test', note: '' });
      r.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  const disputes = r.data?.disputes ?? [];
  return (
    <section className="card section" aria-labelledby="disputes">
      <h2 id="disputes">{m.closing.disputes}</h2>
      {r.error && <Failure error={r.error} retry={r.reload} />}
      {error && <Failure error={error} />}
      {r.data && disputes.length === 0 && <p className="muted">{m.closing.noDisputes}</p>}
      {disputes.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{m.closing.contact}</th>
                <th scope="col">{m.closing.reason}</th>
                <th scope="col">{m.closing.note}</th>
                <th scope="col">{m.closing.status}</th>
                <th scope="col">{m.versions.actions}</th>
              </tr>
            </thead>
            <tbody>
              {disputes.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    {d.contact ?? '–'}
                    <div className="muted small">{d.source}</div>
                  </th>
                  <td>{m.closing.reasons[d.reason] ?? d.reason}</td>
                  <td>{d.note ?? ''}</td>
                  <td>
                    {m.closing.disputeStatus[d.status] ?? d.status}
                    <div className="muted small">
                      {m.closing.raisedBy(
                        m.closing.side[d.raised.side] ?? d.raised.side,
                        fmt.dateTime(d.raised.at),
                      )}
                    </div>
                  </td>
                  <td>
                    {side !== null && d.status === 'proposed' && d.raised.side !== side && (
                      <div className="actions">
                        <button type="button" className="button primary" onClick={() => void decide(d, true)}>
                          {m.closing.agreeDispute}
                        </button>
                        <button
                          type="button"
                          className="button secondary"
                          onClick={() => void decide(d, false)}
                        >
                          {m.closing.rejectDispute}
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {side !== null && (
        <form
          className="dispute-form"
          onSubmit={(e) => {
            e.preventDefault();
            void raise();
          }}
        >
          <h3>{m.closing.raise}</h3>
          <div className="grid two">
            <label className="field">
              {m.closing.contact}
              <input
                required
                value={form.contact}
                onChange={(e) => setForm({ ...form, contact: e.target.value })}
              />
            </label>
            <label className="field">
              {m.closing.source}
              <input value={form.source} onChange={(e) => setForm({ ...form, source: e.target.value })} />
            </label>
            <label className="field">
              {m.closing.reason}
              <select value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })}>
                {Object.entries(m.closing.reasons).map(([k, label]) => (
                  <option key={k} value={k}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {m.closing.note}
              <input value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
            </label>
          </div>
          <button type="submit" className="button primary">
            {m.closing.submit}
          </button>
        </form>
      )}
    </section>
  );
}
