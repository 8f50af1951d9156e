/**
 * The what-if of a version not yet in force: replayed over the last ended (or closed) periods beside the
 * versions that judged them, with verdicts, credits, earn-back, bonus and payable side by side.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import type { CanonicalContract, Contract } from '../api/types.js';
import { Failure, Loading } from '../components/Status.js';
import { useApi } from '../use-api.js';
import { contractApi, type Money, type WhatIfDocument, type WhatIfPeriod } from './api.js';
import { metricTitle, useContractI18n, useFormatValue, useMoney, useSignedMoney, Verdict } from './shared.js';

const MONEY_KEYS = ['fee', 'credits', 'earnBack', 'bonus', 'payable'] as const;

export function WhatIf({ contract }: { contract: Contract }) {
  const { m } = useContractI18n();
  const candidates = contract.versions.filter((v) => v.digest !== null && v.version !== contract.inForce);
  const [n, setN] = useState(candidates.at(-1)?.version);
  const [periods, setPeriods] = useState(3);
  const [basis, setBasis] = useState<'ended' | 'closed'>('ended');
  const [result, setResult] = useState<WhatIfDocument>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const chosen = n ?? candidates.at(-1)?.version;
  const run = async () => {
    if (chosen === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      setResult(await contractApi.whatIf(contract.id, chosen, periods, basis));
    } catch (e) {
      setResult(undefined);
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card section" aria-labelledby="what-if">
      <h2 id="what-if">{m.whatIf.title}</h2>
      <p className="muted">{m.whatIf.intro}</p>
      {candidates.length === 0 ? (
        <p>{m.whatIf.noneToReplay}</p>
      ) : (
        <form
          className="controls"
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <label className="inline">
            {m.whatIf.version}{' '}
            <select value={chosen} onChange={(e) => setN(Number(e.target.value))}>
              {candidates.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            {m.whatIf.periods}{' '}
            <select value={periods} onChange={(e) => setPeriods(Number(e.target.value))}>
              {Array.from({ length: 12 }, (_, i) => i + 1).map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            {m.whatIf.basis}{' '}
            <select
              value={basis}
              onChange={(e) => setBasis(e.target.value === 'closed' ? 'closed' : 'ended')}
            >
              <option value="ended">{m.whatIf.ended}</option>
              <option value="closed">{m.whatIf.closed}</option>
            </select>
          </label>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? m.whatIf.running : m.whatIf.run}
          </button>
        </form>
      )}
      {busy && <Loading label={m.whatIf.running} />}
      {error && <Failure error={error} />}
      {result && <WhatIfResult contract={contract} doc={result} />}
    </section>
  );
}

function WhatIfResult({ contract, doc }: { contract: Contract; doc: WhatIfDocument }) {
  const { m, fmt, lang } = useContractI18n();
  const current = useApi(
    () => contractApi.version(contract.id, doc.inForce.version),
    [contract.id, doc.inForce.version],
  );
  const proposed = useApi(
    () => contractApi.version(contract.id, doc.proposed.version),
    [contract.id, doc.proposed.version],
  );
  const currency = current.data?.canonical?.currency ?? 'EUR';
  const money = useMoney(currency);
  const signed = useSignedMoney(currency);
  const v = doc.inForce.version;
  const p = doc.proposed.version;
  return (
    <div className="what-if-result" aria-live="polite">
      <p>
        <strong>{m.whatIf.replayed(p, fmt.date(doc.proposed.replayedFrom), v)}</strong>
      </p>
      <div className="table-wrap">
        <table className="what-if-table">
          <caption className="visually-hidden">{m.whatIf.summary}</caption>
          <thead>
            <tr>
              <th scope="col">{m.whatIf.period}</th>
              <th scope="col">{m.whatIf.verdictChanges}</th>
              <th scope="col" className="num">
                {m.whatIf.payable}: {m.whatIf.now(v)}
              </th>
              <th scope="col" className="num">
                {m.whatIf.payable}: {m.whatIf.proposed(p)}
              </th>
              <th scope="col" className="num">
                {m.whatIf.difference}
              </th>
            </tr>
          </thead>
          <tbody>
            {doc.periods.map((row) => (
              <tr key={row.period}>
                <th scope="row">
                  <Link
                    to={`/contracts/${encodeURIComponent(contract.id)}/periods/${encodeURIComponent(row.period)}`}
                  >
                    {row.period}
                  </Link>
                  {row.closed !== null && (
                    <div className="muted small">{m.whatIf.agreed(money(row.closed.payable))}</div>
                  )}
                </th>
                <td>
                  {row.changedVerdicts.length === 0 ? (
                    <span className="muted">{m.whatIf.noVerdictChange}</span>
                  ) : (
                    <ul className="plain">
                      {row.changedVerdicts.map((id) => (
                        <li key={id}>
                          {metricTitle(
                            proposed.data?.canonical?.metrics.find((x) => x.id === id) ??
                              current.data?.canonical?.metrics.find((x) => x.id === id),
                            id,
                            lang,
                          )}
                          : <Verdict verdict={row.current.verdicts[id]} /> →{' '}
                          <Verdict verdict={row.proposed.verdicts[id]} />
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className="num">{money(row.current.statement?.payable)}</td>
                <td className="num">{money(row.proposed.statement?.payable)}</td>
                <td className={`num ${tone(row.difference?.payable)}`}>
                  {row.difference === null ? '–' : signed(row.difference.payable)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{m.whatIf.total}</th>
              <td />
              <td className="num">{money(doc.totals.current.payable)}</td>
              <td className="num">{money(doc.totals.proposed.payable)}</td>
              <td className={`num ${tone(doc.totals.difference.payable)}`}>
                {signed(doc.totals.difference.payable)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <MoneyTable totals={doc.totals} v={v} p={p} currency={currency} />
      {doc.periods.map((row) => (
        <PeriodDetails
          key={row.period}
          row={row}
          v={v}
          p={p}
          current={current.data?.canonical ?? undefined}
          proposed={proposed.data?.canonical ?? undefined}
        />
      ))}
    </div>
  );
}

const tone = (amount: string | undefined) =>
  amount === undefined || Number(amount) === 0 ? '' : Number(amount) > 0 ? 'up' : 'down';

function MoneyTable(props: { totals: WhatIfDocument['totals']; v: number; p: number; currency: string }) {
  const { m } = useContractI18n();
  const money = useMoney(props.currency);
  const signed = useSignedMoney(props.currency);
  const cell = (t: Money, k: (typeof MONEY_KEYS)[number]) => money(t[k]);
  return (
    <div className="table-wrap">
      <table className="money-table">
        <caption>{m.whatIf.total}</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col" className="num">
              {m.whatIf.now(props.v)}
            </th>
            <th scope="col" className="num">
              {m.whatIf.proposed(props.p)}
            </th>
            <th scope="col" className="num">
              {m.whatIf.difference}
            </th>
          </tr>
        </thead>
        <tbody>
          {MONEY_KEYS.map((k) => (
            <tr key={k}>
              <th scope="row">{m.whatIf.money[k]}</th>
              <td className="num">{cell(props.totals.current, k)}</td>
              <td className="num">{cell(props.totals.proposed, k)}</td>
              <td className="num">{signed(props.totals.difference[k])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PeriodDetails(props: {
  row: WhatIfPeriod;
  v: number;
  p: number;
  current: CanonicalContract | undefined;
  proposed: CanonicalContract | undefined;
}) {
  const { m, lang } = useContractI18n();
  const value = useFormatValue();
  const { row } = props;
  const ids = [...new Set([...Object.keys(row.current.verdicts), ...Object.keys(row.proposed.verdicts)])];
  const pooled = (side: WhatIfPeriod['current'], id: string) =>
    side.metrics.find((r) => r.id === id && r.split === null);
  return (
    <details className="period-details">
      <summary>{m.whatIf.details(row.period)}</summary>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{m.whatIf.metric}</th>
              <th scope="col" className="num">
                {m.whatIf.value}
              </th>
              <th scope="col" className="num">
                {m.whatIf.target}: {m.whatIf.now(props.v)}
              </th>
              <th scope="col">
                {m.whatIf.verdict}: {m.whatIf.now(props.v)}
              </th>
              <th scope="col" className="num">
                {m.whatIf.target}: {m.whatIf.proposed(props.p)}
              </th>
              <th scope="col">
                {m.whatIf.verdict}: {m.whatIf.proposed(props.p)}
              </th>
            </tr>
          </thead>
          <tbody>
            {ids.map((id) => {
              const a = pooled(row.current, id);
              const b = pooled(row.proposed, id);
              const ma = props.current?.metrics.find((x) => x.id === id);
              const mb = props.proposed?.metrics.find((x) => x.id === id);
              return (
                <tr key={id} className={row.changedVerdicts.includes(id) ? 'changed' : undefined}>
                  <th scope="row">{metricTitle(mb ?? ma, id, lang)}</th>
                  <td className="num">{value(mb ?? ma, (a ?? b)?.value)}</td>
                  <td className="num">{a ? value(ma, a.target) : m.whatIf.absent}</td>
                  <td>{a && <Verdict verdict={row.current.verdicts[id]} />}</td>
                  <td className="num">{b ? value(mb, b.target) : m.whatIf.absent}</td>
                  <td>{b && <Verdict verdict={row.proposed.verdicts[id]} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}
