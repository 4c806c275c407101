import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../errors.ts';
import { applyAction } from './apply-action.ts';
import {
  act,
  HOME_DISTRICT,
  newCase,
  OTHER_CASE_ID,
  OTHER_DISTRICT,
  PEOPLE,
  PHOTO,
  replay,
  TEST_CASE_ID,
} from './test-fixtures.ts';

const { center, changan, qiaoxi, supervisor, outsider, teamA, teamA2, teamB } = PEOPLE;
const { citizen, stranger } = PEOPLE;

const assigned = newCase({ state: 'assigned', dispatchedTo: HOME_DISTRICT, teamId: teamA.teamId });
const disposal = (reworkCount: number) => ({ reworkCount, note: 'Done', photoIds: [PHOTO] });

describe('malformed actions are refused', () => {
  it.each([
    ['a payload without its required field', act(center, 'reject', {} as { reason: string })],
    ['a kind the machine does not know', { ...act(center, 'accept', {}), kind: 'approve' }],
    ['a disposal without a photo', act(teamA, 'dispose', { ...disposal(0), photoIds: [] })],
    ['a blank reason', act(center, 'return', { reason: '  ' })],
    ['a device time without an offset', { ...act(center, 'accept', {}), at: '2024-07-15T09:00' }],
    [
      'a corrected category that is not in the catalog',
      act(supervisor, 'verify', {
        outcome: 'correct-category',
        category: { major: 'garbage', minor: 'street-stall' },
      }),
    ],
  ])('refuses %s as action-malformed', (_, action) => {
    const result = applyAction(newCase({ state: 'verifying' }), action, center);

    expect(result).toMatchObject({ ok: false, reason: { code: 'action-malformed' } });
  });

  it('refuses an action written for another case', () => {
    const action = act(center, 'accept', {}, OTHER_CASE_ID);

    expect(applyAction(newCase(), action, center)).toMatchObject({
      ok: false,
      reason: { code: 'action-malformed', detail: 'caseId: another case' },
    });
  });

  it('refuses to mark a case as a duplicate of itself', () => {
    const action = act(center, 'mark-duplicate', { of: TEST_CASE_ID });

    expect(applyAction(newCase(), action, center)).toMatchObject({
      ok: false,
      reason: { code: 'action-malformed' },
    });
  });
});

describe('roles are enforced', () => {
  it.each([
    ['a citizen closing a case', citizen, 'close', newCase({ state: 'checked' })],
    ['a supervisor dispatching', supervisor, 'dispatch', newCase({ state: 'verified' })],
    ['a team accepting a report', teamA, 'accept', newCase()],
  ] as const)('refuses %s as role-not-allowed', (_, scope, kind, view) => {
    const payload = kind === 'dispatch' ? { district: HOME_DISTRICT } : {};

    const result = applyAction(view, act(scope, kind, payload as { district: string }), scope);

    expect(result).toMatchObject({ ok: false, reason: { code: 'role-not-allowed' } });
  });

  it('refuses an action whose claimed role is not the role the account has now', () => {
    const claimed = act({ ...center, role: 'center-dispatcher' }, 'accept', {});
    const demoted = { role: 'supervisor', principalId: center.principalId, districts: [] } as const;

    expect(applyAction(newCase(), claimed, demoted)).toMatchObject({
      ok: false,
      reason: { code: 'role-not-allowed', detail: 'this account now acts as supervisor' },
    });
  });

  it('refuses an action written in the name of someone else as forbidden', () => {
    const action = act(center, 'accept', {});

    expect(
      applyAction(newCase(), action, { ...center, principalId: 'centerdesk02' }),
    ).toMatchObject({ ok: false, reason: { code: 'forbidden' } });
  });
});

describe('scopes are enforced', () => {
  it.each([
    [
      'another district assigning a case dispatched elsewhere',
      newCase({ state: 'dispatched', dispatchedTo: HOME_DISTRICT }),
      act(qiaoxi, 'assign', { teamId: teamB.teamId }),
      qiaoxi,
    ],
    [
      'a team disposing a case assigned to another team',
      assigned,
      act(teamB, 'dispose', disposal(0)),
      teamB,
    ],
    [
      'a supervisor verifying outside their area',
      newCase({ state: 'verifying' }),
      act(outsider, 'verify', { outcome: 'confirm' }),
      outsider,
    ],
    [
      "a citizen withdrawing someone else's report",
      newCase(),
      act(stranger, 'cancel', { reason: 'x' }),
      stranger,
    ],
  ] as const)('refuses %s as out-of-scope', (_, view, action, scope) => {
    expect(applyAction(view, action, scope)).toMatchObject({
      ok: false,
      reason: { code: 'out-of-scope', message: ERROR_MESSAGES['out-of-scope'] },
    });
  });

  it('refuses a disposal from a team the case was reassigned away from while offline', () => {
    const stale = act(teamA, 'dispose', disposal(0));

    const run = replay(assigned, [
      { action: act(changan, 'assign', { teamId: teamB.teamId }), scope: changan },
      { action: stale, scope: teamA },
    ]);

    expect(run.results[1]).toMatchObject({ ok: false, reason: { code: 'out-of-scope' } });
    expect(run.view.state).toBe('assigned');
  });
});

