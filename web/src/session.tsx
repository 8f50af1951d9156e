/**
 * Who is signed in, and in which language the dashboard speaks. The language comes from `?lang=` (which
 * also remembers it for the user), else the user's remembered choice, else this browser's last choice,
 * else the browser's languages.
 */
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
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
  const [params, setParams] = useSearchParams();
  const asked = params.get('lang');
  const [lang, setLangState] = useState<Lang>(() =>
    isLang(asked) ? asked : (storedLang() ?? browserLang()),
  );
  /** The `?lang=` last applied and remembered, so that a later choice in the page is not undone by it. */
  const applied = useRef<string | null>(null);

  const remember = useCallback((l: Lang, s: Session | null | undefined) => {
    storeLang(l);
    if (s?.kind === 'user' && s.lang !== l) {
      api.setLanguage(l).catch(() => undefined);
      setSession({ ...s, lang: l });
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the session is read once; later changes come through signedIn and signOut
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

  // `?lang=` switches, and is remembered for the user once the session is known.
  useEffect(() => {
    if (!isLang(asked) || session === undefined || applied.current === asked) return;
    applied.current = asked;
    setLangState(asked);
    remember(asked, session);
  }, [asked, session, remember]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      lang,
      setLang: (l) => {
        setLangState(l);
        remember(l, session);
        if (params.has('lang')) {
          const next = new URLSearchParams(params);
          next.delete('lang');
          applied.current = null;
          setParams(next, { replace: true });
        }
      },
      signedIn: (s) => {
        setSession(s);
        if (s.lang != null && !isLang(asked)) setLangState(s.lang);
        else remember(lang, s);
      },
      signOut: async () => {
        await api.signOut().catch(() => undefined);
        setSession(null);
      },
    }),
    [session, lang, remember, asked, params, setParams],
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
