export { AuthClient, MemoryTokenStore } from './auth-client.ts';
export type { AuthClientOptions, FetchFn, Principal, Session, TokenStore } from './auth-client.ts';
export { SyncError, toSyncError } from './sync-error.ts';
export { openCitizenDb, toCouchShape } from './citizen-db.ts';
export type {
  CitizenCollection,
  CitizenDb,
  CitizenDocData,
  OpenCitizenDbOptions,
} from './citizen-db.ts';
export { Connectivity, abortWhenSilent } from './connectivity.ts';
export { startMainReplication } from './replication.ts';
export type { MainReplication, MainReplicationOptions } from './replication.ts';
export { PhotoOutbox } from './photo-outbox.ts';
export type { PhotoOutboxOptions, PhotoProgress, PouchSetup } from './photo-outbox.ts';
export { outboxStateOf } from './outbox-state.ts';
export type { OutboxCode, OutboxFacts, OutboxState } from './outbox-state.ts';
export { CitizenDevice, openCitizenDevice } from './citizen-device.ts';
export type { CitizenDeviceOptions } from './citizen-device.ts';
export type { ReportInput } from './report-input.ts';
export { newReportId } from './report-id.ts';
export {
  StaffDevice,
  openStaffDevice,
  fetchStaffProfile,
  fetchStaffDirectory,
  newActionId,
} from './staff-device.ts';
export type { StaffDeviceOptions } from './staff-device.ts';
export { openStaffDb } from './staff-db.ts';
export type { StaffDb, StaffDocData } from './staff-db.ts';
