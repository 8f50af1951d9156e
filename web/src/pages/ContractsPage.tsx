/** The contracts the caller may see; one opens its overview. */
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { Failure, Loading } from '../components/Status.js';
import { useI18n } from '../i18n/index.js';
import { useApi } from '../use-api.js';

export function ContractsPage() {
  const { t, fmt } = useI18n();
  const r = useApi(() => api.contracts(), []);
  return (
    <section className="page">
      <h1>{t.contracts.title}</h1>
      {r.loading && r.data === undefined && <Loading />}
      {r.error && <Failure error={r.error} retry={r.reload} />}
      {r.data?.contracts.length === 0 && <p className="muted">{t.contracts.empty}</p>}
      <ul className="contract-list">
        {r.data?.contracts.map((c) => {
          const v = c.versions.find((x) => x.version === c.inForce) ?? c.versions.at(-1);
          return (
            <li key={c.id} className="card">
              <h2>
                <Link to={`/contracts/${encodeURIComponent(c.id)}`}>{c.id}</Link>
              </h2>
              <p className="muted">
                {v && t.contracts.version(v.version)}
                {c.inForce !== null && ` · ${t.contracts.inForce}`}
                {v?.effectiveFrom && ` · ${fmt.date(v.effectiveFrom)}`}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
