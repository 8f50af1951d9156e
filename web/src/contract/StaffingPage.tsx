/**
 * `/contracts/{contract}/staffing`: the staffing what-if of a peak (kpis.md, Staffing): agents required for
 * the forecast and for the forecast with an uplift, the agents to schedule with shrinkage, and the service
 * level a given headcount projects, from `GET /api/v1/staffing` (Erlang C or A). The target and threshold
 * start from the contract's service-level metric.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api/client.js';
import type { CanonicalMetric } from '../api/types.js';
import { Failure, Loading } from '../components/Status.js';
import { useApi } from '../use-api.js';
import { contractApi, type StaffingAnswer } from './api.js';
import { metricTitle, useContractI18n, useContractId } from './shared.js';
import './contract.css';

interface Inputs {
  volume: string;
  uplift: string;
  interval: string;
  aht: string;
  target: string;
  threshold: string;
  model: 'erlang-c' | 'erlang-a';
  patience: string;
  shrinkage: string;
  agents: string;
}

const START: Inputs = {
  volume: '120',
  uplift: '20',
  interval: '30',
  aht: '300',
  target: '80',
  threshold: '20',
  model: 'erlang-c',
  patience: '120',
  shrinkage: '30',
  agents: '',
};

interface Column {
  readonly label: string;
  readonly answer: StaffingAnswer;
}

export function StaffingPage() {
  const id = useContractId();
  const { m, lang, fmt } = useContractI18n();
  const c = useApi(() => api.contract(id), [id]);
  const inForce = useApi(
    () => (c.data?.inForce == null ? Promise.resolve(undefined) : contractApi.version(id, c.data.inForce)),
    [id, c.data?.inForce],
  );
  const sl: CanonicalMetric | undefined = inForce.data?.canonical?.metrics.find(
    (x) => x.kind === 'service_level' && x.target.unit === 'percent' && x.thresholdMs !== undefined,
  );
  const [inputs, setInputs] = useState<Inputs>(START);
  const [columns, setColumns] = useState<Column[]>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (sl === undefined || sl.target.unit !== 'percent') return;
    const target = String(sl.target.ppm / 10_000);
    const threshold = String((sl.thresholdMs ?? 20_000) / 1000);
    setInputs((i) => ({ ...i, target, threshold }));
  }, [sl]);
  const set = (k: keyof Inputs) => (e: { target: { value: string } }) =>
    setInputs((i) => ({ ...i, [k]: e.target.value }));

  const compute = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const base = {
      interval: `${inputs.interval}m`,
      aht: `${inputs.aht}s`,
      target: `${inputs.target}/${inputs.threshold}`,
      model: inputs.model,
      shrinkage: inputs.shrinkage === '' ? undefined : `${inputs.shrinkage}%`,
      patience: inputs.model === 'erlang-a' ? `${inputs.patience}s` : undefined,
    };
    const volume = Number(inputs.volume);
    const up = Math.round(volume * (1 + Number(inputs.uplift || '0') / 100));
    try {
      const out: Column[] = [
        {
          label: `${m.staffing.forecast}: ${m.staffing.volumeOf(fmt.number(volume))}`,
          answer: await contractApi.staffing({ ...base, volume }),
        },
      ];
      if (up !== volume)
        out.push({
          label: `${m.staffing.withUplift(fmt.percent(Number(inputs.uplift) / 100, 1))}: ${m.staffing.volumeOf(fmt.number(up))}`,
          answer: await contractApi.staffing({ ...base, volume: up }),
        });
      if (inputs.agents !== '')
        out.push({
          label: `${m.staffing.withAgents(Number(inputs.agents))}: ${m.staffing.volumeOf(fmt.number(up))}`,
          answer: await contractApi.staffing({ ...base, volume: up, agents: Number(inputs.agents) }),
        });
      setColumns(out);
    } catch (err) {
      setColumns(undefined);
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  const field = (k: keyof Inputs, label: string, extra: Record<string, string> = {}) => (
    <label className="field">
      {label}
      <input
        type="number"
        inputMode="decimal"
        min="0"
        step="any"
        value={inputs[k]}
        onChange={set(k)}
        {...extra}
      />
    </label>
  );
  const rows: [string, (a: StaffingAnswer) => string][] = [
    [m.staffing.required, (a) => fmt.number(a.agents)],
    [m.staffing.scheduled, (a) => fmt.number(a.scheduled)],
    [m.staffing.projected, (a) => fmt.percent(a.serviceLevel, 1)],
    [m.staffing.asa, (a) => (a.asa === null ? '–' : fmt.duration(a.asa * 1000))],
    [m.staffing.occupancy, (a) => fmt.percent(a.occupancy, 1)],
    [m.staffing.waiting, (a) => fmt.percent(a.probabilityOfWaiting, 1)],
    [m.staffing.traffic, (a) => fmt.number(a.trafficErlangs, 2)],
    ...(inputs.model === 'erlang-a'
      ? ([
          [
            m.staffing.abandonment,
            (a: StaffingAnswer) => (a.abandonment == null ? '–' : fmt.percent(a.abandonment, 1)),
          ],
        ] as [string, (a: StaffingAnswer) => string][])
      : []),
  ];
  return (
    <section className="page contract-page">
      <div className="page-head">
        <div>
          <h1>{m.staffing.title}</h1>
          <p className="muted">{m.staffing.intro}</p>
        </div>
      </div>
      <form className="card section" onSubmit={(e) => void compute(e)}>
        {sl && <p className="muted">{m.staffing.fromContract(metricTitle(sl, sl.id, lang))}</p>}
        <div className="grid three">
          {field('volume', m.staffing.volume, { required: '' })}
          {field('uplift', m.staffing.uplift)}
          {field('interval', m.staffing.interval, { required: '' })}
          {field('aht', m.staffing.aht, { required: '' })}
          {field('target', m.staffing.target, { required: '', max: '99.9' })}
          {field('threshold', m.staffing.threshold, { required: '' })}
          <label className="field">
            {m.staffing.model}
            <select value={inputs.model} onChange={set('model')}>
              <option value="erlang-c">{m.staffing.erlangC}</option>
              <option value="erlang-a">{m.staffing.erlangA}</option>
            </select>
          </label>
          {inputs.model === 'erlang-a' && field('patience', m.staffing.patience)}
          {field('shrinkage', m.staffing.shrinkage, { max: '95' })}
          {field('agents', m.staffing.agents)}
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? m.staffing.computing : m.staffing.compute}
        </button>
      </form>
      {busy && <Loading label={m.staffing.computing} />}
      {error && <Failure error={error} />}
      {columns && (
        <section className="card section" aria-live="polite">
          <div className="table-wrap">
            <table className="staffing-table">
              <thead>
                <tr>
                  <td />
                  {columns.map((col) => (
                    <th key={col.label} scope="col" className="num">
                      {col.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map(([label, of]) => (
                  <tr key={label}>
                    <th scope="row">{label}</th>
                    {columns.map((col) => (
                      <td key={col.label} className="num">
                        {of(col.answer)}
                      </td>
                    ))}
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
