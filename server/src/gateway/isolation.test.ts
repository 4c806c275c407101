import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalDb } from '@smt/shared';
import type { SessionTokens } from '../auth/sessions.ts';
import { startTestServer, type TestServer } from '../testing/start-test-server.ts';
import { signInCitizen } from '../testing/sign-in.ts';

let server: TestServer;
let alice: SessionTokens;
let bob: SessionTokens;

beforeAll(async () => {
  server = await startTestServer({ MAX_SYNC_BODY_BYTES: String(64 * 1024) });
  alice = await signInCitizen(server, '13866660001');
  bob = await signInCitizen(server, '13866660002');
});

afterAll(() => server.close());

function sync(path: string, init: RequestInit = {}, token: string | null = alice.accessToken) {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(`${server.url}/sync${path}`, { ...init, headers });
}

const post = (path: string, body: unknown) =>
  sync(path, { method: 'POST', body: JSON.stringify(body) });

function rawGet(path: string, token: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
  });
}

const REPORT_ID = 'r0000000000000000001a';

describe('sync gateway boundaries', () => {
  it('wants an access token for everything, the server root included', async () => {
    for (const path of ['/', '/main/', '/main/_changes', '/_all_dbs']) {
      const answer = await sync(path, {}, null);
      expect(answer.status).toBe(401);
      expect((await answer.json()).error).toBe('unauthorized');
    }
    const storeAdmin = await fetch(`${server.url}/sync/main/`, {
      headers: { authorization: `Basic ${Buffer.from('admin:anything').toString('base64')}` },
    });
    expect(storeAdmin.status).toBe(401);
  });

  it('accepts the token in the query string, as image requests send it', async () => {
    const info = await sync(`/main/?access_token=${alice.accessToken}`, {}, null);
    expect(info.status).toBe(200);
    expect((await info.json()).db_name).toBe(principalDb('citizen', alice.principal.id, 'main'));
  });

  it('answers the root like CouchDB, with a uuid of its own for each person', async () => {
    const forAlice = await (await sync('/')).json();
    const forBob = await (await sync('/', {}, bob.accessToken)).json();
    expect(forAlice).toMatchObject({ couchdb: 'Welcome' });
    expect(forAlice.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(forAlice.uuid).not.toBe(forBob.uuid);
  });

  it('answers 404 alike for server endpoints, other databases and design documents', async () => {
    const bobsDb = principalDb('citizen', bob.principal.id, 'main');
    const paths = [
      '/_all_dbs',
      '/_config',
      '/_users',
      '/_session',
      '/_utils/',
      `/${bobsDb}/`,
      `/${bobsDb}/_all_docs`,
      '/citizen-cnobody0000000000000/',
      '/main/_design/app',
      '/main/_design%2Fapp',
      '/main/_security',
      '/main/../_all_dbs',
      '/main/%2E%2E/_config',
      '/main/..%2F..%2F_all_dbs',
    ];
    const bodies = new Set<string>();
    for (const path of paths) {
      // fetch() would resolve the dot segments itself; send the path exactly as written.
      const answer = await rawGet(`/sync${path}`, alice.accessToken);
      expect(answer.status, path).toBe(404);
      bodies.add(answer.body);
    }
    expect(bodies.size).toBe(1);
    expect(JSON.parse([...bodies][0]!)).toMatchObject({ error: 'not-found' });
  });

  it('refuses writes a device may not make, with the reason', async () => {
    const status = { _id: `status-${REPORT_ID}`, type: 'status', state: 'closed' };
    const bulk = await post('/main/_bulk_docs', { docs: [status] });
    expect(bulk.status).toBe(403);
    expect(await bulk.json()).toMatchObject({ error: 'document-not-allowed', reason: /status-/ });

    const put = await sync(`/main/status-${REPORT_ID}`, {
      method: 'PUT',
      body: JSON.stringify(status),
    });
    expect(put.status).toBe(403);
    const design = await post('/main/_bulk_docs', { docs: [{ _id: '_design/x', views: {} }] });
    expect(design.status).toBe(403);
    const designPut = await sync('/main/_design/x', { method: 'PUT', body: '{"views":{}}' });
    expect(designPut.status).toBe(404);
  });

  it('answers an oversized body with 413 body-too-large before reading it all', async () => {
    const big = { _id: REPORT_ID, type: 'report', description: 'x'.repeat(70 * 1024) };
    const tooBig = await post('/main/_bulk_docs', { docs: [big] });
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error).toBe('body-too-large');

    // The media outbox has its own, larger limit (8 MB by default).
    const photoId = `photo-${REPORT_ID}-0`;
    const photo = {
      _id: photoId,
      type: 'photo',
      reportId: REPORT_ID,
      index: 0,
      _attachments: { original: { content_type: 'image/jpeg', data: 'A'.repeat(100 * 1024) } },
    };
    expect((await post('/media/_bulk_docs', { docs: [photo] })).status).toBe(201);
  });

  it('serves the requests RxDB replication makes', async () => {
    const report = { _id: REPORT_ID, type: 'report', description: 'rxdb', _deleted: false };
    const lookup = await post('/main/_all_docs', {
      keys: [REPORT_ID],
      include_docs: true,
      deleted: 'ok',
    });
    expect(lookup.status).toBe(200);
    expect((await lookup.json()).rows).toHaveLength(1);

    const written = await post('/main/_bulk_docs', { docs: [report] });
    expect(written.status).toBe(201);
    expect((await written.json())[0]).toMatchObject({ ok: true, id: REPORT_ID });

    const changes = await sync('/main/_changes?style=all_docs&include_docs=true&since=0&limit=10');
    expect(changes.status).toBe(200);
    const { results } = await changes.json();
    expect(results.map((r: { id: string }) => r.id)).toContain(REPORT_ID);

    const keys = encodeURIComponent(JSON.stringify([REPORT_ID]));
    const byKeys = await sync(`/main/_all_docs?include_docs=true&keys=${keys}`);
    expect((await byKeys.json()).rows[0].doc.description).toBe('rxdb');
  });

  it('answers CORS preflights and keeps the store out of the headers', async () => {
    const preflight = await fetch(`${server.url}/sync/main/_bulk_docs`, {
      method: 'OPTIONS',
      headers: {
        origin: 'capacitor://localhost',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('capacitor://localhost');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');

    const info = await sync('/main/', { headers: { origin: 'https://localhost' } });
    expect(info.status).toBe(200);
    expect(info.headers.get('access-control-allow-origin')).toBe('https://localhost');
    expect(info.headers.get('www-authenticate')).toBeNull();
    const password = decodeURIComponent(new URL(server.ctx.store.url).password);
    expect(await info.text()).not.toContain(password);
  });
});
