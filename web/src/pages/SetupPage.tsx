/** The first start: the first client-admin, with the one-time set-up token that `accord serve` printed. */
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiProblem, api } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';

const FIELDS = [
  ['token', 'text', 'off'],
  ['organisation', 'text', 'organization'],
  ['name', 'text', 'name'],
  ['email', 'email', 'username'],
  ['password', 'password', 'new-password'],
] as const;

export function SetupPage() {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const get = (k: string) => String(f.get(k) ?? '');
    try {
      const s = await api.setup({
        token: get('token'),
        ...(get('organisation') === '' ? {} : { organisation: get('organisation') }),
        name: get('name'),
        email: get('email'),
        password: get('password'),
      });
      signedIn(s);
      navigate('/');
    } catch (err) {
      setError(err instanceof ApiProblem ? err.detail : String(err));
    }
  };
  return (
    <main id="main" className="auth">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="setup-title">
        <h1 id="setup-title">{t.setup.title}</h1>
        <p className="muted">{t.setup.intro}</p>
        {FIELDS.map(([name, type, auto]) => (
          <div key={name} className="field">
            <label htmlFor={`setup-${name}`}>{t.setup[name]}</label>
            <input
              id={`setup-${name}`}
              name={name}
              type={type}
              autoComplete={auto}
              required={name !== 'organisation'}
              minLength={name === 'password' ? 12 : undefined}
            />
          </div>
        ))}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary">
          {t.setup.submit}
        </button>
        <p className="auth-foot">
          <Link to="/">{t.setup.back}</Link>
        </p>
      </form>
    </main>
  );
}
