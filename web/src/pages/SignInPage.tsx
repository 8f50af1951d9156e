/** Sign-in: labelled e-mail and password fields; the session cookie then authorises every API call. */
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ApiProblem, api } from '../api/client.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';

export function SignInPage() {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      signedIn(await api.signIn(String(form.get('email') ?? ''), String(form.get('password') ?? '')));
    } catch (err) {
      setError(err instanceof ApiProblem && err.status === 429 ? t.signIn.limited : t.signIn.failed);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="auth">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <div className="auth-brand">
          <img src="/favicon.svg" alt="" width="36" height="36" />
          <span>{t.app.name}</span>
        </div>
        <h1 id="sign-in-title">{t.signIn.title}</h1>
        <p className="muted">{t.app.tagline}</p>
        <label htmlFor="email">{t.signIn.email}</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="password">{t.signIn.password}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t.signIn.busy : t.signIn.submit}
        </button>
        <p className="auth-foot">
          <Link to="/setup">{t.signIn.firstTime}</Link>
        </p>
        <LanguageSwitch />
      </form>
    </main>
  );
}
