import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/start-test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(() => server.close());

describe('the HTTP app', () => {
  it('reports health and the kind of store', async () => {
    const answer = await fetch(`${server.url}/healthz`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ok: true, store: 'embedded' });
  });

  it('answers unknown API paths with a JSON 404 and a request id', async () => {
    const answer = await fetch(`${server.url}/api/nothing-here`);
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({ error: 'not-found', message: expect.any(String) });
    expect(answer.headers.get('x-request-id')).toBeTruthy();
  });

  it('keeps a well-formed request id from the caller', async () => {
    const answer = await fetch(`${server.url}/healthz`, {
      headers: { 'x-request-id': 'edge-1234abcd' },
    });
    expect(answer.headers.get('x-request-id')).toBe('edge-1234abcd');
  });
});

describe('the web app', () => {
  it('serves the built app and falls back to index.html for deep links', async () => {
    const webDir = path.join(server.dataDir, 'web');
    await mkdir(path.join(webDir, 'assets'), { recursive: true });
    await writeFile(path.join(webDir, 'index.html'), '<!doctype html><title>smt</title>');
    await writeFile(path.join(webDir, 'assets', 'app.js'), 'console.log(1)');
    const withWeb = await startTestServer({ WEB_DIR: webDir });
    try {
      const asset = await fetch(`${withWeb.url}/assets/app.js`);
      expect(await asset.text()).toBe('console.log(1)');
      const deepLink = await fetch(`${withWeb.url}/reports/r123`, {
        headers: { accept: 'text/html' },
      });
      expect(deepLink.status).toBe(200);
      expect(await deepLink.text()).toContain('<title>smt</title>');
      const api = await fetch(`${withWeb.url}/api/unknown`, { headers: { accept: 'text/html' } });
      expect(api.status).toBe(404);
    } finally {
      await withWeb.close();
    }
  });
});
