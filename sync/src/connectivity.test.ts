import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { AuthClient, MemoryTokenStore } from './auth-client.ts';
import { abortWhenSilent, Connectivity } from './connectivity.ts';
import { SyncError } from './sync-error.ts';
import { firstMatch } from './testing/wait.ts';

const SILENCE_MS = 300;
const always = (): boolean => true;

describe('abortWhenSilent', () => {
  let server: Server;

  // A long-poll stand-in: headers at once, then a newline every `beatMs` for `beats` beats.
  async function serve(beatMs: number, beats: number): Promise<string> {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"results":[\n');
      let sent = 0;
      const timer = setInterval(() => {
        if (++sent < beats) return void res.write('\n');
        clearInterval(timer);
        res.end('],"last_seq":7}');
      }, beatMs);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/db/_changes?feed=longpoll`;
  }

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('lets a slow answer through as long as heartbeats keep arriving', async () => {
    const url = await serve(SILENCE_MS / 3, 9);
    const guarded = abortWhenSilent((input, init) => fetch(input, init), SILENCE_MS, always);

    const body = await (await guarded(url)).json();

    expect(body).toEqual({ results: [], last_seq: 7 });
  });

  test('aborts an answer that goes silent, as offline, so the caller retries', async () => {
    const url = await serve(60_000, 2);
    const guarded = abortWhenSilent((input, init) => fetch(input, init), SILENCE_MS, always);
    const startedAt = Date.now();

    const failure = await (await guarded(url)).json().catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(SyncError);
    expect((failure as SyncError).code).toBe('offline');
    expect(Date.now() - startedAt).toBeLessThan(SILENCE_MS * 5);
  });
});

describe('Connectivity', () => {
  test('counts any answer, even a refusal, as online and a failed request as offline', async () => {
    const server = createServer((_req, res) => res.writeHead(403).end('{"error":"forbidden"}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sync/main/`;
    const store = new MemoryTokenStore();
    await store.save({
      accessToken: 'a',
      refreshToken: 'r',
      accessExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      principal: { kind: 'citizen', id: 'ctestcitizen01' },
    });
    const auth = new AuthClient({ serverUrl: url, store });
    const connectivity = new Connectivity();
    const tracked = connectivity.track(auth.authFetch);

    expect((await tracked(url)).status).toBe(403);
    expect(await firstMatch(connectivity.online$, () => true)).toBe(true);

    await new Promise((resolve) => server.close(resolve));
    await expect(tracked(url)).rejects.toMatchObject({ code: 'offline' });
    expect(connectivity.isOnline).toBe(false);
    connectivity.dispose();
  });
});
