/** The frame of every signed-in page: brand, navigation, language switch, sign-out. */
import type { ChangeEvent } from 'react';
import { Link, NavLink, Outlet, useMatch } from 'react-router';
import { CONTRACT_MESSAGES } from '../i18n/contract.js';
import '../contract/nav.css';
import { isLang, LANG_NAMES, LANGS, useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';

export function Layout() {
  const { t } = useI18n();
  const { session, lang, setLang, signOut } = useSession();
  const m = useMatch('/contracts/:contract/*');
  const contract = m?.params.contract;
  const base = contract === undefined ? undefined : `/contracts/${encodeURIComponent(contract)}`;
  const onLang = (e: ChangeEvent<HTMLSelectElement>) => {
    if (isLang(e.target.value)) setLang(e.target.value);
  };
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t.app.skip}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>{t.app.name}</span>
        </Link>
        <nav aria-label={t.nav.main} className="mainnav">
          <NavLink to="/contracts" end>
            {t.nav.contracts}
          </NavLink>
          {base !== undefined && (
            <>
              <NavLink to={base} end>
                {t.nav.overview}
              </NavLink>
              <NavLink to={`${base}/live`}>{t.nav.live}</NavLink>
              <NavLink to={`${base}/versions`}>{t.nav.versions}</NavLink>
              <NavLink to={`${base}/closing`}>{CONTRACT_MESSAGES[lang].nav.closing}</NavLink>
              <NavLink to={`${base}/staffing`}>{CONTRACT_MESSAGES[lang].nav.staffing}</NavLink>
            </>
          )}
        </nav>
        <div className="tools">
          <label className="lang">
            <span className="visually-hidden">{t.nav.language}</span>
            <select value={lang} onChange={onLang} aria-label={t.nav.language}>
              {LANGS.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LANG_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
          {session && <span className="who">{t.nav.signedInAs(session.role)}</span>}
          <button type="button" className="button secondary" onClick={() => void signOut()}>
            {t.nav.signOut}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
