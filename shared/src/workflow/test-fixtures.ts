import type { ActionDoc, ActionKind, ActionPayloads } from './actions.ts';
import { applyAction, type ActionResult } from './apply-action.ts';
import { advanceView, type CaseView } from './case-view.ts';
import type { ActorScope } from './roles.ts';

/**
 * Builders for workflow tests and simulators: a case, the people around it, and their
 * actions. Not used by the platform itself.
 */
export const TEST_CASE_ID = `case-r${'0123456789abcdefghijklmnop'}`;
export const OTHER_CASE_ID = `case-r${'zyxwvutsrqponmlkjihgfedcba'}`;
export const HOME_DISTRICT = '长安区';
export const OTHER_DISTRICT = '桥西区';

export const PEOPLE = {
  center: { role: 'center-dispatcher', principalId: 'centerdesk01' },
  changan: { role: 'district-dispatcher', principalId: 'changandesk1', district: HOME_DISTRICT },
  qiaoxi: { role: 'district-dispatcher', principalId: 'qiaoxidesk01', district: OTHER_DISTRICT },
  supervisor: { role: 'supervisor', principalId: 'supervisor01', districts: [HOME_DISTRICT] },
  outsider: { role: 'supervisor', principalId: 'supervisor02', districts: [OTHER_DISTRICT] },
  teamA: { role: 'disposal-team', principalId: 'memberalpha1', teamId: 'teamalpha001' },
  teamA2: { role: 'disposal-team', principalId: 'memberalpha2', teamId: 'teamalpha001' },
  teamB: { role: 'disposal-team', principalId: 'memberbravo1', teamId: 'teambravo001' },
  citizen: { role: 'citizen', principalId: 'citizen00001' },
  stranger: { role: 'citizen', principalId: 'citizen00002' },
  intake: { role: 'system', principalId: 'intake' },
} as const satisfies Record<string, ActorScope>;

export function newCase(overrides: Partial<CaseView> = {}): CaseView {
  return {
    caseId: TEST_CASE_ID,
    state: 'received',
    citizenPrincipalId: PEOPLE.citizen.principalId,
    category: { major: 'garbage', minor: 'exposed-garbage' },
    district: HOME_DISTRICT,
    reworkCount: 0,
    ...overrides,
  };
}

let nextActionNumber = 0;

/** Ids in the device's shape, numbered so that a failing test names a readable id. */
export function nextActionId(): string {
  nextActionNumber += 1;
  return `action-${String(nextActionNumber).padStart(26, '0')}`;
}

/** An action by `scope`'s person, claiming their own identity and role. */
export function act<K extends ActionKind>(
  scope: ActorScope,
  kind: K,
  payload: ActionPayloads[K],
  caseId: string = TEST_CASE_ID,
): ActionDoc {
  return {
    _id: nextActionId(),
    type: 'action',
    caseId,
    kind,
    actor: { principalId: scope.principalId, role: scope.role },
    at: '2024-07-15T09:00:00+08:00',
    payload,
  } as ActionDoc;
}

export interface Step {
  action: unknown;
  scope: ActorScope;
}

export interface Replay {
  view: CaseView;
  results: ActionResult[];
  states: CaseView['state'][];
}

/** Applies steps in order, as the workflow worker does, advancing the case on each success. */
export function replay(start: CaseView, steps: readonly Step[]): Replay {
  let view = start;
  const results: ActionResult[] = [];
  const states: CaseView['state'][] = [];
  for (const { action, scope } of steps) {
    const result = applyAction(view, action, scope);
    if (result.ok) view = advanceView(view, result.next, result.effects.changes);
    results.push(result);
    states.push(view.state);
  }
  return { view, results, states };
}

export const PHOTO = 'photo-after-1';
