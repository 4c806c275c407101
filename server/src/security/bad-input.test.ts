import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionTokens } from '../auth/sessions.ts';
import { signInCitizen } from '../testing/sign-in.ts';
import { startTestServer, type TestServer } from '../testing/start-test-server.ts';
import { rawRequest, type RawAnswer } from './actors.ts';

/**
 * Bad input through every door the server has: malformed, oversized and oddly shaped bodies and
 * query strings at the sync gateway, malformed API bodies, and path tricks in media names and
 * sync paths. Every answer must be a 4xx in the platform's shape with a reason, never a 5xx, a
 * hang or a dropped connection, and the server must keep serving afterwards.
 */
let server: TestServer;
let citizen: SessionTokens;
const MAX_SYNC_BODY_BYTES = 64 * 1024;
const REQUEST_TIMEOUT_MS = 5_000;

beforeAll(async () => {
  server = await startTestServer({ MAX_SYNC_BODY_BYTES: String(MAX_SYNC_BODY_BYTES) });
  citizen = await signInCitizen(server, '13866663001');
});

afterAll(() => server?.close());

const report = (id: string, extra: object = {}) => ({
  _id: id,
  type: 'report',
  description: 'bad input',
  ...extra,
});

/** The request, failing instead of hanging if the server never answers. */
async function send(
  method: string,
  path: string,
  body?: string | Buffer,
  headers?: Record<string, string>,
): Promise<RawAnswer> {
  const answer = rawRequest(server, method, path, { token: citizen.accessToken, body, headers });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no answer to ${method} ${path}`)), REQUEST_TIMEOUT_MS),
  );
  return Promise.race([answer, timeout]);
}

/** A clear refusal: the status asked for (or any 4xx), JSON, a code and a reason to show. */
function expectRefusal(answer: RawAnswer, label: string, status?: number): Record<string, string> {
  if (status) expect(answer.status, `${label}: ${answer.body}`).toBe(status);
  expect(answer.status, `${label}: ${answer.body}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${label}: ${answer.body}`).toBeLessThan(500);
  const body = JSON.parse(answer.body) as Record<string, string>;
  expect(body.error, label).toMatch(/^[a-z_-]+$/);
  expect(body.reason ?? body.message, label).toBeTruthy();
  return body;
}

async function expectStillServing(): Promise<void> {
  const info = await send('GET', '/sync/main/');
  expect(info.status).toBe(200);
}

describe('bad input at the sync gateway', () => {
  it('refuses bodies that are not JSON with 400 invalid-body on every endpoint that reads one', async () => {
    const endpoints = [
      ['POST', '/sync/main/_bulk_docs'],
      ['POST', '/sync/main/_revs_diff'],
      ['POST', '/sync/main/_bulk_get'],
      ['POST', '/sync/main/_all_docs'],
      ['POST', '/sync/main/_changes'],
      ['PUT', '/sync/main/_local/checkpoint'],
      ['PUT', '/sync/main/r00000000000000000000bad1'],
      ['POST', '/sync/media/_bulk_docs'],
    ] as const;
    const bodies = ['{', '[1,2', '{"docs": [}', 'null', '"text"', '5', Buffer.from([0xff, 0xfe])];
    for (const [method, path] of endpoints) {
      for (const body of bodies) {
        const answer = await send(method, path, body);
        expect(expectRefusal(answer, `${method} ${path} ${String(body)}`, 400).error).toBe(
          'invalid-body',
        );
      }
    }
    await expectStillServing();
  });

  it('refuses JSON of the wrong shape instead of letting the store answer 500', async () => {
    const cases: Array<[string, unknown]> = [
      ['/sync/main/_bulk_docs', { docs: 5 }],
      ['/sync/main/_bulk_docs', { docs: [5] }],
      ['/sync/main/_bulk_docs', { docs: [{ _id: 5 }] }],
      ['/sync/main/_bulk_docs', { docs: [report('r00000000000000000000bad2')], new_edits: 'x' }],
      ['/sync/main/_bulk_docs', { docs: [report('r00000000000000000000bad3')], new_edits: false }],
      ['/sync/main/_bulk_get', { docs: 5 }],
      ['/sync/main/_bulk_get', { docs: [5] }],
      ['/sync/main/_bulk_get', { docs: {} }],
      ['/sync/main/_bulk_get', { docs: [{ id: 'x', atts_since: 5 }] }],
      ['/sync/main/_revs_diff', { x: 5 }],
      ['/sync/main/_revs_diff', []],
      ['/sync/main/_all_docs', { keys: 5 }],
      ['/sync/main/_all_docs', { keys: [{ a: 1 }] }],
      ['/sync/main/_changes', { doc_ids: 5 }],
      ['/sync/main/_changes', { selector: 'x' }],
    ];
    for (const [path, body] of cases) {
      const answer = await send('POST', path, JSON.stringify(body));
      expectRefusal(answer, `${path} ${JSON.stringify(body)}`, 400);
    }
    const reasons = await send('POST', '/sync/main/_bulk_get', '{"docs":5}');
    expect(JSON.parse(reasons.body).reason).toContain('_bulk_get needs');
    await expectStillServing();
  });

  it('refuses special fields of the wrong type, which the store would keep and choke on later', async () => {
    for (const extra of [
      { _attachments: 5 },
      { _revisions: 5 },
      { _revisions: { start: 'x', ids: 5 } },
      { _deleted: 'yes' },
      { _rev: 5 },
      { _conflicts: [] },
    ]) {
      const id = `r${String(Math.random()).slice(2, 22).padEnd(20, '0')}`;
      const answer = await send('PUT', `/sync/main/${id}`, JSON.stringify(report(id, extra)));
      expect(expectRefusal(answer, JSON.stringify(extra), 403).reason).toMatch(/field _\w+/);
    }
  });

  it('refuses a document nested thousands of levels deep with a reason, and keeps serving', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const doc = `{"_id":"r00000000000000000000deep","type":"report","x":${deep}}`;
    const bulk = await send('POST', '/sync/main/_bulk_docs', `{"docs":[${doc}]}`);
    expect(expectRefusal(bulk, 'nested', 400).reason).toContain('nested deeper than');
    const local = await send('PUT', '/sync/main/_local/deep', `{"x":${deep}}`);
    expectRefusal(local, 'nested _local', 400);
    await expectStillServing();
  });

  it('answers an oversized body with 413 and the limit, whether it is announced or chunked', async () => {
    const big = JSON.stringify({
      docs: [report('r00000000000000000000big1', { description: 'x'.repeat(MAX_SYNC_BODY_BYTES) })],
    });
    const announced = await send('POST', '/sync/main/_bulk_docs', big);
    const body = expectRefusal(announced, 'announced', 413);
    expect(body.error).toBe('body-too-large');
    expect(body.reason).toContain(`limit ${MAX_SYNC_BODY_BYTES} bytes`);

    const chunked = await sendChunked('/sync/main/_bulk_docs', big);
    expect(expectRefusal(chunked, 'chunked', 413).error).toBe('body-too-large');
    const local = await send('PUT', '/sync/main/_local/big', JSON.stringify({ x: big }));
    expect(expectRefusal(local, '_local', 413).error).toBe('body-too-large');
    await expectStillServing();
  });

  it('refuses query parameters the replication never sends, or in the wrong shape, instead of hanging', async () => {
    // Each of these left the request open for good, or answered 500, before the gateway checked.
    const queries = [
      '_changes?since=-1',
      '_changes?limit=abc',
      '_changes?feed=bogus',
      '_changes?feed=eventsource',
      '_changes?feed=continuous',
      '_changes?heartbeat=abc',
      '_changes?style=x',
      '_changes?timeout=-1',
      '_changes?include_docs=maybe',
      '_changes?descending=x',
      '_changes?conflicts=x',
      '_changes?doc_ids=notjson&filter=_doc_ids',
      '_all_docs?include_docs=x',
      '_all_docs?keys=notjson',
      '_all_docs?startkey=notjson',
      '_all_docs?skip=abc',
      'r00000000000000000000bad4?rev=5',
      'r00000000000000000000bad4?open_revs=5',
      'r00000000000000000000bad4?revs=x&open_revs=notjson',
      'r00000000000000000000bad4?attachments=x',
      'r00000000000000000000bad4?atts_since=notjson',
      '_changes?_show=x',
    ];
    for (const query of queries) {
      const answer = await send('GET', `/sync/main/${query}`);
      expect(expectRefusal(answer, query, 400).reason, query).toMatch(/query parameter/);
    }
    await expectStillServing();
  });

  it('still serves every query RxDB and PouchDB replication send', async () => {
    // Something to read, so that the long-poll answers at once.
    const id = 'r00000000000000000000good';
    expect((await send('PUT', `/sync/main/${id}`, JSON.stringify(report(id)))).status).toBe(201);
    const keys = encodeURIComponent(JSON.stringify(['r00000000000000000000none']));
    const queries = [
      '_changes?style=all_docs&feed=normal&include_docs=true&since=0&heartbeat=20000&limit=50&seq_interval=50',
      '_changes?style=all_docs&feed=longpoll&since=0&include_docs=true&heartbeat=20000&limit=50&seq_interval=50',
      '_changes?timeout=25000&style=all_docs&since=0&limit=100&_nonce=1717000000000',
      `_all_docs?include_docs=true&keys=${keys}`,
      `_all_docs?keys=${keys}`,
      '_local/abc_def.ghi=?_nonce=1717000000000',
      `?_nonce=1717000000000`,
    ];
    for (const query of queries) {
      const answer = await send('GET', `/sync/main/${query}`);
      expect([200, 404], `${query}: ${answer.body}`).toContain(answer.status);
    }
  });

  it('answers 404, not 5xx, to paths that are malformed, too long or climb out of a database', async () => {
    const paths = [
      '/sync/main/%ZZ',
      '/sync/main/%E0%A4%A',
      '/sync/main/%00',
      '/sync/main/r%00',
      `/sync/main/r${'a'.repeat(300)}`,
      '/sync/media/photo-x/..%2F..%2Fcases',
      '/sync/media/photo-x/%2e%2e',
      '/sync/media/photo-x/%2e%2e/%2e%2e/cases',
      '/sync/main/_local/..%2F..%2Fcases',
      '/sync/main/_local/%2e%2e',
      '/sync/main/_design/x/_view/all',
      '/sync/main/_design%2Fx/_view%2Fall',
      '/sync/main%00/',
      '/sync/%6d%61%69%6e%2f%2e%2e%2fcases/',
    ];
    for (const path of paths) {
      const answer = await send('GET', path);
      expect(expectRefusal(answer, path, 404).error, path).toBe('not-found');
    }
    await expectStillServing();
  });
});

describe('bad input at the API', () => {
  it('answers malformed and mistyped bodies on every auth route with 400 naming the field', async () => {
    const routes = ['code', 'verify', 'staff', 'refresh', 'signout'];
    const bodies = [
      '{',
      '[]',
      '5',
      '{"phone":5}',
      '{"phone":["138"]}',
      '{"refreshToken":{}}',
      '{"name":"x","password":{"$gt":""}}',
      Buffer.from([0xff]),
    ];
    for (const route of routes) {
      for (const body of bodies) {
        const answer = await send('POST', `/api/auth/${route}`, body);
        const refusal = expectRefusal(answer, `${route} ${String(body)}`, 400);
        expect(refusal.error).toBe('invalid-body');
      }
      const form = await send('POST', `/api/auth/${route}`, 'phone=1', {
        'content-type': 'text/plain',
      });
      expect(expectRefusal(form, `${route} text/plain`, 400).detail).toMatch(/: /);
    }
  });

  it('answers an auth body over 8 KB with 413 body-too-large', async () => {
    for (const route of ['code', 'verify', 'staff', 'refresh']) {
      const big = JSON.stringify({ phone: '1'.repeat(9_000), refreshToken: 'x' });
      const answer = await send('POST', `/api/auth/${route}`, big);
      expect(expectRefusal(answer, route, 413).error).toBe('body-too-large');
    }
  });

  it('answers markup in a phone number with invalid-phone and takes full-width digits', async () => {
    const markup = await send('POST', '/api/auth/code', '{"phone":"<script>alert(1)</script>"}');
    expect(expectRefusal(markup, 'markup', 400).error).toBe('invalid-phone');
    expect(markup.body).not.toContain('<script>');
    const fullWidth = await send('POST', '/api/auth/code', '{"phone":"１３８６６６６３００２"}');
    expect(fullWidth.status).toBe(202);
  });

  it('answers media names that are not content hashes with 404 and a malformed one with 400', async () => {
    for (const name of [
      'A'.repeat(64),
      '%00',
      'a'.repeat(10_000),
      '..%2F..%2Fsync%2Fmain',
      '..',
      `${'0'.repeat(64)}.jpg`,
      `${'0'.repeat(64)}%2F..`,
    ]) {
      const answer = await send('GET', `/api/media/${name}`);
      expect(expectRefusal(answer, name, 404).error, name).toBe('not-found');
    }
    // Not percent-encoding at all: Express cannot decode the name.
    expect(expectRefusal(await send('GET', '/api/media/%ZZ'), '%ZZ', 400).error).toBe(
      'invalid-body',
    );
  });

  it('answers a huge or garbled bearer token with 401 and never 5xx', async () => {
    for (const authorization of [
      'Bearer ' + 'x'.repeat(10_000),
      'Bearer a.b.c',
      'Bearer',
      'Basic x',
    ]) {
      const answer = await rawRequest(server, 'GET', '/api/me', { headers: { authorization } });
      expect(expectRefusal(answer, authorization.slice(0, 20), 401).error).toBe('unauthorized');
    }
  });
});

/** The same request with Transfer-Encoding: chunked, so the size is not known up front. */
async function sendChunked(path: string, body: string): Promise<RawAnswer> {
  const http = await import('node:http');
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: {
          authorization: `Bearer ${citizen.accessToken}`,
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    for (let at = 0; at < body.length; at += 4_096) req.write(body.slice(at, at + 4_096));
    req.end();
  });
}
