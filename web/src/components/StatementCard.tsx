/** A period's statement: fee, credits, earn-back, bonus and what is payable. */
import type { Statement } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { cents } from '../model.js';

export function StatementCard({
  statement,
  currency,
  estimate,
  title,
}: {
  statement: Statement | null;
  currency: string;
  estimate: boolean;
  title: string;
}) {
  const { t, fmt } = useI18n();
  if (statement === null) return null;
  const lines: [string, string, string][] = [
    [t.statement.fee, statement.fee, ''],
    [t.statement.credits, `-${statement.credits}`, cents(statement.credits) === 0 ? '' : 'minus'],
    [t.statement.earnBack, statement.earnBack, 'plus'],
    [t.statement.bonus, statement.bonus, 'plus'],
  ];
  return (
    <section className="card statement" aria-label={title}>
      <h2>
        {title}
        {estimate && <span className="tag">{t.statement.estimate}</span>}
      </h2>
      <dl>
        {lines.map(([label, amount, kind]) => (
          <div key={label} className={`line ${kind}`}>
            <dt>{label}</dt>
            <dd>{fmt.money(cents(amount), currency)}</dd>
          </div>
        ))}
        <div className="line total">
          <dt>{t.statement.payable}</dt>
          <dd>{fmt.money(cents(statement.payable), currency)}</dd>
        </div>
      </dl>
    </section>
  );
}
