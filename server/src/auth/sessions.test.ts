import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionTokens } from './sessions.ts';
import { startTestServer, type TestServer } from '../testing/start-test-server.ts';
import { postJson, signInCitizen } from '../testing/sign-in.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ SMS_RESEND_INTERVAL_S: '0' });
});

afterAll(() => server.close());

async function refresh(refreshToken: string) {
  const answer = await postJson(server, '/api/auth/refresh', { refreshToken });
  const body = await answer.json();
  return { status: answer.status, body: body as SessionTokens & { error?: string } };
}

const me = (accessToken: string) =>
  fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } });

describe('refresh tokens', () => {
  it('exchange a refresh token for a new pair that works', async () => {
    const session = await signInCitizen(server, '13844440001');
    const renewed = await refresh(session.refreshToken);
    expect(renewed.status).toBe(200);
    expect(renewed.body.principal).toEqual(session.principal);
    expect(renewed.body.refreshToken).not.toBe(session.refreshToken);
    expect((await me(renewed.body.accessToken)).status).toBe(200);
  });

  it('stop accepting a token once its successor was used', async () => {
    const session = await signInCitizen(server, '13844440002');
    const second = await refresh(session.refreshToken);
    const third = await refresh(second.body.refreshToken);
    expect(third.status).toBe(200);

    const replay = await refresh(session.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('unauthorized');
  });

  it('revoke the whole session when an old token is replayed', async () => {
    const session = await signInCitizen(server, '13844440003');
    const second = await refresh(session.refreshToken);
    const third = await refresh(second.body.refreshToken);

    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect((await refresh(third.body.refreshToken)).status).toBe(401);
  });

  it('let a device retry with the same token when the answer to a refresh was lost', async () => {
    const session = await signInCitizen(server, '13844440004');
    const lost = await refresh(session.refreshToken);
    expect(lost.status).toBe(200);

    const retried = await refresh(session.refreshToken);
    expect(retried.status).toBe(200);
    const next = await refresh(retried.body.refreshToken);
    expect(next.status).toBe(200);
  });

  it('keep the sessions of two devices apart', async () => {
    const phone = '13844440005';
    const phoneA = await signInCitizen(server, phone);
    const phoneB = await signInCitizen(server, phone);
    expect(phoneB.principal).toEqual(phoneA.principal);

    const signedOut = await postJson(server, '/api/auth/signout', {
      refreshToken: phoneA.refreshToken,
    });
    expect(signedOut.status).toBe(204);
    expect((await refresh(phoneA.refreshToken)).status).toBe(401);
    expect((await refresh(phoneB.refreshToken)).status).toBe(200);
  });

  it('are not accepted as access tokens, nor access tokens as refresh tokens', async () => {
    const session = await signInCitizen(server, '13844440006');
    expect((await me(session.refreshToken)).status).toBe(401);
    expect((await refresh(session.accessToken)).status).toBe(401);
  });
});

describe('access token expiry', () => {
  it('answers token-expired, not unauthorized, once an access token ran out', async () => {
    const shortLived = await startTestServer({ ACCESS_TOKEN_TTL_S: '1' });
    try {
      const session = await signInCitizen(shortLived, '13844440007');
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const answer = await fetch(`${shortLived.url}/api/me`, {
        headers: { authorization: `Bearer ${session.accessToken}` },
      });
      expect(answer.status).toBe(401);
      expect((await answer.json()).error).toBe('token-expired');
    } finally {
      await shortLived.close();
    }
  });
});
