import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalDb, SERVER_DBS } from '@smt/shared';
import { type OutboxSmsDoc, OutboxSmsProvider } from './sms.ts';
import { startTestServer, type TestServer } from '../testing/start-test-server.ts';
import { latestCode, postJson, signInCitizen } from '../testing/sign-in.ts';

let server: TestServer;

beforeAll(async () => {
  // Several code requests for one number in a row; the interval has its own test.
  server = await startTestServer({ SMS_RESEND_INTERVAL_S: '0' });
});

afterAll(async () => {
  await server.close();
});

const me = (accessToken: string) =>
  fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } });

describe('citizen sign-in', () => {
  it('signs a citizen in with the code from the SMS and shows only the masked number', async () => {
    const asked = await postJson(server, '/api/auth/code', { phone: '13812345678' });
    expect(asked.status).toBe(202);
    expect(await asked.json()).toEqual({ status: 'sent', resendAfterS: 0 });

    const code = await latestCode(server, '+8613812345678');
    expect(code).toMatch(/^\d{6}$/);
    const verified = await postJson(server, '/api/auth/verify', {
      phone: '13812345678',
      code,
    });
    expect(verified.status).toBe(200);
    const session = await verified.json();
    expect(session.principal.kind).toBe('citizen');
    expect(session.principal.id).toMatch(/^c[a-z0-9]{19}$/);
    expect(Date.parse(session.accessExpiresAt)).toBeGreaterThan(Date.now());

    const answer = await me(session.accessToken);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      principal: session.principal,
      phoneMasked: '138****5678',
      staff: null,
    });
  });

  it('creates the main and media databases at the first sign-in', async () => {
    const { principal } = await signInCitizen(server, '13900001111');
    const dbs = await server.ctx.store.listDbs(`citizen-${principal.id}`);
    expect(dbs).toEqual([
      principalDb('citizen', principal.id, 'main'),
      principalDb('citizen', principal.id, 'media'),
    ]);
  });

  it('maps every spelling of one number to one account', async () => {
    const spellings = [
      '137 0000 2222',
      '+86 137-0000-2222',
      '0086 13700002222',
      '１３７００００２２２２',
    ];
    const ids = new Set<string>();
    for (const phone of spellings) ids.add((await signInCitizen(server, phone)).principal.id);
    expect(ids.size).toBe(1);
  });

  it('keeps the phone number out of document ids in the accounts database', async () => {
    await signInCitizen(server, '13600003333');
    const { rows } = await server.ctx.store.couch.use(SERVER_DBS.accounts).list();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.id).not.toContain('13600003333');
  });

  it('gives a registered and an unknown number the same answer', async () => {
    await signInCitizen(server, '13500004444');
    const registered = await postJson(server, '/api/auth/code', { phone: '13500004444' });
    const unknown = await postJson(server, '/api/auth/code', { phone: '13500005555' });
    expect(registered.status).toBe(unknown.status);
    expect(await registered.json()).toEqual(await unknown.json());
  });

  it('accepts a code only once', async () => {
    await postJson(server, '/api/auth/code', { phone: '13400006666' });
    const code = await latestCode(server, '+8613400006666');
    const first = await postJson(server, '/api/auth/verify', { phone: '13400006666', code });
    const second = await postJson(server, '/api/auth/verify', { phone: '13400006666', code });
    expect(first.status).toBe(200);
    expect(second.status).toBe(401);
    expect((await second.json()).error).toBe('code-invalid');
  });

  it('refuses a number that is not a mainland mobile number', async () => {
    for (const phone of ['12345', '+1 415 555 0100', '010 6552 9988', 'abc']) {
      const answer = await postJson(server, '/api/auth/code', { phone });
      expect(answer.status).toBe(400);
      expect((await answer.json()).error).toBe('invalid-phone');
    }
  });

  it('answers a malformed body with 400 invalid-body', async () => {
    const notJson = await fetch(`${server.url}/api/auth/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"phone":',
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toBe('invalid-body');
    const missing = await postJson(server, '/api/auth/verify', { phone: '13812345678' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid-body', detail: /code/ });
  });

  it('writes the code to the SMS outbox and logs only the masked number', async () => {
    const lines: string[] = [];
    const sms = new OutboxSmsProvider(
      server.ctx.store,
      pino({}, { write: (line: string) => lines.push(line) }),
    );
    await sms.send('+8613300007777', '【市民通】验证码 246810');

    const { rows } = await server.ctx.store.couch
      .use<OutboxSmsDoc>(SERVER_DBS.smsOutbox)
      .list({ include_docs: true });
    expect(rows.some((row) => row.doc?.text.includes('246810'))).toBe(true);
    expect(lines.join('')).toContain('133****7777');
    expect(lines.join('')).not.toContain('246810');
    expect(lines.join('')).not.toContain('13300007777');
  });

  it('logs the text, code included, only when SMS_ECHO_TO_LOG asks for it', async () => {
    const lines: string[] = [];
    const sms = new OutboxSmsProvider(
      server.ctx.store,
      pino({}, { write: (line: string) => lines.push(line) }),
      true,
    );
    await sms.send('+8613300008888', '【市民通】验证码 135790');

    expect(lines.join('')).toContain('135790');
    expect(lines.join('')).toContain('SMS_ECHO_TO_LOG is on');
    expect(lines.join('')).not.toContain('13300008888');
  });
});

describe('access tokens', () => {
  it('answers 401 unauthorized without a token or with a forged one', async () => {
    const none = await fetch(`${server.url}/api/me`);
    expect(none.status).toBe(401);
    expect((await none.json()).error).toBe('unauthorized');
    const forged = await me('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjMTIzNDU2Nzg5In0.c2lnbmF0dXJl');
    expect(forged.status).toBe(401);
  });

  it('accepts the token as access_token query parameter for image requests', async () => {
    const { accessToken } = await signInCitizen(server, '13200008888');
    const answer = await fetch(`${server.url}/api/me?access_token=${accessToken}`);
    expect(answer.status).toBe(200);
  });
});
