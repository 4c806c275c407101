import { describe, expect, it } from 'vitest';
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
  type Step,
} from './test-fixtures.ts';

const { center, changan, qiaoxi, supervisor, teamA, teamB, citizen, intake } = PEOPLE;

function step(scope: Step['scope'], action: ReturnType<typeof act>): Step {
  return { action, scope };
}

describe('the closed loop', () => {
  it('takes a report through verification, disposal, a failed check, rework and closing', () => {
    const steps: Step[] = [
      step(center, act(center, 'accept', {})),
      step(center, act(center, 'request-verify', {})),
      step(supervisor, act(supervisor, 'verify', { outcome: 'confirm' })),
      step(center, act(center, 'dispatch', { district: HOME_DISTRICT })),
      step(changan, act(changan, 'assign', { teamId: teamA.teamId })),
      step(teamA, act(teamA, 'dispose', { reworkCount: 0, note: 'Swept up', photoIds: [PHOTO] })),
      step(center, act(center, 'request-check', {})),
      step(
        supervisor,
        act(supervisor, 'check', { reworkCount: 0, outcome: 'fail', note: 'Bags left behind' }),
      ),
      step(center, act(center, 'return', { reason: 'Bags are still on the pavement' })),
      step(
        teamA,
        act(teamA, 'dispose', { reworkCount: 1, note: 'Bags removed', photoIds: [PHOTO] }),
      ),
      step(center, act(center, 'request-check', {})),
      step(supervisor, act(supervisor, 'check', { reworkCount: 1, outcome: 'pass' })),
      step(center, act(center, 'close', {})),
    ];

    const run = replay(newCase(), steps);

    expect(run.results.map((r) => (r.ok ? 'ok' : r.reason.code))).toEqual(steps.map(() => 'ok'));
    expect(run.states).toEqual([
      'accepted',
      'verifying',
      'verified',
      'dispatched',
      'assigned',
      'disposed',
      'checking',
      'check-failed',
      'assigned',
      'disposed',
      'checking',
      'checked',
      'closed',
    ]);
    expect(run.view).toMatchObject({
      dispatchedTo: HOME_DISTRICT,
      teamId: teamA.teamId,
      reworkCount: 1,
    });
  });

  it('replaces the category when the supervisor corrects it on site', () => {
    const correction = { major: 'street-vendor', minor: 'street-stall' };
    const action = act(supervisor, 'verify', { outcome: 'correct-category', category: correction });

    const run = replay(newCase({ state: 'verifying' }), [step(supervisor, action)]);

    expect(run.view.state).toBe('verified');
    expect(run.view.category).toEqual(correction);
  });

  it('cancels the case when the supervisor finds nothing on site', () => {
    const action = act(supervisor, 'verify', { outcome: 'nothing-found', note: 'Already gone' });

    const result = applyAction(newCase({ state: 'verifying' }), action, supervisor);

    expect(result).toMatchObject({
      ok: true,
      next: 'cancelled',
      effects: { note: 'Already gone' },
    });
  });

  it('lets the centre send a disposal back without a check when the photos show it undone', () => {
    const disposed = newCase({
      state: 'disposed',
      dispatchedTo: HOME_DISTRICT,
      teamId: 'teamalpha001',
    });

    const result = applyAction(
      disposed,
      act(center, 'return', { reason: 'Photo shows rubbish' }),
      center,
    );

    expect(result).toMatchObject({
      ok: true,
      next: 'assigned',
      effects: { changes: { reworkCount: 1 } },
    });
  });

  it('releases the first team when the district reassigns the case', () => {
    const assigned = newCase({
      state: 'assigned',
      dispatchedTo: HOME_DISTRICT,
      teamId: teamA.teamId,
    });

    const result = applyAction(assigned, act(changan, 'assign', { teamId: teamB.teamId }), changan);

    expect(result).toMatchObject({
      ok: true,
      next: 'assigned',
      effects: { changes: { teamId: teamB.teamId }, releasedTeamId: teamA.teamId },
    });
  });

  it('moves a dispatched case to another district platform, which may then assign it', () => {
    const steps: Step[] = [
      step(center, act(center, 'dispatch', { district: OTHER_DISTRICT })),
      step(qiaoxi, act(qiaoxi, 'assign', { teamId: teamB.teamId })),
    ];

    const run = replay(newCase({ state: 'dispatched', dispatchedTo: HOME_DISTRICT }), steps);

    expect(run.states).toEqual(['dispatched', 'assigned']);
    expect(run.view.dispatchedTo).toBe(OTHER_DISTRICT);
  });

  it('lets a citizen withdraw their report before it is accepted', () => {
    const result = applyAction(
      newCase(),
      act(citizen, 'cancel', { reason: 'Sent twice' }),
      citizen,
    );

    expect(result).toMatchObject({ ok: true, next: 'cancelled' });
  });

  it('lets the intake worker reject a received report', () => {
    const result = applyAction(
      newCase(),
      act(intake, 'reject', { reason: 'Outside hours' }),
      intake,
    );

    expect(result).toMatchObject({ ok: true, next: 'rejected' });
  });

  it('records which case a duplicate repeats', () => {
    const action = act(center, 'mark-duplicate', { of: OTHER_CASE_ID });

    const result = applyAction(newCase({ state: 'accepted' }), action, center);

    expect(result).toMatchObject({
      ok: true,
      next: 'duplicate',
      effects: { changes: { duplicateOf: OTHER_CASE_ID } },
    });
  });

  it('lets the centre cancel a case that is with a team', () => {
    const assigned = newCase({
      state: 'assigned',
      dispatchedTo: HOME_DISTRICT,
      teamId: teamA.teamId,
    });

    const result = applyAction(assigned, act(center, 'cancel', { reason: 'Road works' }), center);

    expect(result).toMatchObject({ ok: true, next: 'cancelled' });
  });
});
