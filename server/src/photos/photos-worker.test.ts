import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type nano from 'nano';
import {
  caseIdFor,
  type CaseDoc,
  type PhotoRef,
  principalDb,
  reason,
  SERVER_DBS,
  type StaffProfile,
  type StatusDoc,
  statusIdFor,
} from '@smt/shared';
import * as fixtures from '../../../tests/fixtures/photos.ts';
import { PLANTED } from '../../../tests/fixtures/photos.ts';
import { inspect, plantedStringsIn } from '../../../tests/fixtures/photo-inspect.ts';
import { createStaffAccount } from '../auth/staff.ts';
import { linkPhotos } from '../cases/case-store.ts';
import { photoRecordId, type PhotoRecord } from '../cases/photo-records.ts';
import { loadConfig } from '../config.ts';
import { childLogger } from '../logger.ts';
import { startTestServer, type TestServer } from '../testing/start-test-server.ts';
import { intakeHandler } from '../workers/intake.ts';
import { photosHandler } from '../workers/photos.ts';
import { reportDoc } from '../security/flow.ts';
import type { PhotoOriginalsRetention } from './originals.ts';
import { canDecode } from './formats.ts';
import { createPhotoQueue } from './queue.ts';

/**
 * The photo worker against the real embedded store: what reaches the case and the citizen's
 * status, what is stored and served, and what becomes of the original.
 */
const log = childLogger('photos');
const queue = createPhotoQueue();
const LOCATION = { lat: 38.0428, lng: 114.5149, source: 'gps' as const };
const DESCRIPTION = '人行道井盖缺失，很危险';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

const newReportId = () => `r${randomBytes(12).toString('hex')}`;

async function newCitizen(): Promise<{ principalId: string; mainDb: string; mediaDb: string }> {
  const principalId = `c${randomBytes(6).toString('hex')}`;
  const mainDb = principalDb('citizen', principalId, 'main');
  const mediaDb = principalDb('citizen', principalId, 'media');
  await server.ctx.store.ensureDb(mainDb);
  await server.ctx.store.ensureDb(mediaDb);
  return { principalId, mainDb, mediaDb };
}

async function openCase(
  reportId: string,
  citizen: { principalId: string; mainDb: string },
  district = '长安区',
): Promise<void> {
  const now = new Date().toISOString();
  const caseDoc: CaseDoc = {
    _id: caseIdFor(reportId),
    type: 'case',
    reportId,
    citizen: { principalId: citizen.principalId, db: citizen.mainDb },
    caseNumber: 'SJZ-20260601-00001',
    state: 'accepted',
    category: { major: 'facilities', minor: 'manhole-cover' },
    description: DESCRIPTION,
    location: LOCATION,
    district,
    capturedAt: now,
    receivedAt: now,
    judgedAt: now,
    judgedOn: 'capture',
    followUpSms: false,
    photoCount: 1,
    photos: [],
    history: [{ state: 'accepted', at: now, by: 'intake' }],
    updatedAt: now,
  };
  await server.ctx.store.couch.use<CaseDoc>(SERVER_DBS.cases).insert(caseDoc);
}

type Change = nano.DatabaseChangesResultItem & { doc?: unknown };

/** A device's outbox document; inline base64 in _bulk_docs is what PouchDB's push sends. */
function photoDoc(reportId: string, bytes: Buffer, contentType = 'image/jpeg') {
  return {
    _id: `photo-${reportId}-0`,
    type: 'photo',
    reportId,
    index: 0,
    takenAt: new Date().toISOString(),
    _attachments: {
      original: { content_type: contentType, data: bytes.toString('base64') },
    },
  };
}

/** Puts a photo into the outbox the way the device's push does; returns its change. */
async function sendPhoto(
  mediaDb: string,
  reportId: string,
  bytes: Buffer,
  contentType?: string,
): Promise<Change> {
  const doc = photoDoc(reportId, bytes, contentType);
  await server.ctx.store.couch.use(mediaDb).bulk({ docs: [doc] });
  return changeOf(mediaDb, doc._id);
}

