import type { Session, TokenStore } from '@smt/sync/auth-client';

const SESSION_KEY = 'smt.session';

/**
 * The session in localStorage: it survives restarts and days offline, and is read back
 * synchronously-fast at start so the app opens straight to the citizen's reports.
 * A damaged entry counts as signed out rather than crashing the start.
 */
export function localStorageTokenStore(key = SESSION_KEY): TokenStore {
  return {
    async load(): Promise<Session | null> {
      const raw = localStorage.getItem(key);
      if (!raw) return null;
      try {
        const parsed = JSON.parse(raw) as Session;
        return typeof parsed.refreshToken === 'string' && parsed.principal ? parsed : null;
      } catch {
        return null;
      }
    },
    async save(session: Session | null): Promise<void> {
      if (session) localStorage.setItem(key, JSON.stringify(session));
      else localStorage.removeItem(key);
    },
  };
}
