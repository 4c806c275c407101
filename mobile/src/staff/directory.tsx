import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { fetchStaffDirectory } from '@smt/sync/staff-device';
import type { StaffDirectoryEntry } from '@smt/shared/workflow/staff';
import { appConfig } from '../config.ts';
import { useObservable } from '../device/use-observable.ts';
import { useStaff, useStaffDevice } from './staff-context.tsx';

/**
 * The staff directory (names, roles, teams), kept on the device so the timeline names
 * people offline too; fetched again whenever the device comes online.
 */
const DIRECTORY_KEY = 'smt.staffDirectory';

export type Directory = ReadonlyMap<string, StaffDirectoryEntry>;

function load(): StaffDirectoryEntry[] {
  try {
    return JSON.parse(localStorage.getItem(DIRECTORY_KEY) ?? '[]') as StaffDirectoryEntry[];
  } catch {
    return [];
  }
}

const toMap = (entries: readonly StaffDirectoryEntry[]): Directory =>
  new Map(entries.map((entry) => [entry.principalId, entry]));

const DirectoryContext = createContext<Directory>(new Map());

export function DirectoryProvider({ children }: { children: ReactNode }) {
  const { auth } = useStaff();
  const device = useStaffDevice();
  const online = useObservable(device.isOnline$, false);
  const [directory, setDirectory] = useState<Directory>(() => toMap(load()));

  useEffect(() => {
    if (!online) return;
    let live = true;
    fetchStaffDirectory(auth, appConfig.serverUrl).then(
      (entries) => {
        localStorage.setItem(DIRECTORY_KEY, JSON.stringify(entries));
        if (live) setDirectory(toMap(entries));
      },
      // Kept copy stays in use; the next time online tries again.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [auth, online]);

  return <DirectoryContext.Provider value={directory}>{children}</DirectoryContext.Provider>;
}

export function useDirectory(): Directory {
  return useContext(DirectoryContext);
}

export function forgetDirectory(): void {
  localStorage.removeItem(DIRECTORY_KEY);
}
