import { randomBytes } from 'node:crypto';
import PouchDB from 'pouchdb-core';
import httpAdapter from 'pouchdb-adapter-http';
import memoryAdapter from 'pouchdb-adapter-memory';
import replication from 'pouchdb-replication';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalDb, statusIdFor } from '@smt/shared';
import { platformEvents } from '../events.ts';
import type { SessionTokens } from '../auth/sessions.ts';
import { startTestServer, type TestServer } from '../testing/start-test-server.ts';
import { signInCitizen } from '../testing/sign-in.ts';

const Pouch = PouchDB.plugin(httpAdapter).plugin(memoryAdapter).plugin(replication);

let server: TestServer;
let citizen: SessionTokens;

beforeAll(async () => {
  server = await startTestServer();
  citizen = await signInCitizen(server, '13855550001');
});

afterAll(() => server.close());

/** A device's view of /sync/<alias>, with its access token on every request. */
function remote(alias: 'main' | 'media', accessToken = citizen.accessToken) {
  return new Pouch(`${server.url}/sync/${alias}`, {
    fetch: (url: string | Request, opts?: RequestInit & { headers?: Headers }) => {
      opts?.headers?.set('Authorization', `Bearer ${accessToken}`);
      return Pouch.fetch(url, opts);
    },
  } as PouchDB.Configuration.RemoteDatabaseConfiguration);
}

const local = () => new Pouch(`device-${randomBytes(6).toString('hex')}`, { adapter: 'memory' });
const reportId = () => `r${randomBytes(12).toString('hex').slice(0, 20)}`;

function nextWrite(): Promise<string> {
  return new Promise((resolve) => {
    const stop = platformEvents.onDatabaseWritten((db) => {
      stop();
      resolve(db);
    });
  });
}

describe('sync gateway with PouchDB replication', () => {
  it('carries a report into the citizen database and tells the workers', async () => {
    const device = local();
    const id = reportId();
    await device.put({ _id: id, type: 'report', description: 'broken kerb', photoCount: 1 });

    const written = nextWrite();
    const result = await device.replicate.to(remote('main'));
    expect(result.ok).toBe(true);
    expect(result.docs_written).toBe(1);

    const mainDb = principalDb('citizen', citizen.principal.id, 'main');
    expect(await written).toBe(mainDb);
    const stored = await server.ctx.store.couch.use<{ description: string }>(mainDb).get(id);
    expect(stored.description).toBe('broken kerb');
  });

  it('carries a photo with its attachment into the media outbox, bytes intact', async () => {
    const device = local();
    const id = reportId();
    const jpeg = randomBytes(50_000);
    await device.put({
      _id: `photo-${id}-0`,
      type: 'photo',
      reportId: id,
      index: 0,
      takenAt: new Date().toISOString(),
      _attachments: { original: { content_type: 'image/jpeg', data: jpeg } },
    });

    const result = await device.replicate.to(remote('media'));
    expect(result.docs_written).toBe(1);

    const mediaDb = principalDb('citizen', citizen.principal.id, 'media');
    const stored = await server.ctx.store.couch
      .use(mediaDb)
      .attachment.get(`photo-${id}-0`, 'original');
    expect(stored.toString('base64')).toBe(jpeg.toString('base64'));

    const viaGateway = await fetch(`${server.url}/sync/media/photo-${id}-0/original`, {
      headers: { authorization: `Bearer ${citizen.accessToken}` },
    });
    expect(viaGateway.status).toBe(200);
    const served = Buffer.from(await viaGateway.arrayBuffer());
    expect(served.toString('base64')).toBe(jpeg.toString('base64'));
  });

  it('brings statuses written by the server down to the device', async () => {
    const id = reportId();
    const mainDb = principalDb('citizen', citizen.principal.id, 'main');
    await server.ctx.store.couch
      .use<{ type: string; reportId: string; state: string }>(mainDb)
      .insert({ _id: statusIdFor(id), type: 'status', reportId: id, state: 'received' });

    const device = local();
    await device.replicate.from(remote('main'));
    const status = (await device.get(statusIdFor(id))) as { state: string };
    expect(status.state).toBe('received');
  });

  it('refuses a batch holding a status written on the device, and writes none of it', async () => {
    const device = local();
    const goodId = reportId();
    await device.put({ _id: goodId, type: 'report', description: 'ok' });
    await device.put({ _id: statusIdFor(goodId), type: 'status', state: 'closed' });

    const error = await device.replicate.to(remote('main')).then(
      () => undefined,
      (err: { status?: number; name?: string }) => err,
    );
    expect(error?.status).toBe(403);
    expect(error?.name).toBe('document-not-allowed');

    const mainDb = principalDb('citizen', citizen.principal.id, 'main');
    const { rows } = await server.ctx.store.couch.use(mainDb).fetch({ keys: [goodId] });
    expect(rows[0]).toMatchObject({ error: 'not_found' });
  });

  it('keeps each citizen to their own databases', async () => {
    const other = await signInCitizen(server, '13855550002');
    const device = local();
    const id = reportId();
    await device.put({ _id: id, type: 'report', description: 'mine' });
    await device.replicate.to(remote('main', other.accessToken));

    const mine = local();
    await mine.replicate.from(remote('main'));
    await expect(mine.get(id)).rejects.toMatchObject({ status: 404 });
    const theirs = local();
    await theirs.replicate.from(remote('main', other.accessToken));
    expect((await theirs.get(id))._id).toBe(id);
  });
});
