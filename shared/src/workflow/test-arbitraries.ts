import fc from 'fast-check';
import type { CaseState } from '../docs.ts';
import { ACTION_KINDS, type ActionKind, type ActionPayloads } from './actions.ts';
import type { CaseView } from './case-view.ts';
import { ROLES, type ActorScope, type Role } from './roles.ts';
import { TRANSITIONS, type Transition } from './state-machine.ts';
import {
  act,
  HOME_DISTRICT,
  OTHER_CASE_ID,
  OTHER_DISTRICT,
  PEOPLE,
  PHOTO,
  TEST_CASE_ID,
  type Step,
} from './test-fixtures.ts';

/**
 * Generators for property tests of the workflow: plans for steps that are either random
 * (any kind, anyone, any payload fields, now and then not an action at all) or guided by the
 * table from the case's current state, twisted now and then to break one rule.
 */
const ABANDONED: readonly CaseState[] = ['cancelled', 'rejected', 'duplicate'];

export const DISTRICTS = [HOME_DISTRICT, OTHER_DISTRICT];
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
  // Mostly honest steps that keep the case open, or few runs would get deep into the loop.
  twist: fc.oneof(
    { weight: 8, arbitrary: fc.constant('none' as const) },
    fc.constantFrom('scope' as const, 'role' as const, 'round' as const),
  ),
  keepOnward: fc.nat(11).map((n) => n > 0),
});

type RandomPlan = typeof randomStepArb extends fc.Arbitrary<infer T> ? T : never;
type GuidedPlan = typeof guidedStepArb extends fc.Arbitrary<infer T> ? T : never;
export type StepPlan = RandomPlan | GuidedPlan;

export const stepPlanArb: fc.Arbitrary<StepPlan> = fc.oneof(
  { weight: 3, arbitrary: guidedStepArb },
  randomStepArb,
);

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
        ? {
            outcome: 'correct-category',
            category: { major: 'street-vendor', minor: 'street-stall' },
          }
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

/** A role the row does not allow; preferably one allowed the same kind in another state. */
function wrongRole(row: Transition, pick: number): Role {
  const others = ROLES.filter((role) => !row.roles.includes(role));
  const elsewhere = others.filter((role) =>
    TRANSITIONS.some((other) => other.kind === row.kind && other.roles.includes(role)),
  );
  const pool = elsewhere.length > 0 ? elsewhere : others;
  return pool[pick % pool.length]!;
}

/** A step the table allows from the current state, twisted now and then to break one rule. */
function guidedStep(view: CaseView, plan: GuidedPlan): Step {
  const all = TRANSITIONS.filter((row) => row.from === view.state);
  const onward = all.filter((row) => !ABANDONED.includes(row.to));
  const ending = all.filter((row) => ABANDONED.includes(row.to));
  const rows = plan.keepOnward ? onward : ending;
  if (rows.length === 0) {
    return { action: act(PEOPLE.center, 'cancel', { reason: 'Again' }), scope: PEOPLE.center };
  }
  const row = rows[plan.pick % rows.length]!;
  const allowed = row.roles[Math.floor(plan.pick / rows.length) % row.roles.length]!;
  const role = plan.twist === 'role' ? wrongRole(row, plan.pick) : allowed;
  const scope = scopeFor(role, view, plan.twist === 'scope');
  const round = plan.twist === 'round' ? (view.reworkCount + 1 + plan.pick) % 3 : view.reworkCount;
  return { action: act(scope, row.kind, payloadFor(row, view, plan.pick, round) as never), scope };
}

function randomStep(plan: RandomPlan): Step {
  if (plan.garbage !== null) return { action: plan.garbage, scope: plan.scope };
  const claimed = plan.claimedBy ?? plan.scope;
  return { action: act(claimed, plan.kind, plan.payload as never), scope: plan.scope };
}

/** The concrete step a plan makes for the case as it is now. */
export function planStep(view: CaseView, plan: StepPlan): Step {
  return plan.mode === 'guided' ? guidedStep(view, plan) : randomStep(plan);
}
