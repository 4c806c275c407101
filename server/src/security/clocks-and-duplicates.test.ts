import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caseIdFor,
  type CaseDoc,
  type OutcomeDoc,
  outcomeIdFor,
  principalDb,
  SERVER_DBS,
  type StatusDoc,
  type ReportDoc,
  statusIdFor,
  type TaskDoc,
  taskIdFor,
} from '@smt/shared';
import { startTestServer, type TestServer } from '../testing/start-test-server.ts';
import { rawRequest, type Sessions, signInEveryone } from './actors.ts';
import { actionDoc, newReportId, putDoc, readCase, readOwn, reportDoc, waitFor } from './flow.ts';

/**
 * Devices lie about the time and repeat themselves. The server's clock decides when a report
 * arrived, when each step happened and when a stage runs out; a report id sent again, in any
 * of the ways a device or an attacker can send it, stays one report with one case.
 */
let server: TestServer;
let sessions: Sessions;
const DAY_MS = 86_400_000;

beforeAll(async () => {
  server = await startTestServer({}, { workers: true });
  sessions = await signInEveryone(server);
});

afterAll(() => server?.close());

const shifted = (ms: number) => new Date(Date.now() + ms).toISOString();

function expectBetween(iso: string | undefined, from: number, to: number, what: string) {
  const at = Date.parse(iso ?? '');
  expect(at, `${what} ${iso}`).toBeGreaterThanOrEqual(from);
  expect(at, `${what} ${iso}`).toBeLessThanOrEqual(to);
}

describe('device clocks days off', () => {
  for (const [label, offsetMs] of [
    ['three days ahead', 3 * DAY_MS],
    ['five days behind', -5 * DAY_MS],
  ] as const) {
    it(`judges a report from a clock ${label} on the time the server received it`, async () => {
      const before = Date.now();
      const reportId = newReportId();
      const deviceTime = shifted(offsetMs);
      await putDoc(
        server,
        sessions.citizenA,
        reportDoc(reportId, { capturedAt: deviceTime, createdAt: deviceTime }),
      );
      const caseDoc = await waitFor('the case', () => readCase(server, reportId));
      const after = Date.now();

      expect(caseDoc.judgedOn).toBe('receipt');
      expect(Date.parse(caseDoc.judgedAt)).toBe(Date.parse(caseDoc.receivedAt));
      expectBetween(caseDoc.receivedAt, before, after, 'received');
      // The device's claim is kept as what it is, and nothing else.
      expect(caseDoc.capturedAt).toBe(deviceTime);
      const status = await waitFor('the status', () =>
        readOwn<StatusDoc>(server, sessions.citizenA, statusIdFor(reportId)),
      );
      for (const event of status.history) expectBetween(event.at, before, after, 'status event');
    });
  }

  it('orders and times actions by the server clock, whatever the devices say', async () => {
    const reportId = newReportId();
    const caseId = caseIdFor(reportId);
    await putDoc(server, sessions.citizenA, reportDoc(reportId));
    await waitFor('the centre task', () =>
      readOwn<TaskDoc>(server, sessions.center, taskIdFor(caseId)),
    );
    const before = Date.now();

    // The centre's clock is five days behind; the supervisor's, five days ahead.
    const ask = actionDoc(
      sessions.center,
      'center-dispatcher',
      caseId,
      'request-verify',
      {},
      shifted(-5 * DAY_MS),
    );
    await putDoc(server, sessions.center, ask);
    await waitFor('the request', () =>
      readOwn<OutcomeDoc>(server, sessions.center, outcomeIdFor(ask._id)),
    );
    const verify = actionDoc(
      sessions.supervisor,
      'supervisor',
      caseId,
      'verify',
      { outcome: 'confirm' },
      shifted(5 * DAY_MS),
    );
    await putDoc(server, sessions.supervisor, verify);
    const outcome = await waitFor('the verification', () =>
      readOwn<OutcomeDoc>(server, sessions.supervisor, outcomeIdFor(verify._id)),
    );
    const after = Date.now();

    expect(outcome.result).toBe('applied');
    expectBetween(outcome.at, before, after, 'outcome');
    const caseDoc = (await readCase(server, reportId)) as CaseDoc;
    const steps = caseDoc.history.filter((event) => event.actionId);
    expect(steps.map((event) => event.actionId)).toEqual([ask._id, verify._id]);
    for (const step of steps) expectBetween(step.at, before, after, 'step');

    // The centre's next stage runs from the server's time: neither overdue nor days away.
    const task = await waitFor('the verified task', async () => {
      const found = await readOwn<TaskDoc>(server, sessions.center, taskIdFor(caseId));
      return found?.state === 'verified' ? found : undefined;
    });
    expect(task.overdue).toBe(false);
    if (task.deadline) {
      expect(Date.parse(task.deadline)).toBeGreaterThan(before);
      expect(Date.parse(task.deadline)).toBeLessThan(after + 3 * DAY_MS);
    }
  });
});

