/** English, Nederlands, Deutsch as links (the signed-out pages; the top bar has a select). */
import { LANG_NAMES, LANGS, useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';

export function LanguageSwitch() {
  const { t } = useI18n();
  const { lang, setLang } = useSession();
  return (
    <nav className="lang-links" aria-label={t.nav.language}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="link-button"
          aria-pressed={l === lang}
          onClick={() => setLang(l)}
        >
          {LANG_NAMES[l]}
        </button>
      ))}
    </nav>
  );
}
