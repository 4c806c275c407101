import { randomBytes } from 'node:crypto';
import {
  caseIdFor,
  type CaseDoc,
  judgeAcceptanceHours,
  type ReportDoc,
  SERVER_DBS,
} from '@smt/shared';
import type { SessionTokens } from '../auth/sessions.ts';
import type { TestServer } from '../testing/start-test-server.ts';
import { rawRequest } from './actors.ts';

/**
 * Driving the server as devices do, through the gateway, with the documents a device writes.
 * The security tests use these to push hostile reports and actions through the real workers.
 */
const WAIT_MS = 30_000;

/** A point inside 长安区 (WGS-84), away from its edges. */
export const CHANG_AN = { lat: 38.0497, lng: 114.5224, accuracyM: 12, source: 'gps' as const };

export const newReportId = () => `r${randomBytes(12).toString('hex')}`;
export const newActionId = () => `action-${randomBytes(12).toString('hex')}`;

/** A capture time the rules accept, stepping back from now, so tests pass at any hour. */
export function openCaptureTime(now = new Date()): string {
  const STEP_MS = 15 * 60_000;
  for (let t = now.getTime() - STEP_MS; t > now.getTime() - 48 * 3_600_000; t -= STEP_MS) {
    const iso = new Date(t).toISOString();
    const judged = judgeAcceptanceHours(iso, now);
    if (judged.judgedOn === 'capture' && judged.open) return iso;
  }
  throw new Error('no open capture time in the last 48 hours');
}

export function reportDoc(id: string, fields: Partial<ReportDoc> = {}): ReportDoc {
  const capturedAt = openCaptureTime();
  return {
    _id: id,
    type: 'report',
    category: { major: 'garbage', minor: 'exposed-garbage' },
    description: '路边垃圾',
    location: CHANG_AN,
    capturedAt,
    photoCount: 0,
    followUpSms: false,
    createdAt: capturedAt,
    ...fields,
  };
}

/** PUT through /sync/main as the signed-in device; returns the status and the parsed answer. */
export async function putDoc(
  server: TestServer,
  session: SessionTokens,
  doc: { _id: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await rawRequest(server, 'PUT', `/sync/main/${doc._id}`, {
    token: session.accessToken,
    body: JSON.stringify(doc),
  });
  return { status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown> };
}

/** A document in the device's own main database, read through the gateway. */
export async function readOwn<T>(
  server: TestServer,
  session: SessionTokens,
  id: string,
): Promise<T | undefined> {
  const answer = await rawRequest(server, 'GET', `/sync/main/${id}`, {
    token: session.accessToken,
  });
  return answer.status === 200 ? (JSON.parse(answer.body) as T) : undefined;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function readCase(server: TestServer, reportId: string): Promise<CaseDoc | undefined> {
  return server.ctx.store.couch
    .use<CaseDoc>(SERVER_DBS.cases)
    .get(caseIdFor(reportId))
    .catch(() => undefined);
}

/** An action document as a staff device writes it; `at` is the device's clock. */
export function actionDoc(
  session: SessionTokens,
  role: string,
  caseId: string,
  kind: string,
  payload: object,
  at = new Date().toISOString(),
) {
  return {
    _id: newActionId(),
    type: 'action',
    caseId,
    kind,
    actor: { principalId: session.principal.id, role },
    at,
    payload,
  };
}
