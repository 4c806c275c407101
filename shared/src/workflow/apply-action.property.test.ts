import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseState } from '../docs.ts';
import { ERROR_MESSAGES, type ErrorCode } from '../errors.ts';
import type { ActionKind } from './actions.ts';
import { applyAction, type ActionResult } from './apply-action.ts';
import { advanceView, type CaseView } from './case-view.ts';
import { inScope, type Role } from './roles.ts';
import { reachableStates, TRANSITIONS } from './state-machine.ts';
import { DISTRICTS, planStep, stepPlanArb, type StepPlan } from './test-arbitraries.ts';
import { newCase, replay, type Step } from './test-fixtures.ts';

/** Written out by hand rather than taken from the table, so the table is checked against them. */
const ALL_STATES: readonly CaseState[] = [
  'received',
  'accepted',
  'rejected',
  'verifying',
  'verified',
  'dispatched',
  'assigned',
  'disposed',
  'checking',
  'checked',
  'check-failed',
  'closed',
  'cancelled',
  'duplicate',
];
const TERMINAL: readonly CaseState[] = ['closed', 'cancelled', 'rejected', 'duplicate'];
const KINDS_BY_ROLE: Record<Role, readonly ActionKind[]> = {
  'center-dispatcher': [
    'accept',
    'reject',
    'cancel',
    'mark-duplicate',
    'request-verify',
    'dispatch',
    'request-check',
    'return',
    'close',
  ],
  'district-dispatcher': ['assign'],
  supervisor: ['verify', 'check'],
  'disposal-team': ['dispose'],
  citizen: ['cancel'],
  system: ['reject'],
};
/**
 * Every step the closed loop allows, `from kind[:outcome] to`, written out by hand from the
 * process description, so that a row slipped into the table (a shortcut to `closed`, say)
 * fails here instead of being checked against itself.
 */
const ALLOWED_STEPS: ReadonlySet<string> = new Set([
  'received accept accepted',
  'received reject rejected',
  'accepted request-verify verifying',
  'verifying verify:confirm verified',
  'verifying verify:correct-category verified',
  'verifying verify:nothing-found cancelled',
  'verified dispatch dispatched',
  'dispatched dispatch dispatched',
  'dispatched assign assigned',
  'assigned assign assigned',
  'assigned dispose disposed',
  'disposed request-check checking',
  'disposed return assigned',
  'checking check:pass checked',
  'checking check:fail check-failed',
  'checked close closed',
  'checked return assigned',
  'check-failed return assigned',
  ...['received', 'accepted', 'verifying'].map((from) => `${from} mark-duplicate duplicate`),
  ...ALL_STATES.filter((state) => !TERMINAL.includes(state)).map(
    (from) => `${from} cancel cancelled`,
  ),
]);
const REFUSAL_CODES: readonly ErrorCode[] = [
  'action-malformed',
  'action-not-allowed-in-state',
  'action-superseded',
  'role-not-allowed',
  'out-of-scope',
  'forbidden',
];

function outcomeIn(action: unknown): unknown {
  const { kind, payload } = action as { kind: ActionKind; payload: { outcome?: unknown } };
  return kind === 'verify' || kind === 'check' ? payload.outcome : undefined;
}

interface Seen {
  states: Set<CaseState>;
  codes: Set<ErrorCode>;
}

const REACHABLE = reachableStates();

/** Applies one step, checks it, and returns the result and the case after it. */
function checkStep(view: CaseView, step: Step, seen: Seen): [ActionResult, CaseView] {
  const before = structuredClone(view);
  const result = applyAction(view, step.action, step.scope);
  expect(view).toEqual(before);

  if (!result.ok) {
    seen.codes.add(result.reason.code);
    expect(REFUSAL_CODES).toContain(result.reason.code);
    expect(result.reason.message).toBe(ERROR_MESSAGES[result.reason.code]);
    return [result, view];
  }

  const { kind } = step.action as { kind: ActionKind };
  const rows = TRANSITIONS.filter(
    (row) => row.from === view.state && row.kind === kind && row.outcome === outcomeIn(step.action),
  );
  expect(TERMINAL).not.toContain(view.state);
  const outcome = outcomeIn(step.action);
  const stepKey = `${view.state} ${kind}${outcome === undefined ? '' : `:${String(outcome)}`}`;
  expect(ALLOWED_STEPS).toContain(`${stepKey} ${result.next}`);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.to).toBe(result.next);
  expect(rows[0]!.roles).toContain(step.scope.role);
  expect(KINDS_BY_ROLE[step.scope.role]).toContain(kind);
  expect(inScope(step.scope, view)).toBe(true);
  expect(ALL_STATES).toContain(result.next);
  expect(REACHABLE.has(result.next)).toBe(true);
  seen.states.add(result.next);
  return [result, advanceView(view, result.next, result.effects.changes)];
}

/**
 * Plays generated sequences from a received case, checking every step, then replays each
 * sequence and expects the very same results. Returns what the sequences reached.
 */
function playSequences(parameters: fc.Parameters<[CaseView, StepPlan[]]>): Seen {
  const seen: Seen = { states: new Set(['received']), codes: new Set() };
  const startArb = fc.constantFrom(...DISTRICTS).map((district) => newCase({ district }));
  const plansArb = fc.array(stepPlanArb, {
    minLength: 10,
    maxLength: 60,
    size: 'max',
  });

  fc.assert(
    fc.property(startArb, plansArb, (start, plans) => {
      let view = start;
      const steps: Step[] = [];
      const results: ActionResult[] = [];
      for (const plan of plans) {
        const step = planStep(view, plan);
        const [result, after] = checkStep(view, step, seen);
        steps.push(step);
        results.push(result);
        view = after;
      }

      const again = replay(start, steps);
      expect(again.results).toEqual(results);
      expect(again.view).toEqual(view);
    }),
    parameters,
  );
  return seen;
}

describe('any sequence of actions from anyone', () => {
  it('only takes transitions in the table, never leaves an end state, and replays alike', () => {
    playSequences({ numRuns: 200 });
  });

  // With a fixed seed so that this check of the generators themselves never flakes.
  it('drives cases into every state and into every kind of refusal', () => {
    const seen = playSequences({ numRuns: 200, seed: 20200507 });

    expect([...seen.states].sort()).toEqual([...ALL_STATES].sort());
    expect([...seen.codes].sort()).toEqual([...REFUSAL_CODES].sort());
  });

  it('reaches every state in the table, and nothing leaves a terminal state', () => {
    expect([...reachableStates()].sort()).toEqual([...ALL_STATES].sort());
    expect(TRANSITIONS.filter((row) => TERMINAL.includes(row.from))).toEqual([]);
  });
});
