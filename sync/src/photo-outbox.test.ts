import { afterEach, describe, expect, test } from 'vitest';
import { photoIdFor } from '@smt/shared/docs';
import { PhotoOutbox } from './photo-outbox.ts';
import { newReportId } from './report-id.ts';
import { CouchTestServer } from './testing/couch-test-server.ts';
import { photoBytes, testPouch, uniqueName } from './testing/rx-test-storage.ts';
import { firstMatch, waitFor } from './testing/wait.ts';

const TAKEN_AT = '2025-07-01T09:00:00+08:00';

describe('PhotoOutbox', () => {
  let server: CouchTestServer;
  const open: PhotoOutbox[] = [];

  async function openOutbox(name: string, retry = { retryDelayMs: 100 }): Promise<PhotoOutbox> {
    const outbox = await PhotoOutbox.open({
      name,
      pouch: testPouch,
      serverUrl: server.url,
      auth: await server.signedInClient(),
      maxRetryDelayMs: 400,
      ...retry,
    });
    open.push(outbox);
    return outbox;
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map((outbox) => outbox.close()));
    await server.close();
  });

  test('carries each photo to the media db as JPEG attachment original, bytes intact', async () => {
    server = await CouchTestServer.start();
    const outbox = await openOutbox(uniqueName('media'));
    const reportId = newReportId();
    const photos = [photoBytes(1, 200_000), photoBytes(2, 3_000)];
    for (const [index, photo] of photos.entries()) {
      await outbox.queuePhoto(reportId, index, photo, TAKEN_AT);
    }

    outbox.start();
    await outbox.awaitAllPushed();

    for (const [index, photo] of photos.entries()) {
      const id = photoIdFor(reportId, index);
      const doc = await server.media.get(id, { attachments: true, binary: true });
      expect(doc).toMatchObject({ type: 'photo', reportId, index, takenAt: TAKEN_AT });
      const original = doc._attachments?.original as { content_type: string; data: Buffer };
      expect(original.content_type).toBe('image/jpeg');
      expect(new Uint8Array(original.data)).toEqual(photo);
    }
  });

  test('counts photos per report as they arrive and remembers them after a restart', async () => {
    server = await CouchTestServer.start({ down: true });
    const name = uniqueName('media');
    const outbox = await openOutbox(name);
    const [first, second] = [newReportId(), newReportId()];
    await outbox.queuePhoto(first, 0, photoBytes(3), TAKEN_AT);
    await outbox.queuePhoto(first, 1, photoBytes(4), TAKEN_AT);
    await outbox.queuePhoto(second, 0, photoBytes(5), TAKEN_AT);
    outbox.start();
    const errorSeen = firstMatch(outbox.error$, (err) => err.code === 'offline');

    expect(await firstMatch(outbox.progress$, () => true)).toEqual(
      new Map([
        [first, { uploaded: 0, total: 2 }],
        [second, { uploaded: 0, total: 1 }],
      ]),
    );
    await errorSeen;
    expect(await outbox.pendingCount()).toBe(3);

    await server.comeUp();
    await firstMatch(outbox.progress$, (progress) => progress.get(first)?.uploaded === 2);
    await outbox.awaitAllPushed();
    await outbox.close();

    const reopened = await openOutbox(name);
    expect(await reopened.pendingCount()).toBe(0);
    expect((await server.media.allDocs()).rows).toHaveLength(3);
  });

  test('resumes uploading after the server goes down mid-run and comes back', async () => {
    server = await CouchTestServer.start();
    const outbox = await openOutbox(uniqueName('media'));
    const reportId = newReportId();
    outbox.start();
    await outbox.queuePhoto(reportId, 0, photoBytes(6), TAKEN_AT);
    await outbox.awaitAllPushed();

    await server.goDown();
    await outbox.queuePhoto(reportId, 1, photoBytes(7), TAKEN_AT);
    await waitFor('the upload to fail', async () => (await outbox.pendingCount()) === 1);
    await server.comeUp();

    await outbox.awaitAllPushed();
    const doc = await server.media.get(photoIdFor(reportId, 1), {
      attachments: true,
      binary: true,
    });
    const original = doc._attachments?.original as { data: Buffer };
    expect(new Uint8Array(original.data)).toEqual(photoBytes(7));
  });

  test('counts a photo as sent when the server has it though the device never heard so', async () => {
    // As after a crash between the server taking the photo and the device writing that down:
    // the replication's checkpoint is past the photo, so it is never sent (or reported) again.
    server = await CouchTestServer.start();
    const name = uniqueName('media');
    const first = await openOutbox(name);
    const reportId = newReportId();
    await first.queuePhoto(reportId, 0, photoBytes(11), TAKEN_AT);
    first.start();
    await first.awaitAllPushed();
    await first.close();
    const local = new testPouch.PouchDB(name, { adapter: testPouch.adapter });
    await local.remove(await local.get('_local/pushed-photos'));
    await local.close();

    const reopened = await openOutbox(name);
    expect(await reopened.pendingIds()).toEqual([photoIdFor(reportId, 0)]);
    reopened.start();
    await reopened.awaitAllPushed();
    expect(await reopened.pendingCount()).toBe(0);
  });

  test('stops at once while waiting to retry, so signing out never hangs', async () => {
    server = await CouchTestServer.start({ down: true });
    const outbox = await openOutbox(uniqueName('media'), { retryDelayMs: 30_000 });
    await outbox.queuePhoto(newReportId(), 0, photoBytes(10), TAKEN_AT);
    outbox.start();
    await firstMatch(outbox.error$, (err) => err.code === 'offline');

    const stoppingSince = Date.now();
    await outbox.close();
    expect(Date.now() - stoppingSince).toBeLessThan(1_000);
  });

  test('keeps the first photo when the same report index is queued twice', async () => {
    server = await CouchTestServer.start({ down: true });
    const outbox = await openOutbox(uniqueName('media'));
    const reportId = newReportId();
    await outbox.queuePhoto(reportId, 0, photoBytes(8), TAKEN_AT);
    await outbox.queuePhoto(reportId, 0, photoBytes(9), TAKEN_AT);
    expect(await outbox.pendingCount()).toBe(1);
    await expect(
      outbox.queuePhoto('not-a-report', 0, photoBytes(1), TAKEN_AT),
    ).rejects.toMatchObject({ code: 'invalid-body' });
  });
});