describe('duplicate submissions', () => {
  it('makes one report and one case of a report id sent again in every way a device can', async () => {
    const reportId = newReportId();
    const first = reportDoc(reportId, { description: '第一次' });
    expect((await putDoc(server, sessions.citizenA, first)).status).toBe(201);

    const secondTry: ReportDoc = { ...first, description: '第二次' };
    const again = await putDoc(server, sessions.citizenA, secondTry);
    expect(again.status).toBe(409);
    expect(again.body.reason).toBeTruthy();
    const bulk = await rawRequest(server, 'POST', '/sync/main/_bulk_docs', {
      token: sessions.citizenA.accessToken,
      body: JSON.stringify({ docs: [first, first] }),
    });
    expect(bulk.status).toBe(201);
    expect(JSON.parse(bulk.body)).toEqual([
      expect.objectContaining({ error: 'conflict' }),
      expect.objectContaining({ error: 'conflict' }),
    ]);
    // A replication that forces a second branch of the same document (new_edits: false).
    const forced = await rawRequest(server, 'POST', '/sync/main/_bulk_docs', {
      token: sessions.citizenA.accessToken,
      body: JSON.stringify({
        docs: [{ ...first, description: '第三次', _rev: '9-0123456789abcdef0123456789abcdef' }],
        new_edits: false,
      }),
    });
    expect(forced.status).toBe(201);

    await waitFor('the case', () => readCase(server, reportId));
    await server.workers!.drain();
    const cases = await server.ctx.store.couch
      .use<CaseDoc>(SERVER_DBS.cases)
      .list({ include_docs: true });
    const forThisReport = cases.rows.filter((row) => row.doc?.reportId === reportId);
    expect(forThisReport).toHaveLength(1);
    expect(forThisReport[0]!.doc!.description).toBe('第一次');

    const citizenDb = principalDb('citizen', sessions.citizenA.principal.id, 'main');
    const own = await server.ctx.store.couch.use(citizenDb).list();
    const statuses = own.rows.filter((row) => row.id === statusIdFor(reportId));
    const accepted = own.rows.filter((row) => row.id.startsWith(`message-${reportId}-accepted`));
    expect(statuses).toHaveLength(1);
    expect(accepted).toHaveLength(1);
  });

  it("gives a citizen who reuses another's report id nothing of the other's case", async () => {
    const reportId = newReportId();
    await putDoc(server, sessions.citizenA, reportDoc(reportId, { description: 'A 的上报' }));
    const caseOfA = await waitFor('the case', () => readCase(server, reportId));

    expect((await putDoc(server, sessions.citizenB, reportDoc(reportId))).status).toBe(201);
    await server.workers!.drain();

    const caseNow = (await readCase(server, reportId)) as CaseDoc;
    expect(caseNow.citizen).toEqual(caseOfA.citizen);
    expect(caseNow.description).toBe('A 的上报');
    expect(await readOwn(server, sessions.citizenB, statusIdFor(reportId))).toBeUndefined();
  });
});
