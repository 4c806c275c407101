import { normalizePhone, SERVER_DBS } from '@smt/shared';
import type { SessionTokens } from '../auth/sessions.ts';
import type { OutboxSmsDoc } from '../auth/sms.ts';
import type { TestServer } from './start-test-server.ts';

/** The newest sign-in code the outbox SMS provider wrote for this E.164 number. */
export async function latestCode(server: TestServer, e164: string): Promise<string | undefined> {
  const outbox = server.ctx.store.couch.use<OutboxSmsDoc>(SERVER_DBS.smsOutbox);
  const { rows } = await outbox.list({ include_docs: true });
  const texts = rows
    .map((row) => row.doc)
    .filter((doc): doc is NonNullable<typeof doc> => doc?.to === e164)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a._id.localeCompare(b._id));
  return /\d{6}/.exec(texts.at(-1)?.text ?? '')?.[0];
}

export async function postJson(server: TestServer, path: string, body: unknown, headers = {}) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Signs a citizen in the way the app does: ask for a code, read the SMS, send it back. */
export async function signInCitizen(server: TestServer, phone: string): Promise<SessionTokens> {
  const asked = await postJson(server, '/api/auth/code', { phone });
  if (asked.status !== 202) throw new Error(`code request failed: ${await asked.text()}`);
  const normalized = normalizePhone(phone);
  if (!normalized.ok) throw new Error('not a valid phone number');
  const code = await latestCode(server, normalized.e164);
  const verified = await postJson(server, '/api/auth/verify', { phone, code });
  if (verified.status !== 200) throw new Error(`verify failed: ${await verified.text()}`);
  return (await verified.json()) as SessionTokens;
}
