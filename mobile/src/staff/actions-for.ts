import type { CaseState } from '@smt/shared/docs';
import type { ActionKind } from '@smt/shared/workflow/actions';
import type { StaffRole } from '@smt/shared/workflow/staff';
import { TRANSITIONS } from '@smt/shared/workflow/state-machine';

/**
 * The action kinds a role may take on a case in a state, read from the state machine's own
 * table so the buttons never offer what the workflow worker would refuse for that reason.
 * The worker still decides: the case may have moved on before the action arrives.
 */
export function actionsFor(state: CaseState, role: StaffRole): ActionKind[] {
  const kinds = TRANSITIONS.filter((row) => row.from === state && row.roles.includes(role)).map(
    (row) => row.kind,
  );
  return [...new Set(kinds)];
}

/** Kinds that end or side-track a case; the console shows them after the main step. */
const SIDE_KINDS: readonly ActionKind[] = ['reject', 'cancel', 'mark-duplicate', 'return'];

export function isSideAction(kind: ActionKind): boolean {
  return SIDE_KINDS.includes(kind);
}