async function changeOf(dbName: string, id: string): Promise<Change> {
  const doc = await server.ctx.store.couch.use(dbName).get(id);
  return { id, seq: '0', changes: [{ rev: doc._rev }], doc } as Change;
}

/** The installed libvips decides: with no HEVC decoder a HEIC photo is refused by its own code. */
function heicCode(): 'photo-heic-unsupported' | 'photo-unreadable' {
  return canDecode('heic') ? 'photo-unreadable' : 'photo-heic-unsupported';
}

function optionalDetail(photo: PhotoRef): { detail?: string } {
  return photo.refused?.detail === undefined ? {} : { detail: photo.refused.detail };
}

function handler(originals: PhotoOriginalsRetention) {
  return photosHandler(server.ctx.store, queue, log, { originals });
}

async function caseOf(reportId: string): Promise<CaseDoc> {
  return server.ctx.store.couch.use<CaseDoc>(SERVER_DBS.cases).get(caseIdFor(reportId));
}

async function statusOf(mainDb: string, reportId: string): Promise<StatusDoc> {
  return server.ctx.store.couch.use<StatusDoc>(mainDb).get(statusIdFor(reportId));
}

async function attachmentsOf(dbName: string, id: string): Promise<string[]> {
  const doc = await server.ctx.store.couch.use(dbName).get(id);
  return Object.keys((doc as { _attachments?: object })._attachments ?? {});
}

