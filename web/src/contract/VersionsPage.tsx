/**
 * `/contracts/{contract}/versions`: the contract in plain words, its versions with their signatures (sign
 * for your side), what changed between two versions, a draft's editor with its errors by line, and the
 * what-if of a version not yet in force.
 */
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import type { Contract, VersionSummary } from '../api/types.js';
import { Failure, Loading } from '../components/Status.js';
import { useApi } from '../use-api.js';
import { contractApi } from './api.js';
import { DraftEditor } from './DraftEditor.js';
import { useContractI18n, useContractId, useSide } from './shared.js';
import { WhatIf } from './WhatIf.js';
import './contract.css';

const valid = (v: VersionSummary) => v.digest !== null;

export function VersionsPage() {
  const id = useContractId();
  const { m } = useContractI18n();
  const r = useApi(() => api.contract(id), [id]);
  const c = r.data;
  return (
    <section className="page contract-page">
      <div className="page-head">
        <div>
          <h1>
            {m.versions.title}: {id}
          </h1>
          {c && (
            <p className="muted">
              {c.inForce === null ? m.versions.noneInForce : m.versions.inForce(c.inForce)}
            </p>
          )}
        </div>
      </div>
      {r.loading && c === undefined && <Loading />}
      {r.error && <Failure error={r.error} retry={r.reload} />}
      {c && (
        <>
          <PlainWords contract={c} />
          <Versions contract={c} changed={r.reload} />
          <Diff contract={c} />
          <DraftEditor contract={c} changed={r.reload} />
          <WhatIf contract={c} />
        </>
      )}
    </section>
  );
}

function defaultVersion(c: Contract): number | undefined {
  return c.inForce ?? c.versions.filter(valid).at(-1)?.version;
}

function PlainWords({ contract }: { contract: Contract }) {
  const { m, lang } = useContractI18n();
  const [n, setN] = useState(defaultVersion(contract));
  const r = useApi(
    () => (n === undefined ? Promise.resolve(undefined) : contractApi.explanation(contract.id, n, lang)),
    [contract.id, n, lang],
  );
  return (
    <section className="card section" aria-labelledby="plain-words">
      <div className="section-head">
        <h2 id="plain-words">{m.versions.plainWords}</h2>
        <label className="inline">
          {m.versions.plainWordsOf}{' '}
          <select value={n ?? ''} onChange={(e) => setN(Number(e.target.value))}>
            {contract.versions.filter(valid).map((v) => (
              <option key={v.version} value={v.version}>
                {v.version}
              </option>
            ))}
          </select>
        </label>
      </div>
      {r.error && <Failure error={r.error} retry={r.reload} />}
      {r.data ? <pre className="plain-words">{r.data.text}</pre> : r.loading && <Loading />}
    </section>
  );
}

function Versions({ contract, changed }: { contract: Contract; changed: () => void }) {
  const { m, fmt } = useContractI18n();
  const side = useSide();
  const [error, setError] = useState<Error>();
  const [note, setNote] = useState<string>();
  const sign = async (v: VersionSummary) => {
    setError(undefined);
    try {
      await contractApi.sign(contract.id, v.version, v.digest);
      setNote(m.versions.signed(v.version));
      changed();
    } catch (e) {
      setError(e as Error);
    }
  };
  const who = (s: { at: string; by: string } | null) =>
    s === null ? (
      <span className="muted">{m.versions.notSigned}</span>
    ) : (
      m.versions.signedAt(fmt.dateTime(s.at), s.by)
    );
  return (
    <section className="card section" aria-labelledby="versions">
      <h2 id="versions">{m.versions.versions}</h2>
      {note && (
        <p className="notice" role="status">
          {note}
        </p>
      )}
      {error && <Failure error={error} />}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{m.versions.version}</th>
              <th scope="col">{m.versions.status}</th>
              <th scope="col">{m.versions.effectiveFrom}</th>
              <th scope="col">{m.versions.client}</th>
              <th scope="col">{m.versions.partner}</th>
              <th scope="col">{m.versions.actions}</th>
            </tr>
          </thead>
          <tbody>
            {[...contract.versions].reverse().map((v) => (
              <tr key={v.version}>
                <th scope="row">{v.version}</th>
                <td>
                  <span className={`status status-${v.status}`}>
                    {m.versions.statuses[v.status] ?? v.status}
                  </span>
                  {v.digest !== null && (
                    <div className="muted small">
                      <code title={v.digest}>{v.digest.slice(0, 19)}…</code>
                    </div>
                  )}
                </td>
                <td>{v.effectiveFrom === null ? '–' : fmt.date(v.effectiveFrom)}</td>
                <td>{who(v.signatures.client)}</td>
                <td>{who(v.signatures.partner)}</td>
                <td>
                  {side !== null && v.status === 'validated' && v.signatures[side] === null && (
                    <button type="button" className="button primary" onClick={() => void sign(v)}>
                      {m.versions.signAs[side]} {v.version}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Diff({ contract }: { contract: Contract }) {
  const { m } = useContractI18n();
  const versions = contract.versions.filter(valid).map((v) => v.version);
  const [to, setTo] = useState(versions.at(-1));
  const [picked, setFrom] = useState<number>();
  const latest = versions.at(-1);
  useEffect(() => setTo(latest), [latest]);
  // Until one is picked: the version in force, or the one before the later version.
  const before = versions.filter((n) => to === undefined || n < to).at(-1);
  const from =
    picked !== undefined && picked !== to
      ? picked
      : contract.inForce !== null && contract.inForce !== to
        ? contract.inForce
        : before;
  const r = useApi(
    () =>
      from === undefined || to === undefined || from === to
        ? Promise.resolve(undefined)
        : contractApi.diff(contract.id, from, to),
    [contract.id, from, to],
  );
  if (versions.length < 2) return null;
  const pick = (label: string, value: number | undefined, set: (n: number) => void) => (
    <label className="inline">
      {label}{' '}
      <select value={value ?? ''} onChange={(e) => set(Number(e.target.value))}>
        {versions.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="card section" aria-labelledby="diff">
      <div className="section-head">
        <h2 id="diff">{m.versions.diff}</h2>
        <div className="controls">
          {pick(m.versions.from, from, setFrom)}
          {pick(m.versions.to, to, setTo)}
        </div>
      </div>
      {r.error && <Failure error={r.error} />}
      {r.data && r.data.changes.length === 0 && <p className="muted">{m.versions.noChanges}</p>}
      {r.data && r.data.changes.length > 0 && (
        <ul className="changes">
          {r.data.changes.map((ch) => (
            <li key={`${ch.op}:${ch.path}`} className={`change change-${ch.op}`}>
              <code>{ch.text}</code>
            </li>
          ))}
        </ul>
      )}
      {r.data?.warnings.map((w) => (
        <p key={w.code} className="warning">
          {w.message}
        </p>
      ))}
    </section>
  );
}
