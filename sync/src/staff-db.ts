import type { RxCollection, RxDatabase, RxJsonSchema } from 'rxdb';
import { openDeviceDb, type OpenCitizenDbOptions } from './citizen-db.ts';

/**
 * A staff device's database: the tasks and outcomes the server writes, and the actions this
 * person wrote. As on a citizen's device, CouchDB's `_id` is `id` here, one collection
 * mirrors the whole replicated database, and every top-level field is listed because RxDB
 * insists on `additionalProperties: false` there.
 */
export type StaffDocData = { id: string; type: 'task' | 'outcome' | 'action' } & Record<
  string,
  unknown
>;

export type StaffCollection = RxCollection<StaffDocData>;
export type StaffDb = RxDatabase<{ docs: StaffCollection }>;

const STAFF_SCHEMA: RxJsonSchema<StaffDocData> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 80 },
    type: { type: 'string', maxLength: 16 },
    caseId: { type: 'string' },
    updatedAt: { type: 'string' },
    // task
    caseNumber: { type: 'string' },
    state: { type: 'string' },
    category: { type: 'object' },
    description: { type: 'string' },
    location: { type: 'object' },
    district: { type: 'string' },
    dispatchedTo: { type: 'string' },
    teamId: { type: 'string' },
    reworkCount: { type: 'integer' },
    duplicateOf: { type: 'string' },
    photos: { type: 'array' },
    deadline: { type: 'string' },
    overdue: { type: 'boolean' },
    history: { type: 'array' },
    refusals: { type: 'array' },
    withdrawn: { type: 'boolean' },
    // action
    kind: { type: 'string' },
    actor: { type: 'object' },
    at: { type: 'string' },
    payload: { type: 'object' },
    // outcome
    actionId: { type: 'string' },
    result: { type: 'string' },
    reason: { type: 'object' },
  },
  required: ['id', 'type'],
  indexes: ['type'],
};

export function openStaffDb(options: OpenCitizenDbOptions): Promise<StaffDb> {
  return openDeviceDb(options, STAFF_SCHEMA);
}
