import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.ts';
import { latestCode, postJson } from '../testing/sign-in.ts';
import {
  MAX_CODES_PER_ADDRESS_PER_HOUR,
  MAX_CODES_PER_PHONE_PER_HOUR,
  MAX_WRONG_CODE_TRIES,
} from './codes.ts';

/** Trusting X-Forwarded-For makes each test request come from the address it names. */
const from = (address: string) => ({ 'x-forwarded-for': address });

const wrongCodeFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('sign-in code limits (resend interval 60 s)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: 'true' });
  });
  afterAll(() => server.close());

  it('burns the code after five wrong tries, even from different addresses', async () => {
    const phone = '13811110001';
    await postJson(server, '/api/auth/code', { phone }, from('10.0.0.1'));
    const code = (await latestCode(server, `+86${phone}`))!;

    for (let i = 1; i <= MAX_WRONG_CODE_TRIES; i++) {
      const wrong = await postJson(
        server,
        '/api/auth/verify',
        { phone, code: wrongCodeFor(code) },
        from(`10.0.1.${i}`),
      );
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ error: 'code-invalid' });
    }
    const right = await postJson(server, '/api/auth/verify', { phone, code }, from('10.0.2.1'));
    expect(right.status).toBe(429);
    expect((await right.json()).error).toBe('code-burned');
  });

  it('counts wrong tries sent at the same moment one by one', async () => {
    const phone = '13811110002';
    await postJson(server, '/api/auth/code', { phone }, from('10.0.0.2'));
    const code = (await latestCode(server, `+86${phone}`))!;

    const answers = await Promise.all(
      Array.from({ length: MAX_WRONG_CODE_TRIES + 3 }, (_, i) =>
        postJson(
          server,
          '/api/auth/verify',
          { phone, code: wrongCodeFor(code) },
          from(`10.9.0.${i}`),
        ),
      ),
    );
    const errors = await Promise.all(answers.map(async (a) => (await a.json()).error));
    expect(errors.filter((e) => e === 'code-invalid')).toHaveLength(MAX_WRONG_CODE_TRIES);
    expect(errors.filter((e) => e === 'code-burned')).toHaveLength(3);
  });

  it('refuses a second code for the same number within the resend interval', async () => {
    const phone = '13811110003';
    const first = await postJson(server, '/api/auth/code', { phone }, from('10.0.0.3'));
    const again = await postJson(server, '/api/auth/code', { phone }, from('10.0.0.4'));
    expect(first.status).toBe(202);
    expect((await first.json()).resendAfterS).toBe(60);
    expect(again.status).toBe(429);
    expect(await again.json()).toMatchObject({ error: 'resend-too-soon', detail: /wait \d+ s/ });
  });
});

describe('sign-in code limits (no resend interval, 1 s codes)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      TRUST_PROXY: 'true',
      SMS_RESEND_INTERVAL_S: '0',
      SMS_CODE_TTL_S: '1',
    });
  });
  afterAll(() => server.close());

  it('refuses a code after it expired', async () => {
    const phone = '13822220001';
    await postJson(server, '/api/auth/code', { phone }, from('10.1.0.1'));
    const code = await latestCode(server, `+86${phone}`);
    await new Promise((resolve) => setTimeout(resolve, 1_200));

    const late = await postJson(server, '/api/auth/verify', { phone, code }, from('10.1.0.1'));
    expect(late.status).toBe(401);
    expect((await late.json()).error).toBe('code-expired');
  });

  it('sends at most five codes an hour to one number, whatever the address', async () => {
    const phone = '13822220002';
    for (let i = 0; i < MAX_CODES_PER_PHONE_PER_HOUR; i++) {
      const sent = await postJson(server, '/api/auth/code', { phone }, from(`10.2.0.${i}`));
      expect(sent.status).toBe(202);
    }
    const refused = await postJson(server, '/api/auth/code', { phone }, from('10.2.1.1'));
    expect(refused.status).toBe(429);
    expect((await refused.json()).error).toBe('too-many-requests');
  });

  it('caps the codes one address may ask for in an hour, and only that address', async () => {
    const address = '10.3.0.1';
    for (let i = 0; i < MAX_CODES_PER_ADDRESS_PER_HOUR; i++) {
      const phone = `1390000${String(i).padStart(4, '0')}`;
      const sent = await postJson(server, '/api/auth/code', { phone }, from(address));
      expect(sent.status).toBe(202);
    }
    const refused = await postJson(
      server,
      '/api/auth/code',
      { phone: '13911112222' },
      from(address),
    );
    expect(refused.status).toBe(429);
    expect((await refused.json()).error).toBe('too-many-requests');

    const elsewhere = await postJson(
      server,
      '/api/auth/code',
      { phone: '13911112222' },
      from('10.3.0.2'),
    );
    expect(elsewhere.status).toBe(202);
  });
});

describe('sign-in code state', () => {
  it('survives a restart of the server on the same data folder', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smt-restart-'));
    const phone = '13833330001';
    try {
      const first = await startTestServer({ DATA_DIR: dataDir });
      await postJson(first, '/api/auth/code', { phone });
      const code = await latestCode(first, `+86${phone}`);
      await first.close();

      const second = await startTestServer({ DATA_DIR: dataDir });
      try {
        const again = await postJson(second, '/api/auth/code', { phone });
        expect(again.status).toBe(429);
        const verified = await postJson(second, '/api/auth/verify', { phone, code });
        expect(verified.status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
