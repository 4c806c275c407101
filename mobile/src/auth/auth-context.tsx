import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { AuthClient, type Principal } from '@smt/sync/auth-client';
import { appConfig } from '../config.ts';
import { localStorageTokenStore } from './token-store.ts';

const MASKED_PHONE_KEY = 'smt.maskedPhone';

export interface AuthState {
  client: AuthClient;
  /** undefined while the stored session is read back; null when signed out. */
  principal: Principal | null | undefined;
  /** The number signed in with, masked (138****5678); the full number is never stored. */
  maskedPhone: string | null;
  rememberPhone(masked: string): void;
}

const AuthContext = createContext<AuthState | undefined>(undefined);

export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useMemo(
    () => new AuthClient({ serverUrl: appConfig.serverUrl, store: localStorageTokenStore() }),
    [],
  );
  const [principal, setPrincipal] = useState<Principal | null | undefined>(undefined);
  const [maskedPhone, setMaskedPhone] = useState(() => localStorage.getItem(MASKED_PHONE_KEY));

  useEffect(() => {
    let subscription: { unsubscribe(): void } | undefined;
    let live = true;
    void client.restore().then(() => {
      if (!live) return;
      subscription = client.session$.subscribe((next) => setPrincipal(next));
    });
    return () => {
      live = false;
      subscription?.unsubscribe();
    };
  }, [client]);

  const state = useMemo<AuthState>(
    () => ({
      client,
      principal,
      maskedPhone,
      rememberPhone(masked) {
        localStorage.setItem(MASKED_PHONE_KEY, masked);
        setMaskedPhone(masked);
      },
    }),
    [client, principal, maskedPhone],
  );
  return <AuthContext.Provider value={state}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
