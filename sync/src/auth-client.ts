import { BehaviorSubject, type Observable } from 'rxjs';
import type { PrincipalKind } from '@smt/shared/databases';
import { SyncError } from './sync-error.ts';

export interface Principal {
  kind: PrincipalKind;
  id: string;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** ISO 8601 (epoch milliseconds from the server are converted when the session is saved). */
  accessExpiresAt: string;
  principal: Principal;
}

/** Where the session survives an app restart; the app keeps it in localStorage. */
export interface TokenStore {
  load(): Promise<Session | null>;
  save(session: Session | null): Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  private session: Session | null = null;

  async load(): Promise<Session | null> {
    return this.session;
  }

  async save(session: Session | null): Promise<void> {
    this.session = session;
  }
}

export type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

export interface AuthClientOptions {
  serverUrl: string;
  store: TokenStore;
  fetch?: FetchFn;
}

// Refreshing a little early keeps a long request from starting with a token about to lapse.
const REFRESH_MARGIN_MS = 60_000;

/**
 * Phone + SMS code sign-in and the token pair. The access token is short-lived; the refresh
 * token rotates on every refresh, so two refreshes at once would burn each other: one
 * refresh is in flight at a time and every caller waits for it.
 */
export class AuthClient {
  private readonly serverUrl: string;
  private readonly store: TokenStore;
  private readonly fetchFn: FetchFn;
  private readonly principal = new BehaviorSubject<Principal | null>(null);
  private current: Session | null = null;
  private restoring: Promise<Principal | null> | undefined;
  private refreshing: Promise<Session> | undefined;

  constructor(options: AuthClientOptions) {
    this.serverUrl = options.serverUrl.replace(/\/+$/, '');
    this.store = options.store;
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** The signed-in principal, or null. Valid after restore() (every other call restores). */
  get session(): Principal | null {
    return this.principal.value;
  }

  readonly session$: Observable<Principal | null> = this.principal.asObservable();

  restore(): Promise<Principal | null> {
    this.restoring ??= this.store.load().then(
      (saved) => {
        this.current ??= saved;
        this.principal.next(this.current?.principal ?? null);
        return this.principal.value;
      },
      (err: unknown) => {
        // A store that failed to read (storage locked, quota) is asked again next time.
        this.restoring = undefined;
        throw err;
      },
    );
    return this.restoring;
  }

  async requestCode(phone: string): Promise<{ resendAfterS: number }> {
    const body = await this.postJson('/api/auth/code', { phone });
    return { resendAfterS: Number(body.resendAfterS ?? 0) };
  }

  async verify(phone: string, code: string): Promise<Principal> {
    await this.restore();
    const session = toSession(await this.postJson('/api/auth/verify', { phone, code }));
    await this.setSession(session);
    return session.principal;
  }

  /** Staff sign in with their name and password; the session works as a citizen's does. */
  async signInStaff(name: string, password: string): Promise<Principal> {
    await this.restore();
    const session = toSession(await this.postJson('/api/auth/staff', { name, password }));
    await this.setSession(session);
    return session.principal;
  }

  /** A valid access token, refreshed first when it expires within REFRESH_MARGIN_MS. */
  async getAccessToken(): Promise<string> {
    await this.restore();
    const session = this.current;
    if (!session) throw new SyncError('unauthorized');
    const expiresAtMs = Date.parse(session.accessExpiresAt);
    if (expiresAtMs - Date.now() > REFRESH_MARGIN_MS) return session.accessToken;
    return (await this.refresh()).accessToken;
  }

  /**
   * Fetch with the Bearer token. A 401 means the server stopped trusting this token early
   * (rotated keys, clock skew): refresh once and retry once; a second 401 is returned as is.
   */
  authFetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const replayable = input instanceof Request ? input.clone() : input;
    const token = await this.getAccessToken();
    const response = await this.send(input, withBearer(init, token));
    if (response.status !== 401) return response;

    await response.body?.cancel();
    const fresh = this.current?.accessToken !== token ? this.current : await this.refresh();
    if (!fresh) throw new SyncError('unauthorized', { httpStatus: 401 });
    return this.send(replayable, withBearer(init, fresh.accessToken));
  };

  async signOut(): Promise<void> {
    await this.restore();
    await this.setSession(null);
  }

  private refresh(): Promise<Session> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<Session> {
    const refreshToken = this.current?.refreshToken;
    if (!refreshToken) throw new SyncError('unauthorized');
    try {
      const session = toSession(await this.postJson('/api/auth/refresh', { refreshToken }));
      await this.setSession(session);
      return session;
    } catch (err) {
      // Only a refusal ends the session; being offline must not sign anyone out.
      if (err instanceof SyncError && err.httpStatus === 401) await this.setSession(null);
      throw err;
    }
  }

  private async setSession(session: Session | null): Promise<void> {
    this.current = session;
    await this.store.save(session);
    this.principal.next(session?.principal ?? null);
  }

  private async postJson(path: string, body: unknown): Promise<Record<string, unknown>> {
    const response = await this.send(`${this.serverUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw await SyncError.fromResponse(response);
    return (await response.json()) as Record<string, unknown>;
  }

  /** A fetch that throws (no route, reset, aborted by a stall guard) means "not reachable". */
  private async send(input: RequestInfo | URL, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchFn(input, init);
    } catch (err) {
      throw SyncError.offline(err);
    }
  }
}

function withBearer(init: RequestInit, token: string): RequestInit {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}

function toSession(body: Record<string, unknown>): Session {
  const { accessToken, refreshToken, accessExpiresAt, principal } = body as {
    accessToken?: unknown;
    refreshToken?: unknown;
    accessExpiresAt?: unknown;
    principal?: { kind?: unknown; id?: unknown };
  };
  const expiresAt = toDate(accessExpiresAt);
  if (
    typeof accessToken !== 'string' ||
    typeof refreshToken !== 'string' ||
    Number.isNaN(expiresAt.getTime()) ||
    typeof principal?.id !== 'string' ||
    typeof principal.kind !== 'string'
  ) {
    throw new SyncError('internal', { detail: 'malformed token response' });
  }
  return {
    accessToken,
    refreshToken,
    accessExpiresAt: expiresAt.toISOString(),
    principal: { kind: principal.kind as PrincipalKind, id: principal.id },
  };
}

/** Accepts ISO 8601 or epoch time (seconds or milliseconds) for the access token's expiry. */
function toDate(value: unknown): Date {
  if (typeof value !== 'number') return new Date(String(value));
  const EPOCH_MS_THRESHOLD = 1e12;
  return new Date(value < EPOCH_MS_THRESHOLD ? value * 1000 : value);
}
