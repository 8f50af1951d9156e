/** What a page shows while it loads, when a request failed, and a verdict as text with its colour. */
import { ApiProblem } from '../api/client.js';
import { useI18n } from '../i18n/index.js';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <output className="loading" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t.common.loading}
    </output>
  );
}

export function Failure({ error, retry }: { error: Error; retry?: () => void }) {
  const { t } = useI18n();
  const detail = error instanceof ApiProblem ? `${error.detail} (${error.status})` : error.message;
  return (
    <div className="failure" role="alert">
      <strong>{t.common.error}</strong>
      <p>{detail}</p>
      {retry && (
        <button type="button" className="button secondary" onClick={retry}>
          {t.common.retry}
        </button>
      )}
    </div>
  );
}

export type VerdictKind = 'met' | 'missed' | 'at_risk' | 'provisional' | 'not_judged';

const GLYPH: Readonly<Record<VerdictKind, string>> = {
  met: '✓',
  missed: '✕',
  at_risk: '!',
  provisional: '…',
  not_judged: '–',
};

/** A verdict in words with a glyph: colour is never the only sign. */
export function VerdictBadge({ verdict }: { verdict: VerdictKind }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${verdict}`}>
      <span aria-hidden="true">{GLYPH[verdict]}</span> {t.verdict[verdict]}
    </span>
  );
}
