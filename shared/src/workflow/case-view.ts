import type { CaseDoc, CaseState } from '../docs.ts';

/**
 * The part of a case the state machine reads: its state and who holds it. The workflow
 * worker builds it from the stored case; tests and simulators build it directly.
 */
export interface CaseView {
  caseId: string;
  state: CaseState;
  citizenPrincipalId: string;
  category: { major: string; minor: string };
  /** The district the problem lies in (from coverage): a supervisor's reach. */
  district?: string;
  /** The district platform holding the case: a district dispatcher's reach. */
  dispatchedTo?: string;
  /** The disposal team holding the case: a team's reach. */
  teamId?: string;
  /** Times the case was sent back for rework (返工); a disposal or check names its round. */
  reworkCount: number;
  duplicateOf?: string;
}

/** The fields an applied action may change besides the state, named as on CaseDoc. */
export type WorkflowChanges = Partial<
  Pick<CaseView, 'category' | 'dispatchedTo' | 'teamId' | 'reworkCount' | 'duplicateOf'>
>;

export function caseViewOf(doc: CaseDoc): CaseView {
  const view: CaseView = {
    caseId: doc._id,
    state: doc.state,
    citizenPrincipalId: doc.citizen.principalId,
    category: { ...doc.category },
    reworkCount: doc.reworkCount ?? 0,
  };
  if (doc.district !== undefined) view.district = doc.district;
  if (doc.dispatchedTo !== undefined) view.dispatchedTo = doc.dispatchedTo;
  if (doc.teamId !== undefined) view.teamId = doc.teamId;
  if (doc.duplicateOf !== undefined) view.duplicateOf = doc.duplicateOf;
  return view;
}

/**
 * The case after an applied action. The worker does the same to the stored case
 * (`{ ...doc, ...changes, state: next }`) and appends the history entry.
 */
export function advanceView(view: CaseView, next: CaseState, changes: WorkflowChanges): CaseView {
  return { ...view, ...changes, state: next };
}
