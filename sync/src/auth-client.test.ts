import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { AuthClient, MemoryTokenStore } from './auth-client.ts';
import { SyncError } from './sync-error.ts';
import {
  CouchTestServer,
  TEST_CITIZEN,
  TEST_CODE,
  TEST_PHONE,
} from './testing/couch-test-server.ts';

describe('AuthClient', () => {
  let server: CouchTestServer;
  let store: MemoryTokenStore;

  beforeEach(async () => {
    server = await CouchTestServer.start({ accessTtlMs: 30_000 });
    store = new MemoryTokenStore();
  });
  afterEach(() => server.close());

  async function signedIn(): Promise<AuthClient> {
    const auth = new AuthClient({ serverUrl: server.url, store });
    await auth.verify(TEST_PHONE, TEST_CODE);
    return auth;
  }

  test('signs in with the SMS code and keeps the session in the token store', async () => {
    const auth = new AuthClient({ serverUrl: server.url, store });
    expect(await auth.requestCode(TEST_PHONE)).toEqual({ resendAfterS: 60 });
    expect(await auth.verify(TEST_PHONE, TEST_CODE)).toEqual(TEST_CITIZEN);
    expect(auth.session).toEqual(TEST_CITIZEN);

    const restarted = new AuthClient({ serverUrl: server.url, store });
    expect(await restarted.restore()).toEqual(TEST_CITIZEN);
  });

  test("turns the server's refusals into SyncErrors with its code and a reason", async () => {
    const auth = new AuthClient({ serverUrl: server.url, store });
    const wrongCode = await auth.verify(TEST_PHONE, '000000').catch((err: unknown) => err);
    expect(wrongCode).toBeInstanceOf(SyncError);
    expect(wrongCode).toMatchObject({ code: 'code-invalid', httpStatus: 401 });
    expect((wrongCode as SyncError).reason.message).toMatch(/code is wrong/);

    await expect(auth.requestCode('not a phone')).rejects.toMatchObject({ code: 'invalid-phone' });
    expect(auth.session).toBeNull();
  });

  test('refreshes once for parallel callers when the token expires within a minute', async () => {
    const auth = await signedIn();
    const tokens = await Promise.all(Array.from({ length: 5 }, () => auth.getAccessToken()));

    expect(server.refreshCount).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect((await store.load())?.accessToken).toBe(tokens[0]);
  });

  test('on a 401 refreshes once and retries the request with the new token', async () => {
    server = await restartWith(server, { accessTtlMs: 15 * 60_000 });
    const auth = await signedIn();
    server.revokeAccessToken();

    const response = await auth.authFetch(`${server.url}/sync/main/`);

    expect(response.status).toBe(200);
    expect(server.rejectedTokenCount).toBe(1);
    expect(server.refreshCount).toBe(1);
  });

  test('keeps the session while offline and ends it when refresh is refused', async () => {
    const auth = await signedIn();
    await server.goDown();
    await expect(auth.getAccessToken()).rejects.toMatchObject({ code: 'offline' });
    expect(auth.session).toEqual(TEST_CITIZEN);

    await server.comeUp();
    await store.save({ ...(await store.load())!, refreshToken: 'stolen-or-revoked' });
    const forgetful = new AuthClient({ serverUrl: server.url, store });
    await expect(forgetful.getAccessToken()).rejects.toMatchObject({ code: 'unauthorized' });
    expect(forgetful.session).toBeNull();
    expect(await store.load()).toBeNull();
  });
});

async function restartWith(
  server: CouchTestServer,
  options: Parameters<typeof CouchTestServer.start>[0],
): Promise<CouchTestServer> {
  await server.close();
  return CouchTestServer.start(options);
}
