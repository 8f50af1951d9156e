/**
 * Who is signed in, and in which language the dashboard speaks. The language comes from `?lang=` (which
 * also remembers it for the user), else the user's remembered choice, else this browser's last choice,
 * else the browser's languages.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from './api/client.js';
import type { Session } from './api/types.js';
import { browserLang, I18nProvider, isLang, type Lang } from './i18n/index.js';

const LANG_KEY = 'accord.lang';

interface SessionState {
  /** undefined while the first answer of GET /api/v1/session is awaited. */
  readonly session: Session | null | undefined;
  readonly lang: Lang;
  setLang(lang: Lang): void;
  signedIn(session: Session): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

function storedLang(): Lang | undefined {
  try {
    const v = localStorage.getItem(LANG_KEY);
    return isLang(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // A browser without storage still switches; the user's choice is kept on the server.
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [params] = useSearchParams();
  const asked = params.get('lang');
  const [lang, setLangState] = useState<Lang>(() =>
    isLang(asked) ? asked : (storedLang() ?? browserLang()),
  );

  // The session is read once; later changes come through signedIn and signOut.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once on mount
  useEffect(() => {
    let live = true;
    api.session().then(
      (s) => {
        if (!live) return;
        setSession(s);
        if (s?.lang != null && !isLang(asked)) setLangState(s.lang);
      },
      () => live && setSession(null),
    );
    return () => {
      live = false;
    };
  }, []);

  const remember = useCallback(
    (l: Lang) => {
      storeLang(l);
      if (session?.kind === 'user') api.setLanguage(l).catch(() => undefined);
    },
    [session],
  );

  // `?lang=` switches and is remembered.
  useEffect(() => {
    if (isLang(asked) && asked !== lang) {
      setLangState(asked);
      remember(asked);
    }
  }, [asked, lang, remember]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      lang,
      setLang: (l) => {
        setLangState(l);
        remember(l);
      },
      signedIn: (s) => {
        setSession(s);
        if (s.lang != null && !isLang(asked)) setLangState(s.lang);
        else if (s.kind === 'user') api.setLanguage(lang).catch(() => undefined);
      },
      signOut: async () => {
        await api.signOut().catch(() => undefined);
        setSession(null);
      },
    }),
    [session, lang, remember, asked],
  );
  return (
    <SessionContext.Provider value={value}>
      <I18nProvider lang={lang}>{children}</I18nProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (s === null) throw new Error('useSession outside SessionProvider');
  return s;
}
