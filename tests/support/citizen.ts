import 'fake-indexeddb/auto';
import PouchDB from 'pouchdb-core';
import MemoryAdapter from 'pouchdb-adapter-memory';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { firstValueFrom, filter } from 'rxjs';
import { judgeAcceptanceHours, type StatusDoc } from '@smt/shared';
import { AuthClient, MemoryTokenStore, openCitizenDevice, type CitizenDevice } from '@smt/sync';
import type { TestServer } from './server.ts';

PouchDB.plugin(MemoryAdapter);

/** A point inside 长安区 (WGS-84), away from its edges. */
export const CHANG_AN = { lat: 38.0497, lng: 114.5224, accuracyM: 12, source: 'gps' as const };
/** The centre of 井陉县, which the service does not cover. */
export const JINGXING = { lat: 38.0327, lng: 114.1453, accuracyM: 15, source: 'gps' as const };

let phoneSerial = 0;

/** A fresh valid mainland mobile number per call, so tests never share an account. */
export function newPhone(): string {
  phoneSerial++;
  const tail = String((Date.now() * 7 + phoneSerial * 7919) % 100_000_000).padStart(8, '0');
  return `+86139${tail}`;
}

export async function signIn(server: TestServer, phone = newPhone()): Promise<AuthClient> {
  const auth = new AuthClient({ serverUrl: server.url, store: new MemoryTokenStore() });
  await auth.requestCode(phone);
  await auth.verify(phone, await server.readLatestSmsCode(phone));
  return auth;
}

let deviceSerial = 0;

export async function openDevice(server: TestServer, auth: AuthClient): Promise<CitizenDevice> {
  deviceSerial++;
  return openCitizenDevice({
    serverUrl: server.url,
    auth,
    storage: getRxStorageDexie(),
    pouch: { PouchDB, adapter: 'memory' },
    name: `device${deviceSerial}x${Date.now().toString(36)}`,
  });
}

/**
 * Capture times the rules will judge as open or closed: stepping back from now in quarter
 * hours, so the test passes at any hour the suite happens to run.
 */
export function captureTime(open: boolean, now = new Date()): string {
  const STEP_MS = 15 * 60_000;
  for (let t = now.getTime() - STEP_MS; t > now.getTime() - 48 * 3_600_000; t -= STEP_MS) {
    const iso = new Date(t).toISOString();
    const judged = judgeAcceptanceHours(iso, now);
    if (judged.judgedOn === 'capture' && judged.open === open) return iso;
  }
  throw new Error(`no ${open ? 'open' : 'closed'} capture time in the last 48 hours`);
}

export async function waitForStatuses(
  device: CitizenDevice,
  reportIds: string[],
  done: (status: StatusDoc) => boolean = (s) => s.state !== 'received',
): Promise<ReadonlyMap<string, StatusDoc>> {
  return firstValueFrom(
    device.statuses$.pipe(
      filter((statuses: ReadonlyMap<string, StatusDoc>) =>
        reportIds.every((id) => {
          const status = statuses.get(id);
          return status !== undefined && done(status);
        }),
      ),
    ),
  );
}
