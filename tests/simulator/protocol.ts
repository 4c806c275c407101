import type { StaffProfile } from '@smt/shared';

/** Messages between the simulator (parent) and its device processes (children), over IPC. */

export type DeviceSpec =
  | { key: string; kind: 'citizen'; phone: string; address: string }
  | { key: string; kind: 'staff'; account: string; address: string };

export interface WorkerSettings {
  /** Where devices send their requests: the fault proxy, or the server itself. */
  serverUrl: string;
  /** Admin URL of the store, to read sign-in codes and compare at the end. */
  storeUrl: string;
  staffPassword: string;
  maxActiveDevices: number;
  maxReportsPerCitizen: number;
  maxPhotosPerReport: number;
  /** Share of a device's sessions in which its network drops for a while. */
  offlineShare: number;
  /** The disposal team a district platform assigns its cases to. */
  teamByDistrict: Record<string, string>;
  seed: number;
}

export type ToWorker =
  | { type: 'init'; index: number; devices: DeviceSpec[]; settings: WorkerSettings }
  | { type: 'stop-activity' }
  | { type: 'settle-push'; timeoutMs: number }
  | { type: 'settle-pull'; timeoutMs: number }
  | { type: 'exit' };

export interface Counters {
  signIns: number;
  signInRetries: number;
  sessions: number;
  offlineSpells: number;
  reports: number;
  reportsOffline: number;
  photos: number;
  actions: number;
  actionsOffline: number;
  syncErrors: number;
  deviceErrors: number;
}

export const emptyCounters = (): Counters => ({
  signIns: 0,
  signInRetries: 0,
  sessions: 0,
  offlineSpells: 0,
  reports: 0,
  reportsOffline: 0,
  photos: 0,
  actions: 0,
  actionsOffline: 0,
  syncErrors: 0,
  deviceErrors: 0,
});

export interface ReportRecord {
  id: string;
  photoIds: string[];
  covered: boolean;
}

export interface ActionRecord {
  id: string;
  caseId: string;
  kind: string;
}

/** What one device did and what it holds, as the device itself saw it. */
export interface DeviceLedger {
  key: string;
  kind: 'citizen' | 'staff';
  /** Undefined when the device never managed to sign in. */
  principal?: { kind: 'citizen' | 'team' | 'desk'; id: string };
  profile?: StaffProfile;
  reports: ReportRecord[];
  actions: ActionRecord[];
  staffPhotoIds: string[];
  /** Why the final push did not finish, when it did not: the errors the device saw. */
  settleNote?: string;
}

/** A device's local copy against its database on the server, after a final live sync. */
export interface DeviceSettlement {
  key: string;
  pushed: boolean;
  /** On the server, not on the device (or an older version on the device). */
  missing: string[];
  stale: string[];
  /** On the device, not on the server. */
  unsent: string[];
  statusesOnDevice: number;
  outcomesOnDevice: number;
  tasksOnDevice: number;
  error?: string;
  /** For a device that did not settle: the errors it saw while trying. */
  note?: string;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'counters'; counters: Counters }
  | { type: 'activity-stopped' }
  | { type: 'settled-push'; ledgers: DeviceLedger[]; done: number }
  | { type: 'settle-progress'; done: number }
  | { type: 'settled-pull'; settlements: DeviceSettlement[] }
  | { type: 'failed'; error: string };
