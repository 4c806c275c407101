import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AuthClient, Principal } from '@smt/sync/auth-client';
import type { StaffDevice } from '@smt/sync/staff-device';
import type { StaffProfile } from '@smt/shared/workflow/staff';
import { useAuth } from '../auth/auth-context.tsx';
import { openStaff, resolveProfile } from './open-staff.ts';

export interface StaffState {
  auth: AuthClient;
  principal: Principal;
  profile: StaffProfile | undefined;
  device: StaffDevice | undefined;
  error: unknown;
  retry(): void;
}

const StaffContext = createContext<StaffState | undefined>(undefined);

// A database must be closed before it is opened again (a remount, a second sign-in).
let previousClose: Promise<void> = Promise.resolve();

/** Reads the profile and opens the staff member's device once someone signs in as staff. */
export function StaffProvider({
  principal,
  children,
}: {
  principal: Principal;
  children: ReactNode;
}) {
  const { client } = useAuth();
  const [profile, setProfile] = useState<StaffProfile>();
  const [device, setDevice] = useState<StaffDevice>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const { id, kind } = principal;

  useEffect(() => {
    let live = true;
    let opened: StaffDevice | undefined;
    const opening = previousClose
      .then(() => resolveProfile(client, { id, kind }))
      .then((next) => {
        if (live) setProfile(next);
        return openStaff(client, { id, kind }, next);
      })
      .then((next) => {
        opened = next;
        if (live) setDevice(next);
      })
      .catch((err: unknown) => {
        if (live) setError(err);
      });
    return () => {
      live = false;
      setDevice(undefined);
      previousClose = opening.then(() => opened?.close()).catch(() => undefined);
    };
  }, [client, id, kind, attempt]);

  const state = useMemo<StaffState>(
    () => ({
      auth: client,
      principal: { id, kind },
      profile,
      device,
      error,
      retry: () => {
        setError(undefined);
        setAttempt((n) => n + 1);
      },
    }),
    [client, id, kind, profile, device, error],
  );
  return <StaffContext.Provider value={state}>{children}</StaffContext.Provider>;
}

export function useStaff(): StaffState {
  const state = useContext(StaffContext);
  if (!state) throw new Error('useStaff outside StaffProvider');
  return state;
}

/** The open device; only for components rendered once it is open. */
export function useStaffDevice(): StaffDevice {
  const { device } = useStaff();
  if (!device) throw new Error('useStaffDevice before the device opened');
  return device;
}