describe('actions that no longer fit the state are refused', () => {
  it('refuses the second disposal for the same assignment, naming the state it found', () => {
    const run = replay(assigned, [
      { action: act(teamA, 'dispose', disposal(0)), scope: teamA },
      { action: act(teamA2, 'dispose', disposal(0)), scope: teamA2 },
    ]);

    expect(run.results[0]).toMatchObject({ ok: true, next: 'disposed' });
    expect(run.results[1]).toEqual({
      ok: false,
      reason: {
        code: 'action-not-allowed-in-state',
        message: ERROR_MESSAGES['action-not-allowed-in-state'],
        detail: 'it is now disposed and waiting to be checked',
      },
    });
  });

  it('refuses to close a case that has not been checked', () => {
    const disposed = { ...assigned, state: 'disposed' as const };

    expect(applyAction(disposed, act(center, 'close', {}), center)).toMatchObject({
      ok: false,
      reason: {
        code: 'action-not-allowed-in-state',
        detail: 'it is now disposed and waiting to be checked',
      },
    });
  });

  it("refuses a citizen's withdrawal once the report has been accepted", () => {
    const result = applyAction(
      newCase({ state: 'accepted' }),
      act(citizen, 'cancel', { reason: 'x' }),
      citizen,
    );

    expect(result).toMatchObject({ ok: false, reason: { code: 'action-not-allowed-in-state' } });
  });

  it.each(['closed', 'cancelled', 'rejected', 'duplicate'] as const)(
    "refuses even the centre's cancel on a %s case",
    (state) => {
      const result = applyAction(
        newCase({ state }),
        act(center, 'cancel', { reason: 'x' }),
        center,
      );

      expect(result).toMatchObject({ ok: false, reason: { code: 'action-not-allowed-in-state' } });
    },
  );

  it('refuses to reassign a case to the team that already holds it', () => {
    const result = applyAction(assigned, act(changan, 'assign', { teamId: teamA.teamId }), changan);

    expect(result).toMatchObject({
      ok: false,
      reason: {
        code: 'action-not-allowed-in-state',
        detail: 'it is already assigned to that team',
      },
    });
  });

  it('refuses to mark a verified case as a duplicate', () => {
    const action = act(center, 'mark-duplicate', { of: OTHER_CASE_ID });

    expect(applyAction(newCase({ state: 'verified' }), action, center)).toMatchObject({
      ok: false,
      reason: { code: 'action-not-allowed-in-state' },
    });
  });
});

describe('answers to an earlier round of rework are refused', () => {
  it('refuses a disposal made before the case was sent back, once it is assigned again', () => {
    const reworked = { ...assigned, reworkCount: 1 };

    expect(applyAction(reworked, act(teamA, 'dispose', disposal(0)), teamA)).toMatchObject({
      ok: false,
      reason: { code: 'action-superseded', detail: 'it answers round 1; the case is in round 2' },
    });
  });

  it('refuses a check made for the earlier round', () => {
    const checking = { ...assigned, state: 'checking' as const, reworkCount: 1 };
    const action = act(supervisor, 'check', { reworkCount: 0, outcome: 'pass' });

    expect(applyAction(checking, action, supervisor)).toMatchObject({
      ok: false,
      reason: { code: 'action-superseded' },
    });
  });

  it('refuses a disposal naming a round the case has not reached as malformed', () => {
    expect(applyAction(assigned, act(teamA, 'dispose', disposal(2)), teamA)).toMatchObject({
      ok: false,
      reason: { code: 'action-malformed' },
    });
  });
});

describe('refused re-dispatch', () => {
  it('refuses to dispatch a case to the platform that already has it', () => {
    const view = newCase({ state: 'dispatched', dispatchedTo: OTHER_DISTRICT });

    expect(
      applyAction(view, act(center, 'dispatch', { district: OTHER_DISTRICT }), center),
    ).toMatchObject({ ok: false, reason: { code: 'action-not-allowed-in-state' } });
  });
});
