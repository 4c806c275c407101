import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDoc } from '@smt/shared';
import { caseIdFor, SERVER_DBS } from '@smt/shared';
import { act, PEOPLE } from '@smt/shared/workflow/test-fixtures';
import { taskFromCase } from '../cases/task-projection.ts';
import { startTestServer, type TestServer } from '../testing/start-test-server.ts';
import { decide, sweepOverdue } from './workflow.ts';

const REPORT_ID = 'r0123456789abcdefghijklmnop';
const ENTERED = '2024-07-15T09:00:00.000Z';

function caseIn(state: CaseDoc['state'], overrides: Partial<CaseDoc> = {}): CaseDoc {
  return {
    _id: caseIdFor(REPORT_ID),
    type: 'case',
    reportId: REPORT_ID,
    citizen: { principalId: 'citizen00001', db: 'citizen-citizen00001' },
    caseNumber: 'SJZ-20240715-00001',
    state,
    category: { major: 'garbage', minor: 'exposed-garbage' },
    description: '垃圾，电话 139 1234 5678',
    location: { lat: 38.05, lng: 114.52, source: 'gps' },
    district: '长安区',
    capturedAt: ENTERED,
    receivedAt: ENTERED,
    judgedAt: ENTERED,
    judgedOn: 'capture',
    followUpSms: true,
    photoCount: 0,
    photos: [],
    history: [{ state, at: ENTERED, by: 'intake' }],
    updatedAt: ENTERED,
    ...overrides,
  };
}

const hoursAfterEntry = (hours: number) => new Date(Date.parse(ENTERED) + hours * 3_600_000);

describe('judging an action against a stored case', () => {
  it('applies it with a history entry naming the action and its actor', () => {
    const action = act(PEOPLE.center, 'request-verify', { note: '请核实' }, caseIdFor(REPORT_ID));
    const next = decide(
      caseIn('accepted'),
      action,
      action._id,
      PEOPLE.center,
      hoursAfterEntry(0.1),
    )!;

    expect(next.state).toBe('verifying');
    expect(next.history.at(-1)).toMatchObject({
      state: 'verifying',
      by: PEOPLE.center.principalId,
      actionId: action._id,
      note: '请核实',
    });
    expect(next.overdue).toBe(false);
  });

  it('records a refusal without touching the state or the time of the last change', () => {
    const action = act(PEOPLE.teamA, 'dispose', {
      reworkCount: 0,
      note: 'x',
      photoIds: ['photo-a'],
    });
    const current = caseIn('verifying');
    const next = decide(
      current,
      { ...action, caseId: current._id },
      action._id,
      PEOPLE.teamA,
      new Date(),
    )!;

    expect(next.state).toBe('verifying');
    expect(next.updatedAt).toBe(current.updatedAt);
    expect(next.refusals).toEqual([
      expect.objectContaining({
        actionId: action._id,
        reason: expect.objectContaining({ code: 'out-of-scope' }),
      }),
    ]);
  });

  it('judges an action it has seen before no second time', () => {
    const action = act(PEOPLE.center, 'request-verify', {}, caseIdFor(REPORT_ID));
    const once = decide(caseIn('accepted'), action, action._id, PEOPLE.center, new Date())!;
    expect(decide(once, action, action._id, PEOPLE.center, new Date())).toBeUndefined();
  });

  it('keeps the overdue flag through a re-assignment, which does not restart the clock', () => {
    const current = caseIn('assigned', { dispatchedTo: '长安区', teamId: 'teamalpha001' });
    const action = act(PEOPLE.changan, 'assign', { teamId: 'teambravo001' }, current._id);
    const next = decide(current, action, action._id, PEOPLE.changan, hoursAfterEntry(30))!;
    expect(next.teamId).toBe('teambravo001');
    expect(next.overdue).toBe(true);
  });
});

describe('tasks', () => {
  it('carry neither the phone number nor the citizen, and show the deadline', () => {
    const task = taskFromCase(caseIn('verifying'), hoursAfterEntry(1));
    const text = JSON.stringify(task);
    expect(text).not.toMatch(/139\D{0,3}1234\D{0,3}5678/);
    expect(text).not.toContain('citizen00001');
    expect(task.deadline).toBe(hoursAfterEntry(2).toISOString());
    expect(task.overdue).toBe(false);
    expect(taskFromCase(caseIn('verifying'), hoursAfterEntry(3)).overdue).toBe(true);
  });
});

describe('the overdue sweep', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('flags a case once its stage ran past the limit, and only once', async () => {
    const cases = server.ctx.store.couch.use<CaseDoc>(SERVER_DBS.cases);
    await cases.insert(caseIn('verifying'));

    expect(await sweepOverdue(server.ctx.store, hoursAfterEntry(1.5))).toBe(0);
    expect(await sweepOverdue(server.ctx.store, hoursAfterEntry(2.5))).toBe(1);
    expect(await sweepOverdue(server.ctx.store, hoursAfterEntry(3))).toBe(0);
    expect((await cases.get(caseIdFor(REPORT_ID))).overdue).toBe(true);
  });
});