async function fetchMedia(hash: string, token: string): Promise<Response> {
  return fetch(`${server.url}/api/media/${hash}`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

describe('the photo worker', () => {
  it('puts a refusal on the case and the citizen status, keeping the report text', async () => {
    const citizen = await newCitizen();
    const reportId = newReportId();
    await openCase(reportId, citizen);

    await handler('keep').handle(
      citizen.mediaDb,
      await sendPhoto(citizen.mediaDb, reportId, await fixtures.svgNamedJpg()),
    );

    const caseDoc = await caseOf(reportId);
    expect(caseDoc.photos).toEqual([
      {
        photoId: `photo-${reportId}-0`,
        refused: expect.objectContaining({ code: 'photo-unsupported-format' }),
      },
    ]);
    expect(caseDoc.photos[0]!.refused!.message).toMatch(/not a supported photo/);
    expect([caseDoc.description, caseDoc.location, caseDoc.state]).toEqual([
      DESCRIPTION,
      LOCATION,
      'accepted',
    ]);
    const status = await statusOf(citizen.mainDb, reportId);
    expect(status.photos[0]!.refused!.code).toBe('photo-unsupported-format');
  });

  const REFUSED_KINDS = [
    { kind: 'an empty file', make: fixtures.emptyFile, code: 'photo-empty' },
    { kind: 'a text file', make: fixtures.textFile, code: 'photo-unsupported-format' },
    { kind: 'a truncated JPEG', make: fixtures.truncatedJpeg, code: 'photo-truncated' },
    { kind: 'a HEIC photo', make: fixtures.heicHeaderOnly, code: heicCode() },
    {
      kind: 'a decompression bomb',
      make: fixtures.decompressionBomb,
      code: 'photo-too-many-pixels',
    },
  ] as const;

  for (const { kind, make, code } of REFUSED_KINDS) {
    it(`tells staff and the citizen why ${kind} was refused, keeping the report`, async () => {
      const citizen = await newCitizen();
      const reportId = newReportId();
      await openCase(reportId, citizen);

      await handler('remove').handle(
        citizen.mediaDb,
        await sendPhoto(citizen.mediaDb, reportId, await make()),
      );

      const caseDoc = await caseOf(reportId);
      const status = await statusOf(citizen.mainDb, reportId);
      for (const seen of [caseDoc.photos[0]!, status.photos[0]!]) {
        expect(seen).toEqual({
          photoId: `photo-${reportId}-0`,
          refused: { code, message: reason(code).message, ...optionalDetail(seen) },
        });
      }
      expect([caseDoc.description, caseDoc.location, caseDoc.state]).toEqual([
        DESCRIPTION,
        LOCATION,
        'accepted',
      ]);
    });
  }

  it('links a refusal recorded before the case existed once the case is opened', async () => {
    const citizen = await newCitizen();
    const reportId = newReportId();

    await handler('keep').handle(
      citizen.mediaDb,
      await sendPhoto(citizen.mediaDb, reportId, await fixtures.decompressionBomb()),
    );
    await openCase(reportId, citizen);
    // What intake does right after opening a case.
    await linkPhotos(server.ctx.store, reportId);

    expect((await caseOf(reportId)).photos[0]!.refused!.code).toBe('photo-too-many-pixels');
    const status = await statusOf(citizen.mainDb, reportId);
    expect(status.photos[0]!.refused!.code).toBe('photo-too-many-pixels');
  });

  it('brings the status up to date when replayed after a crash between case and status', async () => {
    const citizen = await newCitizen();
    const reportId = newReportId();
    await openCase(reportId, citizen);
    await handler('keep').handle(
      citizen.mediaDb,
      await sendPhoto(citizen.mediaDb, reportId, await fixtures.decompressionBomb()),
    );
    // The crash: the case holds the photo, the citizen's status does not.
    const statuses = server.ctx.store.couch.use<StatusDoc>(citizen.mainDb);
    const linked = await statuses.get(statusIdFor(reportId));
    await statuses.insert({ ...linked, photos: [] });

    // The replay finds the photo already on the case, and has nothing to write there.
    await linkPhotos(server.ctx.store, reportId);

    expect((await statusOf(citizen.mainDb, reportId)).photos).toEqual(
      (await caseOf(reportId)).photos,
    );
  });

  it('links photos when intake is replayed after dying between opening the case and linking', async () => {
    const citizen = await newCitizen();
    const reportId = newReportId();
    // The photo worker came first: its refusal waits for the case.
    await handler('keep').handle(
      citizen.mediaDb,
      await sendPhoto(citizen.mediaDb, reportId, await fixtures.decompressionBomb()),
    );
    await server.ctx.store.couch.use(citizen.mainDb).insert(reportDoc(reportId, { photoCount: 1 }));
    // Intake opened the case, then the server died before it linked the photo.
    await openCase(reportId, citizen);

    await intakeHandler(server.ctx.store, log).handle(
      citizen.mainDb,
      await changeOf(citizen.mainDb, reportId),
    );

    expect((await caseOf(reportId)).photos[0]!.refused!.code).toBe('photo-too-many-pixels');
    const status = await statusOf(citizen.mainDb, reportId);
    expect(status.photos[0]!.refused!.code).toBe('photo-too-many-pixels');
  });

  it('stores clean derivatives and keeps the original when retention is keep', async () => {
    const citizen = await newCitizen();
    const reportId = newReportId();
    await openCase(reportId, citizen);
    const change = await sendPhoto(
      citizen.mediaDb,
      reportId,
      await fixtures.jpegWithGpsAndPersonalMetadata(),
    );

    await handler('keep').handle(citizen.mediaDb, change);

    const [photo] = (await caseOf(reportId)).photos;
    expect([photo!.width, photo!.height, photo!.refused]).toEqual([320, 240, undefined]);
    const media = server.ctx.store.couch.use(SERVER_DBS.media);
    for (const hash of [photo!.display!, photo!.thumb!]) {
      const bytes = await media.attachment.get(`blob-${hash}`, 'data');
      expect(await inspect(bytes)).toMatchObject({ format: 'jpeg', channels: 3, hasExif: false });
      expect(plantedStringsIn(bytes, Object.values(PLANTED))).toEqual([]);
    }
    expect(await attachmentsOf(citizen.mediaDb, change.id)).toEqual(['original']);
  });

  // The store answers with the declared type, and a text/* answer once reached sharp as a string.
  for (const declared of ['text/plain', 'text/html; charset=utf-8']) {
    it(`judges a JPEG declared as ${declared} by its bytes and processes it`, async () => {
      const citizen = await newCitizen();
      const reportId = newReportId();
      await openCase(reportId, citizen);
      const bytes = await fixtures.jpegWithGpsAndPersonalMetadata();
      const change = await sendPhoto(citizen.mediaDb, reportId, bytes, declared);

      await handler('keep').handle(citizen.mediaDb, change);

      const [photo] = (await caseOf(reportId)).photos;
      expect([photo!.width, photo!.height, photo!.refused]).toEqual([320, 240, undefined]);
      const kept = await server.ctx.store.couch
        .use(citizen.mediaDb)
        .attachment.getAsStream(change.id, 'original')
        .toArray();
      expect(Buffer.concat(kept).equals(bytes)).toBe(true);
    });
  }

  it('removes the original, old revision included, when retention is remove', async () => {
    const citizen = await newCitizen();
    const reportId = newReportId();
    await openCase(reportId, citizen);
    const change = await sendPhoto(citizen.mediaDb, reportId, await fixtures.phonePhoto(1));
    const sentRev = (change.doc as { _rev: string })._rev;

    await handler('remove').handle(citizen.mediaDb, change);

    expect((await caseOf(reportId)).photos[0]!.display).toMatch(/^[a-f0-9]{64}$/);
    expect(await attachmentsOf(citizen.mediaDb, change.id)).toEqual([]);
    const outbox = server.ctx.store.couch.use(citizen.mediaDb);
    await expect(
      outbox.attachment.get(change.id, 'original', { rev: sentRev }),
    ).rejects.toMatchObject({ statusCode: 404 });
    // The change the removal itself caused, and a replay of the first, change nothing.
    const before = await caseOf(reportId);
    await handler('remove').handle(citizen.mediaDb, await changeOf(citizen.mediaDb, change.id));
    await handler('remove').handle(citizen.mediaDb, change);
    expect(((await caseOf(reportId)) as CaseDoc & { _rev?: string })._rev).toBe(
      (before as CaseDoc & { _rev?: string })._rev,
    );
  });

  it('removes a refused original too, once its refusal is on the case', async () => {
    const citizen = await newCitizen();
    const reportId = newReportId();
    await openCase(reportId, citizen);
    const change = await sendPhoto(citizen.mediaDb, reportId, await fixtures.truncatedJpeg());

    await handler('remove').handle(citizen.mediaDb, change);

    expect((await caseOf(reportId)).photos[0]!.refused!.code).toBe('photo-truncated');
    expect(await attachmentsOf(citizen.mediaDb, change.id)).toEqual([]);
  });

  it("never lets a photo sent under someone else's report id replace that report's photo", async () => {
    const owner = await newCitizen();
    const intruder = await newCitizen();
    const reportId = newReportId();
    await openCase(reportId, owner);
    await handler('keep').handle(
      owner.mediaDb,
      await sendPhoto(owner.mediaDb, reportId, await fixtures.jpegWithOrientation(6)),
    );
    const before = (await caseOf(reportId)).photos;

    await handler('keep').handle(
      intruder.mediaDb,
      await sendPhoto(intruder.mediaDb, reportId, await fixtures.jpegWithOrientation(8)),
    );

    expect((await caseOf(reportId)).photos).toEqual(before);
  });

  it('serves derivatives to the sender and to staff whose reach holds the case', async () => {
    const citizen = await newCitizen();
    const reportId = newReportId();
    await openCase(reportId, citizen, '长安区');
    await handler('keep').handle(
      citizen.mediaDb,
      await sendPhoto(citizen.mediaDb, reportId, await fixtures.jpegWithOrientation(6)),
    );
    const { display } = (await caseOf(reportId)).photos[0]!;
    const tokenOf = async (principal: { kind: 'citizen' | 'team' | 'desk'; id: string }) =>
      (await server.ctx.tokens.signAccess(principal)).token;
    const staff = async (profile: StaffProfile) =>
      tokenOf((await createStaffAccount(server.ctx.store, profile, 'password-123')).principal);
    const inReach = await staff({
      role: 'supervisor',
      name: 'sup-changan',
      displayName: 'Changan',
      districts: ['长安区'],
    });
    const outOfReach = await staff({
      role: 'supervisor',
      name: 'sup-qiaoxi',
      displayName: 'Qiaoxi',
      districts: ['桥西区'],
    });
    const otherCitizen = await tokenOf({ kind: 'citizen', id: (await newCitizen()).principalId });

    const sender = await fetchMedia(
      display!,
      await tokenOf({ kind: 'citizen', id: citizen.principalId }),
    );
    expect(sender.status).toBe(200);
    expect(sender.headers.get('content-type')).toBe('image/jpeg');
    expect(sender.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(sender.headers.get('etag')).toBe(`"${display}"`);
    expect((await inspect(Buffer.from(await sender.arrayBuffer()))).width).toBe(80);
    expect((await fetchMedia(display!, inReach)).status).toBe(200);
    expect((await fetchMedia(display!, outOfReach)).status).toBe(404);
    expect((await fetchMedia(display!, otherCitizen)).status).toBe(404);
  });
});

describe('the photo settings', () => {
  it('are honoured by the photo worker the server starts', async () => {
    const keeping = await startTestServer(
      { PHOTO_ORIGINALS_RETENTION: 'keep', PHOTO_MAX_INPUT_PIXELS: '10000000' },
      { workers: true },
    );
    try {
      const principalId = `c${randomBytes(6).toString('hex')}`;
      const mediaDb = principalDb('citizen', principalId, 'media');
      const reportId = newReportId();
      await keeping.ctx.store.ensureDb(mediaDb);
      const outbox = keeping.ctx.store.couch.use(mediaDb);
      // 12 megapixels, over the 10 set here though well under the default.
      await outbox.bulk({ docs: [photoDoc(reportId, await fixtures.phonePhoto(3))] });

      await keeping.workers!.drain();

      const media = keeping.ctx.store.couch.use<PhotoRecord>(SERVER_DBS.media);
      const record = await media.get(photoRecordId(reportId, principalId, 0));
      expect(record.refused).toMatchObject({
        code: 'photo-too-many-pixels',
        detail: 'limit 10000000 pixels',
      });
      const doc = await outbox.get(`photo-${reportId}-0`);
      expect(Object.keys((doc as { _attachments?: object })._attachments ?? {})).toEqual([
        'original',
      ]);
    } finally {
      await keeping.close();
    }
  });

  it('process two photos at once with a 100-megapixel limit unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ photoConcurrency: 2, photoMaxInputPixels: 100_000_000 });
    expect(loadConfig({ PHOTO_CONCURRENCY: '1' }).photoConcurrency).toBe(1);
  });

  it('refuse a pixel limit too small for a phone photo, naming the variable', () => {
    expect(() => loadConfig({ PHOTO_MAX_INPUT_PIXELS: '640' })).toThrow(
      /PHOTO_MAX_INPUT_PIXELS: must be at least 1000000/,
    );
    expect(() => loadConfig({ PHOTO_CONCURRENCY: '0' })).toThrow(/PHOTO_CONCURRENCY/);
  });

  it('default the originals to remove and accept keep', () => {
    expect(loadConfig({}).photoOriginalsRetention).toBe('remove');
    expect(loadConfig({ PHOTO_ORIGINALS_RETENTION: 'keep' }).photoOriginalsRetention).toBe('keep');
  });

  it('refuse any other retention, naming the variable', () => {
    expect(() => loadConfig({ PHOTO_ORIGINALS_RETENTION: 'delete' })).toThrow(
      /PHOTO_ORIGINALS_RETENTION: must be one of keep, remove/,
    );
  });
});
