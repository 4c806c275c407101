import type { CaseState } from '../docs.ts';
import { reason, type ErrorCode, type Reason } from '../errors.ts';
import { parseAction } from './action-schema.ts';
import { noteOf, outcomeOf, photoIdsOf, type ActionDoc } from './actions.ts';
import type { CaseView, WorkflowChanges } from './case-view.ts';
import { inScope, type ActorScope } from './roles.ts';
import { findTransition, roleMayEver, STATE_PHRASES } from './state-machine.ts';

/**
 * Applying one action to one case: a pure decision, so the same case and the same actions in
 * the same order always end the same way.
 *
 * Order: actions are applied in the order the workflow worker receives them from the server's
 * databases, never by the device's `at` (device clocks drift, and an offline phone's action
 * may arrive hours late). When two devices acted on the same step while offline, the first to
 * arrive wins and the later one is refused with the state it found: a second disposal for the
 * same assignment gets 'action-not-allowed-in-state' ("it is now disposed and waiting to be
 * checked"); a disposal or check made for an earlier round of rework gets 'action-superseded';
 * a disposal from a team the case was reassigned away from gets 'out-of-scope'.
 *
 * Checks run from the most permanent to the most circumstantial, and a refusal names the
 * first that fails: malformed, written as someone else, a role that can never do this, out of
 * the actor's reach (before the state, so a person learns nothing about cases beyond their
 * reach), not allowed in the current state, then the kind's own guards.
 *
 * The worker must still skip action ids it has already applied or refused (CaseEvent.actionId):
 * a repeated delivery would otherwise be judged again against the state it caused.
 */
export interface ActionEffects {
  /** Fields of the case that change besides the state. */
  changes: WorkflowChanges;
  /** The reason or note the actor gave, for the history entry. */
  note?: string;
  /** Photos the actor attached (verification, disposal, check), to link to the case. */
  photoIds: readonly string[];
  /** A team the case was reassigned away from: its task must be withdrawn. */
  releasedTeamId?: string;
}

export type ActionResult =
  { ok: true; next: CaseState; effects: ActionEffects } | { ok: false; reason: Reason };

function refuse(code: ErrorCode, detail?: string): ActionResult {
  return { ok: false, reason: reason(code, detail) };
}

function movedOn(view: CaseView, detail = `it is now ${STATE_PHRASES[view.state]}`): ActionResult {
  return refuse('action-not-allowed-in-state', detail);
}

/** Checks that depend on the payload and the case together, after the table allowed the step. */
function guardRefusal(view: CaseView, action: ActionDoc): ActionResult | undefined {
  switch (action.kind) {
    case 'mark-duplicate':
      if (action.payload.of === view.caseId) {
        return refuse('action-malformed', 'payload.of: a case cannot duplicate itself');
      }
      return undefined;
    case 'dispatch':
      if (action.payload.district === view.dispatchedTo) {
        return movedOn(view, `it is already with the ${view.dispatchedTo} platform`);
      }
      return undefined;
    case 'assign':
      if (action.payload.teamId === view.teamId) {
        return movedOn(view, 'it is already assigned to that team');
      }
      return undefined;
    case 'dispose':
    case 'check':
      return roundRefusal(view, action.payload.reworkCount);
    default:
      return undefined;
  }
}

function roundRefusal(view: CaseView, round: number): ActionResult | undefined {
  if (round < view.reworkCount) {
    return refuse(
      'action-superseded',
      `it answers round ${round + 1}; the case is in round ${view.reworkCount + 1}`,
    );
  }
  if (round > view.reworkCount) {
    return refuse('action-malformed', 'payload.reworkCount: names a round not reached yet');
  }
  return undefined;
}

function changesOf(view: CaseView, action: ActionDoc): WorkflowChanges {
  switch (action.kind) {
    case 'verify':
      return action.payload.outcome === 'correct-category'
        ? { category: { ...action.payload.category } }
        : {};
    case 'dispatch':
      return { dispatchedTo: action.payload.district };
    case 'assign':
      return { teamId: action.payload.teamId };
    case 'return':
      return { reworkCount: view.reworkCount + 1 };
    case 'mark-duplicate':
      return { duplicateOf: action.payload.of };
    default:
      return {};
  }
}

function effectsOf(view: CaseView, action: ActionDoc): ActionEffects {
  const effects: ActionEffects = {
    changes: changesOf(view, action),
    photoIds: [...photoIdsOf(action)],
  };
  const note = noteOf(action);
  if (note !== undefined) effects.note = note;
  if (action.kind === 'assign' && view.teamId !== undefined) effects.releasedTeamId = view.teamId;
  return effects;
}

/**
 * Judges `doc` (an action document as it arrived, unchecked) against the case, for the actor
 * the server knows from the database the action came from. Refusals leave the case as it was.
 */
export function applyAction(view: CaseView, doc: unknown, scope: ActorScope): ActionResult {
  const parsed = parseAction(doc);
  if (!parsed.ok) return parsed;
  const action = parsed.action;
  if (action.caseId !== view.caseId) return refuse('action-malformed', 'caseId: another case');

  if (action.actor.principalId !== scope.principalId) {
    return refuse('forbidden', 'the action was written in the name of someone else');
  }
  if (action.actor.role !== scope.role) {
    return refuse('role-not-allowed', `this account now acts as ${scope.role}`);
  }
  if (!roleMayEver(action.kind, scope.role)) {
    return refuse('role-not-allowed', `${scope.role} cannot ${action.kind} a case`);
  }

  if (!inScope(scope, view)) return refuse('out-of-scope');

  const transition = findTransition(view.state, action.kind, outcomeOf(action));
  if (!transition || !transition.roles.includes(scope.role)) return movedOn(view);

  const refusal = guardRefusal(view, action);
  if (refusal) return refusal;

  return { ok: true, next: transition.to, effects: effectsOf(view, action) };
}
