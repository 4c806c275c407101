import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { CaseDoc, StatusDoc } from '@smt/shared';
import type { AuthClient, CitizenDevice } from '@smt/sync';
import { jpegWithGpsAndPersonalMetadata, PLANTED } from '../fixtures/photos.ts';
import { plantedStringsIn } from '../fixtures/photo-inspect.ts';
import { startServer, type TestServer } from '../support/server.ts';
import {
  captureTime,
  CHANG_AN,
  JINGXING,
  openDevice,
  signIn,
  waitForStatuses,
} from '../support/citizen.ts';

/**
 * The spine, end to end: a device (RxDB on fake-indexeddb in this process) talks HTTP to a real
 * server process. Runs against the embedded store, or Apache CouchDB when COUCHDB_URL is set.
 */
describe('a citizen device and the server', () => {
  let server: TestServer;
  let auth: AuthClient;
  let device: CitizenDevice;

  beforeAll(async () => {
    server = await startServer();
    auth = await signIn(server);
    device = await openDevice(server, auth);
  });

  afterAll(async () => {
    await device?.close();
    await server?.dispose();
  });

  const report = (overrides: Record<string, unknown> = {}) => ({
    category: { major: 'garbage', minor: 'exposed-garbage' },
    description: '路边垃圾堆积 🚮 已经三天',
    location: CHANG_AN,
    capturedAt: captureTime(true),
    followUpSms: true,
    photos: [] as Uint8Array[],
    ...overrides,
  });

  it('syncs 21 reports written while the server was down exactly once, and gets each status', async () => {
    await server.stop();
    const photo = await jpegWithGpsAndPersonalMetadata();
    const first = await device.submitReport(report({ photos: [new Uint8Array(photo)] }));
    const rest = [];
    for (let i = 0; i < 20; i++)
      rest.push(await device.submitReport(report({ description: `第${i}处垃圾` })));
    const ids = [first._id, ...rest.map((r) => r._id)];
    device.startSync();
    expect(await device.hasUnsent()).toBe(true);

    await server.start();
    const statuses = await waitForStatuses(device, ids);

    for (const id of ids) {
      expect(statuses.get(id)?.state).toBe('accepted');
      expect(statuses.get(id)?.caseNumber).toMatch(/^SJZ-\d{8}-\d{5}$/);
    }
    const cases = await casesOf(server, ids);
    expect(cases).toHaveLength(21);
    expect(new Set(cases.map((c) => c.caseNumber)).size).toBe(21);
    expect(cases.every((c) => c.district === '长安区')).toBe(true);
  });

  it('serves the photo derivatives without GPS or any other metadata', async () => {
    const [firstReport] = (await casesOf(server)).filter((c) => c.photoCount === 1);
    const statuses = await waitForStatuses(device, [firstReport!.reportId], (s) =>
      s.photos.some((p) => p.display !== undefined),
    );
    const photo = statuses.get(firstReport!.reportId)!.photos[0]!;
    const token = await auth.getAccessToken();

    for (const hash of [photo.display!, photo.thumb!]) {
      const res = await fetch(`${server.url}/api/media/${hash}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(plantedStringsIn(bytes, Object.values(PLANTED).map(String))).toEqual([]);
    }
    expect(photo.width).toBeLessThanOrEqual(1600);
  });

  it('refuses the derivatives to another citizen', async () => {
    const [withPhoto] = (await casesOf(server)).filter((c) => c.photos.length > 0);
    const other = await signIn(server);
    const res = await fetch(`${server.url}/api/media/${withPhoto!.photos[0]!.display}`, {
      headers: { Authorization: `Bearer ${await other.getAccessToken()}` },
    });
    expect(res.status).toBe(404);
  });

  it('rejects a report captured outside the acceptance hours, pointing to the hotlines', async () => {
    const late = await device.submitReport(report({ capturedAt: captureTime(false) }));
    const status = (await waitForStatuses(device, [late._id])).get(late._id)!;
    expect(status.state).toBe('rejected');
    expect(status.reason?.code).toBe('outside-acceptance-hours');
    expect(status.reason?.message).toMatch(/12319/);
    expect(status.caseNumber).toBeUndefined();
  });

  it('rejects a report outside the covered districts', async () => {
    const far = await device.submitReport(report({ location: JINGXING }));
    const status = (await waitForStatuses(device, [far._id])).get(far._id)!;
    expect(status.state).toBe('rejected');
    expect(status.reason?.code).toBe('outside-coverage');
  });

  it('loses and duplicates nothing when the server is killed in the middle of intake', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++)
      ids.push((await device.submitReport(report({ description: `批量${i}` })))._id);

    // Kill as soon as intake has judged the first of the batch: the rest are mid-flight.
    let judgedAtKill = 0;
    await waitUntil(async () => {
      judgedAtKill = (await casesOf(server, ids)).length;
      return judgedAtKill > 0;
    });
    await server.kill();
    console.info(`SIGKILL after intake had judged ${judgedAtKill} of 30 reports`);
    await server.start();
    const statuses = await waitForStatuses(device, ids);

    const cases = await casesOf(server, ids);
    expect(cases).toHaveLength(30);
    expect(new Set(cases.map((c) => c.caseNumber)).size).toBe(30);
    expect([...statuses.values()].filter((s: StatusDoc) => ids.includes(s.reportId))).toHaveLength(
      30,
    );
    const messages = await citizenDocs(server, auth, 'message');
    const perReport = new Map<string, number>();
    for (const m of messages)
      perReport.set(String(m.reportId), (perReport.get(String(m.reportId)) ?? 0) + 1);
    expect([...perReport.values()].every((n) => n === 1)).toBe(true);
  });
});

async function casesOf(server: TestServer, reportIds?: string[]): Promise<CaseDoc[]> {
  const { rows } = await server.couch.use<CaseDoc>('cases').list({ include_docs: true });
  return rows
    .map((row) => row.doc!)
    .filter((doc) => doc.type === 'case')
    .filter((doc) => !reportIds || reportIds.includes(doc.reportId));
}

async function citizenDocs(
  server: TestServer,
  auth: AuthClient,
  type: string,
): Promise<Array<Record<string, unknown>>> {
  const db = server.couch.use<Record<string, unknown>>(`citizen-${auth.session!.id}`);
  const { rows } = await db.list({ include_docs: true });
  return rows.map((row) => row.doc!).filter((doc) => doc.type === type);
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached in time');
}
