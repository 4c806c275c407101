import { randomBytes } from 'node:crypto';
import { addRxPlugin, type RxStorage } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import PouchDB from 'pouchdb-core';
import memoryAdapter from 'pouchdb-adapter-memory';
import type { PouchSetup } from '../photo-outbox.ts';

// Dev-mode checks schemas and documents in tests; it insists on a validating storage.
disableWarnings();
addRxPlugin(RxDBDevModePlugin);
PouchDB.plugin(memoryAdapter);

export type TestStorageKind = 'memory' | 'dexie';

/** Dexie over fake-indexeddb is what the app runs, but slow here: keep its tests small. */
export function testStorage(kind: TestStorageKind = 'memory'): RxStorage<unknown, unknown> {
  const storage: RxStorage<unknown, unknown> =
    kind === 'memory' ? getRxStorageMemory() : getRxStorageDexie({ indexedDB, IDBKeyRange });
  return wrappedValidateAjvStorage({ storage });
}

export const testPouch: PouchSetup = { PouchDB, adapter: 'memory' };

/** Every test gets its own local databases; the memory adapters share one process. */
export function uniqueName(prefix = 'citizen'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** A small valid JPEG-like payload with every byte value, to catch any encoding slip. */
export function photoBytes(seed: number, length = 4096): Uint8Array {
  const bytes = new Uint8Array(length);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  for (let i = 4; i < length; i++) bytes[i] = (i * 31 + seed) % 256;
  return bytes;
}
