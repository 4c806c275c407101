import { afterEach, describe, expect, test } from 'vitest';
import type { SyncError } from './sync-error.ts';
import { openCitizenDb, type CitizenDb } from './citizen-db.ts';
import { startMainReplication, type MainReplication } from './replication.ts';
import { newReportId } from './report-id.ts';
import { CouchTestServer } from './testing/couch-test-server.ts';
import { testStorage, uniqueName } from './testing/rx-test-storage.ts';
import { firstMatch, waitFor } from './testing/wait.ts';

const RETRY = { retryTimeMs: 100, maxRetryTimeMs: 400 };

function reportFields(id: string) {
  return {
    id,
    type: 'report' as const,
    category: { major: 'garbage', minor: 'overflow' },
    description: 'bins overflowing',
    location: { lat: 38.04, lng: 114.51, source: 'gps' },
    capturedAt: '2025-07-01T09:00:00+08:00',
    photoCount: 0,
    followUpSms: false,
    createdAt: new Date().toISOString(),
  };
}

function statusFor(reportId: string) {
  return {
    _id: `status-${reportId}`,
    type: 'status',
    reportId,
    state: 'received',
    photos: [],
    history: [{ state: 'received', at: new Date().toISOString() }],
    updatedAt: new Date().toISOString(),
  };
}

const bulkWrites = (server: CouchTestServer) =>
  server.requests.filter((line) => line === 'POST /sync/main/_bulk_docs').length;

describe('startMainReplication', () => {
  let server: CouchTestServer;
  let db: CitizenDb;
  let replication: MainReplication | undefined;
  const errors: SyncError[] = [];

  async function start(options: { down?: boolean } = {}): Promise<void> {
    server = await CouchTestServer.start(options);
    db = await openCitizenDb({ name: uniqueName(), storage: testStorage(), multiInstance: false });
    replication = await replicate();
  }

  async function replicate(): Promise<MainReplication> {
    const auth = await server.signedInClient();
    const started = startMainReplication(db, { serverUrl: server.url, auth, ...RETRY });
    started.error$.subscribe((err) => errors.push(err));
    return started;
  }

  afterEach(async () => {
    await replication?.stop();
    await db.close();
    await server.close();
    errors.length = 0;
  });

  test('pushes a report written while the server is down exactly once when it is up', async () => {
    await start({ down: true });
    const id = newReportId();
    await db.docs.insert(reportFields(id));
    await waitFor('an offline error', () => errors.some((err) => err.code === 'offline'));

    await server.comeUp();
    await replication!.awaitInSync();
    await replication!.stop();
    replication = await replicate();
    await replication.awaitInSync();

    const onServer = await server.main.get(id);
    expect(onServer._rev).toMatch(/^1-/);
    expect(onServer).toMatchObject({ type: 'report', description: 'bins overflowing' });
    expect(bulkWrites(server)).toBe(1);
  });

  test("brings a status the server writes into the device's database", async () => {
    await start();
    await replication!.awaitInSync();
    const id = newReportId();

    await server.main.put(statusFor(id));

    const status = await firstMatch(db.docs.findOne(`status-${id}`).$, (doc) => doc !== null);
    expect(status?.toJSON()).toMatchObject({ type: 'status', reportId: id, state: 'received' });
  });

  test('resumes both ways after the server goes down mid-run and comes back', async () => {
    await start();
    await replication!.awaitInSync();
    const id = newReportId();

    await server.goDown();
    await db.docs.insert(reportFields(id));
    await server.main.put(statusFor(id));
    await waitFor('an offline error', () => errors.some((err) => err.code === 'offline'));
    await server.comeUp();

    await firstMatch(db.docs.findOne(`status-${id}`).$, (doc) => doc !== null);
    await replication!.awaitInSync();
    expect((await server.main.get(id))._rev).toMatch(/^1-/);
  });

  test('catches up on what the server wrote before its first long-poll arrived', async () => {
    await start({ down: true });
    await waitFor('an offline error', () => errors.some((err) => err.code === 'offline'));
    // The catch-up pull finishes while the first long-poll (since=now) is still on its way.
    server.longPollDelayMs = 1_500;
    await server.comeUp();
    await replication!.awaitInSync();
    const id = newReportId();

    await server.main.put(statusFor(id));

    await firstMatch(db.docs.findOne(`status-${id}`).$, (doc) => doc !== null);
  });

  test('misses nothing the server wrote while the first long-poll of a start was on its way', async () => {
    // A slow link: the catch-up pull is done before the first long-poll reaches the server. A
    // long-poll that starts from "now" would skip the status, and its checkpoint would keep
    // any later catch-up from finding it.
    server = await CouchTestServer.start();
    server.longPollDelayMs = 2_000;
    db = await openCitizenDb({ name: uniqueName(), storage: testStorage(), multiInstance: false });
    replication = await replicate();
    await replication.awaitInSync();
    const id = newReportId();

    await server.main.put(statusFor(id));

    await firstMatch(db.docs.findOne(`status-${id}`).$, (doc) => doc !== null);
  });

  test('refreshes the token once on a 401 and carries on', async () => {
    await start();
    await replication!.awaitInSync();
    server.revokeAccessToken();
    const id = newReportId();

    await db.docs.insert(reportFields(id));
    await waitFor('the report on the server', async () => {
      return (await server.main.allDocs({ key: id })).rows.length === 1;
    });

    expect(server.rejectedTokenCount).toBeGreaterThanOrEqual(1);
    expect(server.refreshCount).toBe(1);
    expect(errors.filter((err) => err.code === 'unauthorized')).toEqual([]);
  });
});
