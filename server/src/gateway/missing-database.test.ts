import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { principalDb } from '@smt/shared';
import { rawRequest } from '../security/actors.ts';
import { newReportId } from '../security/flow.ts';
import { signInCitizen } from '../testing/sign-in.ts';
import { startTestServer, type TestServer } from '../testing/start-test-server.ts';

/**
 * Sign-in creates a principal's databases one after the other. A server killed in between
 * leaves a device that is signed in (it refreshes its tokens, it never signs in again) but has
 * no media database on the server: every photo it sent met 404, for good. The gateway makes
 * sure the database exists before it forwards.
 */
let server: TestServer | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await server?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  server = undefined;
  dataDir = undefined;
});

it('takes a photo from a signed-in device whose media database sign-in never made', async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'smt-missing-db-'));
  server = await startTestServer({ DATA_DIR: dataDir });
  const session = await signInCitizen(server, '13866661201');
  const mediaDb = principalDb('citizen', session.principal.id, 'media');
  await server.ctx.store.couch.db.destroy(mediaDb);
  // Restarted, as after the crash: nothing in memory says the database was ever made.
  await server.close();
  server = await startTestServer({ DATA_DIR: dataDir });

  const reportId = newReportId();
  const photoId = `photo-${reportId}-0`;
  const answer = await rawRequest(server, 'PUT', `/sync/media/${photoId}`, {
    token: session.accessToken,
    body: JSON.stringify({
      type: 'photo',
      reportId,
      index: 0,
      takenAt: new Date().toISOString(),
      _attachments: {
        original: {
          content_type: 'image/jpeg',
          data: Buffer.from('not checked here').toString('base64'),
        },
      },
    }),
  });

  expect(answer.status, answer.body).toBe(201);
  const stored = await server.ctx.store.couch.use(mediaDb).get(photoId);
  expect(stored).toMatchObject({ type: 'photo', reportId, index: 0 });
});
