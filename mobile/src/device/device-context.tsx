import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Principal } from '@smt/sync/auth-client';
import { useAuth } from '../auth/auth-context.tsx';
import type { CitizenView } from './citizen-view.ts';

export interface DeviceState {
  view: CitizenView | undefined;
  error: unknown;
  retry(): void;
}

const DeviceContext = createContext<DeviceState | undefined>(undefined);

// A database must be closed before it is opened again (a remount, a second sign-in), so
// every open waits for the previous close.
let previousClose: Promise<void> = Promise.resolve();

/**
 * Opens the citizen's database, photo outbox and sync when someone is signed in. The sync
 * layer is a separate chunk: the first screen paints before it has loaded.
 */
export function DeviceProvider({
  principal,
  children,
}: {
  principal: Principal;
  children: ReactNode;
}) {
  const { client } = useAuth();
  const [view, setView] = useState<CitizenView>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  // A token refresh hands out a new Principal object for the same person; only a different
  // person may reopen the database.
  const { id, kind } = principal;

  useEffect(() => {
    let live = true;
    let opened: CitizenView | undefined;
    const opening = previousClose
      .then(() => import('./open-device.ts'))
      .then((m) => m.openCitizenView(client, { id, kind }))
      .then((next) => {
        opened = next;
        if (live) setView(next);
      })
      .catch((err: unknown) => {
        if (live) setError(err);
      });
    return () => {
      live = false;
      setView(undefined);
      previousClose = opening.then(() => opened?.close()).catch(() => undefined);
    };
  }, [client, id, kind, attempt]);

  const state = useMemo<DeviceState>(
    () => ({
      view,
      error,
      retry: () => {
        setError(undefined);
        setAttempt((n) => n + 1);
      },
    }),
    [view, error],
  );
  return <DeviceContext.Provider value={state}>{children}</DeviceContext.Provider>;
}

export function useDevice(): DeviceState {
  const state = useContext(DeviceContext);
  if (!state) throw new Error('useDevice outside DeviceProvider');
  return state;
}
