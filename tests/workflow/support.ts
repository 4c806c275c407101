import PouchDB from 'pouchdb-core';
import MemoryAdapter from 'pouchdb-adapter-memory';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { filter, firstValueFrom, map, timeout } from 'rxjs';
import type {
  ActionKind,
  ActionPayloads,
  CaseDoc,
  CaseState,
  OutcomeDoc,
  StatusDoc,
  TaskDoc,
} from '@smt/shared';
import {
  AuthClient,
  fetchStaffProfile,
  MemoryTokenStore,
  openStaffDevice,
  type CitizenDevice,
  type StaffDevice,
} from '@smt/sync';
import type { TestServer } from '../support/server.ts';

PouchDB.plugin(MemoryAdapter);

/** The password the demo staff accounts get in these tests (DEMO_STAFF_PASSWORD). */
export const DEMO_PASSWORD = 'workflow-tests-demo-password';
export const SERVER_ENV = { DEMO_STAFF_PASSWORD: DEMO_PASSWORD };

const WAIT_MS = 60_000;
let serial = 0;

export async function signInStaff(server: TestServer, name: string): Promise<AuthClient> {
  const auth = new AuthClient({ serverUrl: server.url, store: new MemoryTokenStore() });
  await auth.signInStaff(name, DEMO_PASSWORD);
  return auth;
}

/** A staff member's device, signed in with a demo account; memory storage keeps it quick. */
export async function openStaff(server: TestServer, name: string): Promise<StaffDevice> {
  const auth = await signInStaff(server, name);
  serial++;
  const device = await openStaffDevice({
    serverUrl: server.url,
    auth,
    profile: await fetchStaffProfile(auth, server.url),
    storage: getRxStorageMemory(),
    pouch: { PouchDB, adapter: 'memory' },
    name: `${name}x${serial}x${Date.now().toString(36)}`,
    multiInstance: false,
    retryTimeMs: 500,
  });
  device.startSync();
  return device;
}

export function waitForTask(
  device: StaffDevice,
  caseId: string,
  done: (task: TaskDoc) => boolean,
): Promise<TaskDoc> {
  return firstValueFrom(
    device.tasks$.pipe(
      map((tasks) => tasks.find((task) => task.caseId === caseId)),
      filter((task): task is TaskDoc => task !== undefined && done(task)),
      timeout(WAIT_MS),
    ),
  );
}

export const inState =
  (state: CaseState, round = 0) =>
  (task: TaskDoc) =>
    task.state === state && task.reworkCount === round;

export function waitForOutcome(device: StaffDevice, actionId: string): Promise<OutcomeDoc> {
  return firstValueFrom(
    device.outcomes$.pipe(
      map((outcomes) => outcomes.get(actionId)),
      filter((outcome): outcome is OutcomeDoc => outcome !== undefined),
      timeout(WAIT_MS),
    ),
  );
}

/** Acts from an online device and waits for the server's answer. */
export async function act<K extends ActionKind>(
  device: StaffDevice,
  caseId: string,
  kind: K,
  payload: ActionPayloads[K],
): Promise<OutcomeDoc> {
  const action = await device.writeAction(caseId, kind, payload);
  return waitForOutcome(device, action._id);
}

export function waitForStatus(
  device: CitizenDevice,
  reportId: string,
  done: (status: StatusDoc) => boolean,
): Promise<StatusDoc> {
  return firstValueFrom(
    device.statuses$.pipe(
      map((statuses) => statuses.get(reportId)),
      filter((status): status is StatusDoc => status !== undefined && done(status)),
      timeout(WAIT_MS),
    ),
  );
}

export async function readCase(server: TestServer, caseId: string): Promise<CaseDoc> {
  return server.couch.use<CaseDoc>('cases').get(caseId);
}

export async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
