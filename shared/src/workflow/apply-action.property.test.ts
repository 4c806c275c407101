import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseState } from '../docs.ts';
import { ERROR_MESSAGES, type ErrorCode } from '../errors.ts';
import { ACTION_KINDS, type ActionKind, type ActionPayloads } from './actions.ts';
import { applyAction } from './apply-action.ts';
import { advanceView, type CaseView } from './case-view.ts';
import { inScope, type ActorScope, type Role } from './roles.ts';
import { reachableStates, TRANSITIONS, type Transition } from './state-machine.ts';
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
  type Step,
} from './test-fixtures.ts';

/** Written out by hand rather than taken from the table, so the table is checked against them. */
const ALL_STATES: readonly CaseState[] = [
  'received', 'accepted', 'rejected', 'verifying', 'verified', 'dispatched', 'assigned',
  'disposed', 'checking', 'checked', 'check-failed', 'closed', 'cancelled', 'duplicate',
];
const TERMINAL: readonly CaseState[] = ['closed', 'cancelled', 'rejected', 'duplicate'];
const KINDS_BY_ROLE: Record<Role, readonly ActionKind[]> = {
  'center-dispatcher': [
    'accept', 'reject', 'cancel', 'mark-duplicate', 'request-verify', 'dispatch',
    'request-check', 'return', 'close',
  ],
  'district-dispatcher': ['assign'],
  supervisor: ['verify', 'check'],
  'disposal-team': ['dispose'],
  citizen: ['cancel'],
  system: ['reject'],
};
const REFUSAL_CODES: readonly ErrorCode[] = [
  'action-malformed', 'action-not-allowed-in-state', 'action-superseded', 'role-not-allowed',
  'out-of-scope', 'forbidden',
];

const DISTRICTS = [HOME_DISTRICT, OTHER_DISTRICT];
const TEAMS = ['teamalpha001', 'teambravo001'];
const CITIZENS = ['citizen00001', 'citizen00002'];

const scopeArb: fc.Arbitrary<ActorScope> = fc.oneof(
  fc.constant(PEOPLE.center),
  fc.constantFrom(...DISTRICTS).map((district) => ({
    role: 'district-dispatcher' as const,
    principalId: 'districtdesk',
    district,
  })),
  fc.subarray(DISTRICTS).map((districts) => ({
    role: 'supervisor' as const,
    principalId: 'supervisor01',
    districts,
  })),
  fc.constantFrom(...TEAMS).map((teamId) => ({
    role: 'disposal-team' as const,
    principalId: 'memberalpha1',
    teamId,
  })),
  fc.constantFrom(...CITIZENS).map((principalId) => ({ role: 'citizen' as const, principalId })),
  fc.constant(PEOPLE.intake),
);

/** Any subset of every payload field, so a kind gets what it needs only some of the time. */
const payloadArb = fc.record(
  {
    note: fc.constantFrom('Done', ' '),
    reason: fc.constantFrom('Not ours', ''),
    of: fc.constantFrom(TEST_CASE_ID, OTHER_CASE_ID),
    district: fc.constantFrom(...DISTRICTS),
    teamId: fc.constantFrom(...TEAMS),
    reworkCount: fc.nat(2),
    outcome: fc.constantFrom('confirm', 'correct-category', 'nothing-found', 'pass', 'fail'),
    category: fc.constantFrom(
      { major: 'road-barbecue', minor: 'mobile-barbecue-stall' },
      { major: 'garbage', minor: 'street-stall' },
    ),
    photoIds: fc.constantFrom([], [PHOTO]),
  },
  { requiredKeys: [] },
);

const randomStepArb = fc.record({
  mode: fc.constant('random' as const),
  kind: fc.constantFrom(...ACTION_KINDS),
  scope: scopeArb,
  claimedBy: fc.option(scopeArb, { freq: 4 }),
  payload: payloadArb,
  garbage: fc.option(fc.anything(), { freq: 10 }),
});

const guidedStepArb = fc.record({
  mode: fc.constant('guided' as const),
  pick: fc.nat(),
  twist: fc.constantFrom('none', 'none', 'none', 'none', 'none', 'scope', 'role', 'round'),
  // Mostly steps that keep the case open, or few runs would get past the first cancel.
  keepOpen: fc.boolean({ freq: 6 }).map((ending) => !ending),
});

type StepPlan = typeof randomStepArb extends fc.Arbitrary<infer T> ? T : never;
type GuidedPlan = typeof guidedStepArb extends fc.Arbitrary<infer T> ? T : never;

/** The person a row expects, reaching the case; or, twisted, someone out of reach. */
function scopeFor(role: Role, view: CaseView, outOfReach: boolean): ActorScope {
  const other = <T>(pool: readonly T[], value: T | undefined) =>
    outOfReach ? pool.find((v) => v !== value)! : (value ?? pool[0]!);
  switch (role) {
    case 'center-dispatcher':
      return PEOPLE.center;
    case 'district-dispatcher':
      return { role, principalId: 'districtdesk', district: other(DISTRICTS, view.dispatchedTo) };
    case 'supervisor':
      return { role, principalId: 'supervisor01', districts: [other(DISTRICTS, view.district)] };
    case 'disposal-team':
      return { role, principalId: 'memberalpha1', teamId: other(TEAMS, view.teamId) };
    case 'citizen':
      return { role, principalId: other(CITIZENS, view.citizenPrincipalId) };
    case 'system':
      return PEOPLE.intake;
  }
}

