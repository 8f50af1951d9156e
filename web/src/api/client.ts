/**
 * The dashboard's only way to the server: the public API (docs/api.md) with the session cookie, and the
 * CSRF token of the session on every write. Errors are the API's problem documents.
 */
import type { Lang } from '../i18n/index.js';
import type {
  BreachesDocument,
  ContactTimeline,
  Contract,
  ContractVersion,
  Dispute,
  DistributionDocument,
  EvaluationDocument,
  IntervalsDocument,
  Session,
  TrendDocument,
} from './types.js';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly detail: string,
    readonly body: unknown,
  ) {
    super(detail);
  }
}

type Query = Readonly<Record<string, string | number | undefined>>;

function withQuery(path: string, query: Query | undefined): string {
  if (query === undefined) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s === '' ? path : `${path}?${s}`;
}

const enc = encodeURIComponent;

export class ApiClient {
  private csrf: string | null = null;

  async request<T>(
    method: string,
    path: string,
    options: { query?: Query; json?: unknown } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrf !== null) headers['x-csrf-token'] = this.csrf;
    const res = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
    });
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    const body: unknown = text === '' ? null : JSON.parse(text);
    if (!res.ok) {
      const p = (body ?? {}) as { type?: string; detail?: string; title?: string };
      throw new ApiProblem(res.status, p.type ?? 'unknown', p.detail ?? p.title ?? res.statusText, body);
    }
    return body as T;
  }

  private remember(session: Session): Session {
    this.csrf = session.csrfToken;
    return session;
  }

  /** The caller, or null when no session holds. */
  async session(): Promise<Session | null> {
    try {
      return this.remember(await this.request<Session>('GET', '/api/v1/session'));
    } catch (e) {
      if (e instanceof ApiProblem && e.status === 401) return null;
      throw e;
    }
  }

  async signIn(email: string, password: string): Promise<Session> {
    return this.remember(
      await this.request<Session>('POST', '/api/v1/session', { json: { email, password } }),
    );
  }

  async setup(input: {
    token: string;
    organisation?: string;
    name: string;
    email: string;
    password: string;
  }): Promise<Session> {
    const r = await this.request<{ session: Session }>('POST', '/api/v1/setup', { json: input });
    return this.remember(r.session);
  }

  async signOut(): Promise<void> {
    await this.request<void>('DELETE', '/api/v1/session');
    this.csrf = null;
  }

  /** Remembers the user's language (the next sign-in opens in it). */
  setLanguage(lang: Lang): Promise<void> {
    return this.request<void>('PUT', '/api/v1/session/language', { json: { lang } });
  }

  contracts(): Promise<{ contracts: Contract[] }> {
    return this.request('GET', '/api/v1/contracts');
  }

  contract(id: string): Promise<Contract> {
    return this.request('GET', `/api/v1/contracts/${enc(id)}`);
  }

  versions(id: string): Promise<{ versions: ContractVersion[] }> {
    return this.request('GET', `/api/v1/contracts/${enc(id)}/versions`);
  }

  version(id: string, version: number): Promise<ContractVersion> {
    return this.request('GET', `/api/v1/contracts/${enc(id)}/versions/${version}`);
  }

  evaluation(contract: string, period: string, asOf?: string): Promise<EvaluationDocument> {
    return this.request('GET', `/api/v1/contracts/${enc(contract)}/evaluations/${enc(period)}`, {
      query: { asOf },
    });
  }

  breaches(contract: string, period: string, metric: string, query: Query = {}): Promise<BreachesDocument> {
    return this.request(
      'GET',
      `/api/v1/contracts/${enc(contract)}/evaluations/${enc(period)}/breaches/${enc(metric)}`,
      { query },
    );
  }

  intervals(contract: string, period: string, metric: string): Promise<IntervalsDocument> {
    return this.request(
      'GET',
      `/api/v1/contracts/${enc(contract)}/evaluations/${enc(period)}/intervals/${enc(metric)}`,
    );
  }

  distribution(contract: string, period: string, metric: string): Promise<DistributionDocument> {
    return this.request(
      'GET',
      `/api/v1/contracts/${enc(contract)}/evaluations/${enc(period)}/distribution/${enc(metric)}`,
    );
  }

  contactTimeline(contract: string, contact: string, metric?: string): Promise<ContactTimeline> {
    return this.request('GET', `/api/v1/contracts/${enc(contract)}/contacts/${enc(contact)}`, {
      query: { metric },
    });
  }

  trend(contract: string, from: string, to: string): Promise<TrendDocument> {
    return this.request('GET', `/api/v1/contracts/${enc(contract)}/trend`, { query: { from, to } });
  }

  disputes(contract: string, status?: string): Promise<{ disputes: Dispute[] }> {
    return this.request('GET', `/api/v1/contracts/${enc(contract)}/disputes`, { query: { status } });
  }

  raiseDispute(
    contract: string,
    input: { contact: string; source?: string; reason: string; note?: string },
  ): Promise<Dispute> {
    return this.request('POST', `/api/v1/contracts/${enc(contract)}/disputes`, { json: input });
  }
}

export const api = new ApiClient();
