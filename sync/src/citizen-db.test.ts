import { describe, expect, test } from 'vitest';
import { openCitizenDb, toCouchShape } from './citizen-db.ts';
import { testStorage, uniqueName, type TestStorageKind } from './testing/rx-test-storage.ts';

describe.each<TestStorageKind>(['memory', 'dexie'])('openCitizenDb on %s storage', (kind) => {
  test('keeps reports, statuses and messages in one collection, found by type', async () => {
    const db = await openCitizenDb({
      name: uniqueName(),
      storage: testStorage(kind),
      multiInstance: false,
    });
    await db.docs.bulkInsert([
      { id: 'rreport0000000000000000001', type: 'report', description: 'bins', photoCount: 0 },
      {
        id: 'status-rreport0000000000000000001',
        type: 'status',
        reportId: 'rreport0000000000000000001',
        state: 'received',
        photos: [],
        history: [{ state: 'received', at: '2025-07-01T01:00:00Z' }],
        updatedAt: '2025-07-01T01:00:00Z',
      },
      { id: 'm1', type: 'message', title: 't', body: 'b', createdAt: '2025-07-01T01:00:00Z' },
    ]);

    const statuses = await db.docs.find({ selector: { type: 'status' } }).exec();
    expect(statuses.map((doc) => toCouchShape(doc.toMutableJSON()))).toEqual([
      expect.objectContaining({ _id: 'status-rreport0000000000000000001', state: 'received' }),
    ]);
    expect(await db.docs.count({ selector: { type: 'report' } }).exec()).toBe(1);
    await db.close();
  });
});

describe('openCitizenDb', () => {
  test('frees its collection on close, so 20 sign-ins stay under the limit', async () => {
    for (let i = 0; i < 20; i++) {
      const db = await openCitizenDb({
        name: uniqueName(),
        storage: testStorage(),
        multiInstance: false,
      });
      await db.close();
    }
  });

  test('refuses a document field the schema does not know, in dev-mode', async () => {
    const db = await openCitizenDb({
      name: uniqueName(),
      storage: testStorage(),
      multiInstance: false,
    });
    await expect(db.docs.insert({ id: 'x1', type: 'report', surprise: 1 })).rejects.toThrow();
    await db.close();
  });
});