function payloadFor(row: Transition, view: CaseView, pick: number, round: number): unknown {
  const payloads: { [K in ActionKind]: () => ActionPayloads[K] } = {
    accept: () => ({}),
    reject: () => ({ reason: 'Not covered' }),
    cancel: () => ({ reason: 'Withdrawn' }),
    'mark-duplicate': () => ({ of: OTHER_CASE_ID }),
    'request-verify': () => ({}),
    verify: () =>
      row.outcome === 'correct-category'
        ? { outcome: 'correct-category', category: { major: 'street-vendor', minor: 'street-stall' } }
        : { outcome: row.outcome as 'confirm' | 'nothing-found', note: 'Seen' },
    dispatch: () => ({ district: DISTRICTS[pick % DISTRICTS.length]! }),
    assign: () => ({ teamId: TEAMS[pick % TEAMS.length]! }),
    dispose: () => ({ reworkCount: round, note: 'Done', photoIds: [PHOTO] }),
    'request-check': () => ({}),
    check: () => ({ reworkCount: round, outcome: row.outcome as 'pass' | 'fail', note: 'Looked' }),
    return: () => ({ reason: 'Not done' }),
    close: () => ({}),
  };
  return payloads[row.kind]();
}

/** A step the table allows from the current state, twisted now and then to break one rule. */
function guidedStep(view: CaseView, plan: GuidedPlan): Step {
  const open = TRANSITIONS.filter((row) => row.from === view.state && !TERMINAL.includes(row.to));
  const all = TRANSITIONS.filter((row) => row.from === view.state);
  const rows = plan.keepOpen && open.length > 0 ? open : all;
  if (rows.length === 0) {
    return { action: act(PEOPLE.center, 'cancel', { reason: 'Again' }), scope: PEOPLE.center };
  }
  const row = rows[plan.pick % rows.length]!;
  const allowed = row.roles[Math.floor(plan.pick / rows.length) % row.roles.length]!;
  const role = plan.twist === 'role' ? (allowed === 'supervisor' ? 'citizen' : 'supervisor') : allowed;
  const scope = scopeFor(role, view, plan.twist === 'scope');
  const round = plan.twist === 'round' ? (view.reworkCount + 1 + plan.pick) % 3 : view.reworkCount;
  return { action: act(scope, row.kind, payloadFor(row, view, plan.pick, round) as never), scope };
}

function randomStep(plan: StepPlan): Step {
  if (plan.garbage !== null) return { action: plan.garbage, scope: plan.scope };
  const claimed = plan.claimedBy ?? plan.scope;
  return { action: act(claimed, plan.kind, plan.payload as never), scope: plan.scope };
}

function outcomeIn(action: unknown): unknown {
  const { kind, payload } = action as { kind: ActionKind; payload: { outcome?: unknown } };
  return kind === 'verify' || kind === 'check' ? payload.outcome : undefined;
}

const seenStates = new Set<CaseState>();
const seenCodes = new Set<ErrorCode>();

function checkStep(view: CaseView, step: Step): CaseView {
  const before = structuredClone(view);
  const result = applyAction(view, step.action, step.scope);
  expect(view).toEqual(before);

  if (!result.ok) {
    seenCodes.add(result.reason.code);
    expect(REFUSAL_CODES).toContain(result.reason.code);
    expect(result.reason.message).toBe(ERROR_MESSAGES[result.reason.code]);
    return view;
  }

  const { kind } = step.action as { kind: ActionKind };
  const rows = TRANSITIONS.filter(
    (row) => row.from === view.state && row.kind === kind && row.outcome === outcomeIn(step.action),
  );
  expect(TERMINAL).not.toContain(view.state);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.to).toBe(result.next);
  expect(rows[0]!.roles).toContain(step.scope.role);
  expect(KINDS_BY_ROLE[step.scope.role]).toContain(kind);
  expect(inScope(step.scope, view)).toBe(true);
  expect(ALL_STATES).toContain(result.next);
  expect(reachableStates().has(result.next)).toBe(true);
  seenStates.add(result.next);
  return advanceView(view, result.next, result.effects.changes);
}

describe('any sequence of actions from anyone', () => {
  it('only ever takes transitions in the table, and refusals leave the case as it was', () => {
    const startArb = fc.constantFrom(...DISTRICTS).map((district) => newCase({ district }));
    const plansArb = fc.array(fc.oneof({ weight: 3, arbitrary: guidedStepArb }, randomStepArb), {
      maxLength: 60,
    });

    fc.assert(
      fc.property(startArb, plansArb, (start, plans) => {
        let view = start;
        const steps: Step[] = [];
        const results: unknown[] = [];
        for (const plan of plans) {
          const step = plan.mode === 'guided' ? guidedStep(view, plan) : randomStep(plan);
          steps.push(step);
          results.push(applyAction(view, step.action, step.scope));
          view = checkStep(view, step);
        }

        const again = replay(start, steps);
        expect(again.results).toEqual(results);
        expect(again.view).toEqual(view);
      }),
      { numRuns: 300 },
    );

    // The generators must actually drive cases everywhere, or the property proves little.
    expect([...seenStates, 'received'].sort()).toEqual([...ALL_STATES].sort());
    expect([...seenCodes].sort()).toEqual([...REFUSAL_CODES].sort());
  });

  it('reaches every state in the table, and nothing leaves a terminal state', () => {
    expect([...reachableStates()].sort()).toEqual([...ALL_STATES].sort());
    expect(TRANSITIONS.filter((row) => TERMINAL.includes(row.from))).toEqual([]);
  });
});
