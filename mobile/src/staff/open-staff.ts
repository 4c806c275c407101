import { addRxPlugin } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import PouchDB from 'pouchdb-core';
import IdbAdapter from 'pouchdb-adapter-idb';
import type { AuthClient, Principal } from '@smt/sync/auth-client';
import { fetchStaffProfile, openStaffDevice, type StaffDevice } from '@smt/sync/staff-device';
import type { StaffProfile } from '@smt/shared/workflow/staff';
import { appConfig } from '../config.ts';
import { loadProfile, saveProfile } from './profile-store.ts';

// Several tabs of the console share one database and elect one of them to replicate.
addRxPlugin(RxDBLeaderElectionPlugin);
PouchDB.plugin(IdbAdapter);

/**
 * The profile from the server when it answers, else the one kept from the last time; the
 * very first start after sign-in needs the server.
 */
export async function resolveProfile(auth: AuthClient, principal: Principal) {
  const kept = loadProfile(principal.id);
  const fresh = fetchStaffProfile(auth, appConfig.serverUrl).then((profile) => {
    saveProfile(principal.id, profile);
    return profile;
  });
  if (!kept) return fresh;
  // Kept and fresh differ only when the centre changed the account: the next start shows it.
  fresh.catch(() => undefined);
  return kept;
}

/** The staff member's device: RxDB on IndexedDB through Dexie, photos in a PouchDB outbox. */
export async function openStaff(
  auth: AuthClient,
  principal: Principal,
  profile: StaffProfile,
): Promise<StaffDevice> {
  const device = await openStaffDevice({
    serverUrl: appConfig.serverUrl,
    auth,
    profile,
    storage: getRxStorageDexie(),
    pouch: { PouchDB, adapter: 'idb' },
    name: `smt-${principal.kind}-${principal.id}`,
  });
  device.startSync();
  return device;
}

/** A URL for a photo derivative the server made; undefined when not signed in. */
export async function mediaUrl(auth: AuthClient, hash: string): Promise<string | undefined> {
  try {
    const token = await auth.getAccessToken();
    return `${appConfig.serverUrl}/api/media/${hash}?access_token=${encodeURIComponent(token)}`;
  } catch {
    return undefined;
  }
}
