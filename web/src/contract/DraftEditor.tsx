/**
 * The editor of an unsigned version's YAML text (client administrators): a new version starts from the
 * text of the latest one with its number raised; saving keeps a text that does not validate as a draft,
 * whose errors are listed with their line numbers, each a button that puts the cursor on its line.
 */
import { useEffect, useRef, useState } from 'react';
import type { Contract } from '../api/types.js';
import { Failure } from '../components/Status.js';
import { useSession } from '../session.js';
import { type ContractError, contractApi } from './api.js';
import { useContractI18n } from './shared.js';

/** The text of version `from` as version `n`: its `version:` line raised. */
export function asVersion(text: string, n: number): string {
  return text.replace(/^(version:\s*)\d+/m, `$1${n}`);
}

function unsigned(c: Contract): number[] {
  return c.versions
    .filter((v) => v.status !== 'signed' && v.signatures.client === null && v.signatures.partner === null)
    .map((v) => v.version);
}

export function DraftEditor({ contract, changed }: { contract: Contract; changed: () => void }) {
  const { m } = useContractI18n();
  const role = useSession().session?.role as string | undefined;
  const next = Math.max(0, ...contract.versions.map((v) => v.version)) + 1;
  const editable = unsigned(contract);
  const [asked, setN] = useState(editable.at(-1) ?? next);
  // A version signed by one party meanwhile is no longer editable: the latest that is, or a new one.
  const n = editable.includes(asked) || asked === next ? asked : (editable.at(-1) ?? next);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<readonly ContractError[] | null>(null);
  const [saved, setSaved] = useState<string>();
  const [failure, setFailure] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLPreElement>(null);
  const errorLines = new Set((errors ?? []).flatMap((e) => (e.line === null ? [] : [e.line])));

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per version chosen
  useEffect(() => {
    let live = true;
    setSaved(undefined);
    setFailure(undefined);
    const exists = contract.versions.some((v) => v.version === n);
    const source = exists ? n : contract.versions.at(-1)?.version;
    if (source === undefined) return;
    contractApi.version(contract.id, source).then(
      (v) => {
        if (!live) return;
        setText(exists ? v.text : asVersion(v.text, n));
        setErrors(exists ? v.errors : null);
      },
      (e: Error) => live && setFailure(e),
    );
    return () => {
      live = false;
    };
  }, [contract.id, n]);

  if (role !== 'client-admin')
    return (
      <section className="card section" aria-labelledby="editor">
        <h2 id="editor">{m.versions.editor}</h2>
        <p className="muted">{m.versions.readOnly}</p>
      </section>
    );

  const save = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const v = await contractApi.saveVersion(contract.id, n, text);
      setErrors(v.errors);
      setSaved(m.versions.saved(n, m.versions.statuses[v.status] ?? v.status));
      changed();
    } catch (e) {
      setFailure(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const goTo = (line: number) => {
    const el = area.current;
    if (el === null) return;
    const lines = text.split('\n');
    const start = lines.slice(0, line - 1).reduce((s, l) => s + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    const lineHeight = Number.parseFloat(getComputedStyle(el).lineHeight) || 18;
    el.scrollTop = Math.max(0, (line - 4) * lineHeight);
    if (gutter.current !== null) gutter.current.scrollTop = el.scrollTop;
  };

  return (
    <section className="card section" aria-labelledby="editor">
      <div className="section-head">
        <h2 id="editor">{m.versions.editor}</h2>
        <label className="inline">
          {m.versions.version}{' '}
          <select value={n} onChange={(e) => setN(Number(e.target.value))}>
            {editable.map((v) => (
              <option key={v} value={v}>
                {m.versions.edit} {v}
              </option>
            ))}
            {!editable.includes(next) && <option value={next}>{m.versions.newVersion(next)}</option>}
          </select>
        </label>
      </div>
      <p className="muted">{m.versions.editorIntro}</p>
      <label className="field" htmlFor="draft-text">
        {m.versions.textLabel(n)}
      </label>
      <div className="editor">
        <pre className="gutter" aria-hidden="true" ref={gutter}>
          {Array.from({ length: text.split('\n').length }, (_, i) => i + 1).map((line) => (
            <span key={line} className={errorLines.has(line) ? 'bad' : undefined}>
              {line}
              {'\n'}
            </span>
          ))}
        </pre>
        <textarea
          id="draft-text"
          ref={area}
          className="yaml"
          spellCheck={false}
          wrap="off"
          value={text}
          rows={18}
          onChange={(e) => setText(e.target.value)}
          onScroll={(e) => {
            if (gutter.current !== null) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
          aria-describedby={errors && errors.length > 0 ? 'draft-errors' : undefined}
        />
      </div>
      <div className="actions">
        <button
          type="button"
          className="button primary"
          disabled={busy || text === ''}
          onClick={() => void save()}
        >
          {busy ? m.versions.saving : m.versions.save}
        </button>
        {saved && (
          <span className={errors && errors.length > 0 ? 'muted' : 'notice'} role="status">
            {saved}
          </span>
        )}
      </div>
      {failure && <Failure error={failure} />}
      {errors && errors.length > 0 && (
        <div id="draft-errors" className="draft-errors" role="alert">
          <h3>{m.versions.errorsTitle(errors.length)}</h3>
          <ul>
            {errors.map((e) => (
              <li key={`${e.line}:${e.path}:${e.message}`}>
                {e.line === null ? (
                  <strong>{m.versions.errorAt(null, e.path)}</strong>
                ) : (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => goTo(e.line!)}
                    aria-label={`${m.versions.goToLine(e.line)}: ${e.path} ${e.message}`}
                  >
                    {m.versions.errorAt(e.line, e.path)}
                  </button>
                )}
                : {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
