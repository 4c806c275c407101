import {
  createRxDatabase,
  type RxCollection,
  type RxDatabase,
  type RxJsonSchema,
  type RxStorage,
} from 'rxdb';
import type { CitizenDoc } from '@smt/shared/docs';

/**
 * A citizen document as RxDB keeps it: CouchDB's `_id` becomes `id` (the replication swaps
 * them both ways); everything else is the document as the server stores it.
 */
export type CitizenDocData = { id: string; type: CitizenDoc['type'] } & Record<string, unknown>;

export type CitizenCollection = RxCollection<CitizenDocData>;
export type CitizenDb = RxDatabase<{ docs: CitizenCollection }>;

/**
 * Permissive on purpose: the server owns the shape of statuses and messages, so below the
 * top level nothing is constrained. RxDB insists on `additionalProperties: false` at the top
 * level, so every top-level field of shared/docs.ts is listed; a new one needs a schema
 * version bump with a migration strategy (and dev-mode validation refuses it until then).
 */
const DOCS_SCHEMA: RxJsonSchema<CitizenDocData> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64 },
    type: { type: 'string', maxLength: 16 },
    reportId: { type: 'string', maxLength: 64 },
    updatedAt: { type: 'string', maxLength: 40 },
    createdAt: { type: 'string' },
    // report
    category: { type: 'object' },
    description: { type: 'string' },
    location: { type: 'object' },
    capturedAt: { type: 'string' },
    photoCount: { type: 'integer' },
    followUpSms: { type: 'boolean' },
    // status
    state: { type: 'string' },
    caseNumber: { type: 'string' },
    reason: { type: 'object' },
    judgedAt: { type: 'string' },
    district: { type: 'string' },
    photos: { type: 'array' },
    history: { type: 'array' },
    // message
    title: { type: 'string' },
    body: { type: 'string' },
  },
  required: ['id', 'type'],
  // Only `type`: the Dexie storage refuses an index on a field some documents lack (DXE1),
  // and reports have no reportId or updatedAt. Filling them in on the phone would make its
  // copy differ from the server's; a citizen's few hundred documents need no more than this.
  indexes: ['type'],
};

export interface OpenCitizenDbOptions {
  /** One database per signed-in person, e.g. `citizen-<principal id>`. */
  name: string;
  /** getRxStorageDexie() in the app; memory or dexie over fake-indexeddb in Node tests. */
  storage: RxStorage<unknown, unknown>;
  /** Several browser tabs share one database and elect one to replicate; off in tests. */
  multiInstance?: boolean;
}

/**
 * One collection for the whole replicated database keeps a device far below the free
 * build's 13 open collections per process. close() on the result closes the collection
 * too, which is what frees its place in that count. Citizens' and staff devices alike.
 */
export async function openDeviceDb<D extends { id: string }>(
  options: OpenCitizenDbOptions,
  schema: RxJsonSchema<D>,
): Promise<RxDatabase<{ docs: RxCollection<D> }>> {
  const db = await createRxDatabase<{ docs: RxCollection<D> }>({
    name: options.name,
    storage: options.storage,
    multiInstance: options.multiInstance ?? true,
  });
  try {
    await db.addCollections({ docs: { schema } });
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

export function openCitizenDb(options: OpenCitizenDbOptions): Promise<CitizenDb> {
  return openDeviceDb(options, DOCS_SCHEMA);
}

// RxDB's bookkeeping, and the key it renamed; none of it belongs to the document.
const NOT_DOCUMENT_FIELDS = new Set(['id', '_meta', '_rev', '_attachments', '_deleted']);

/** RxDB's view of a document back into the `_id` shape the shared contracts use. */
export function toCouchShape<T extends CitizenDoc = CitizenDoc>(data: CitizenDocData): T {
  const doc: Record<string, unknown> = { _id: data.id };
  for (const [key, value] of Object.entries(data)) {
    if (!NOT_DOCUMENT_FIELDS.has(key)) doc[key] = value;
  }
  return doc as unknown as T;
}
