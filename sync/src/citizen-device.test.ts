import { afterEach, describe, expect, test } from 'vitest';
import { photoIdFor, statusIdFor, type ReportDoc } from '@smt/shared/docs';
import { openCitizenDevice, type CitizenDevice } from './citizen-device.ts';
import type { ReportInput } from './report-input.ts';
import { CouchTestServer } from './testing/couch-test-server.ts';
import { photoBytes, testPouch, testStorage, uniqueName } from './testing/rx-test-storage.ts';
import { firstMatch } from './testing/wait.ts';

const input: ReportInput = {
  category: { major: 'garbage', minor: 'overflow' },
  description: 'bins overflowing at the bus stop',
  location: { lat: 38.0428, lng: 114.5149, accuracyM: 8, source: 'gps' },
  capturedAt: '2025-07-01T09:00:00+08:00',
  followUpSms: true,
  photos: [photoBytes(11), photoBytes(12)],
};

describe('CitizenDevice', () => {
  let server: CouchTestServer;
  let device: CitizenDevice;

  async function openDevice(name = uniqueName()): Promise<CitizenDevice> {
    device = await openCitizenDevice({
      serverUrl: server.url,
      auth: await server.signedInClient(),
      storage: testStorage(),
      pouch: testPouch,
      name,
      multiInstance: false,
      retryTimeMs: 100,
    });
    return device;
  }

  afterEach(async () => {
    await device.close();
    await server.close();
  });

  test('keeps an offline report as saved, sends it online, then follows its status', async () => {
    server = await CouchTestServer.start({ down: true });
    await openDevice();
    device.startSync();

    const report = await device.submitReport(input);
    expect(report._id).toMatch(/^r[a-z0-9]{25}$/);
    expect(await firstMatch(device.outbox$, (states) => states.has(report._id))).toEqual(
      new Map([
        [report._id, { code: 'saved', reportSent: false, photos: { uploaded: 0, total: 2 } }],
      ]),
    );
    expect(await device.hasUnsent()).toBe(true);

    await server.comeUp();
    await device.awaitInSync();
    const sent = await firstMatch(device.outbox$, (s) => s.get(report._id)?.reportSent === true);
    expect(sent.get(report._id)).toMatchObject({
      code: 'sending',
      photos: { uploaded: 2, total: 2 },
    });
    expect(await device.hasUnsent()).toBe(false);
    expect(await server.main.get(report._id)).toMatchObject({ photoCount: 2, followUpSms: true });
    expect((await server.media.allDocs()).rows.map((row) => row.id).sort()).toEqual([
      photoIdFor(report._id, 0),
      photoIdFor(report._id, 1),
    ]);

    await server.main.put({
      _id: statusIdFor(report._id),
      type: 'status',
      reportId: report._id,
      state: 'accepted',
      caseNumber: 'SJZ-2025-000042',
      photos: [],
      history: [],
      updatedAt: new Date().toISOString(),
    });
    const accepted = await firstMatch(
      device.outbox$,
      (s) => s.get(report._id)?.code === 'accepted',
    );
    expect(accepted.get(report._id)).toMatchObject({ caseNumber: 'SJZ-2025-000042' });
    const statuses = await firstMatch(device.statuses$, (s) => s.has(report._id));
    expect(statuses.get(report._id)).toMatchObject({
      _id: statusIdFor(report._id),
      state: 'accepted',
    });
  });

  test('lists reports newest first, in the shared shape, across a restart', async () => {
    server = await CouchTestServer.start({ down: true });
    const name = uniqueName();
    await openDevice(name);
    const older = await device.submitReport({ ...input, photos: [] });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newer = await device.submitReport({ ...input, description: 'second', photos: [] });
    await device.close();

    await openDevice(name);
    const reports = await firstMatch(device.reports$, (list) => list.length === 2);
    expect(reports.map((r: ReportDoc) => r._id)).toEqual([newer._id, older._id]);
    expect(reports[1]).toEqual(older);
  });

  test('refuses a report without a usable location before saving anything', async () => {
    server = await CouchTestServer.start({ down: true });
    await openDevice();
    const broken = { ...input, location: { lat: Number.NaN, lng: 114.5, source: 'gps' as const } };

    await expect(device.submitReport(broken)).rejects.toMatchObject({ code: 'report-malformed' });
    expect(await device.hasUnsent()).toBe(false);
  });
});
