import type { Reason } from '../errors.ts';
import type { CaseState, GeoPoint, PhotoRef } from '../docs.ts';
import type { ActionKind, CategoryCodes } from './actions.ts';

/**
 * What staff devices receive from the workflow worker, in their own database.
 *
 * A task is a case as the people working on it may see it: what and where the problem is,
 * where the case stands, its deadline, and what was done and refused so far. It carries
 * nothing that identifies the citizen: no phone number, no principal id, and phone-like
 * digits in the description are blanked out (redactPhoneNumbers).
 */
export interface TaskEvent {
  state: CaseState;
  at: string;
  /** The staff member who acted, or a worker name. */
  by: string;
  actionId?: string;
  note?: string;
  reason?: Reason;
  photoIds?: string[];
}

/** An action the worker did not apply, kept on the task so every holder sees why. */
export interface TaskRefusal {
  actionId: string;
  kind: ActionKind;
  by: string;
  at: string;
  reason: Reason;
}

/** `_id` is `task-<caseId>`. */
export interface TaskDoc {
  _id: string;
  type: 'task';
  caseId: string;
  caseNumber?: string;
  state: CaseState;
  category: CategoryCodes;
  description: string;
  location: GeoPoint;
  district?: string;
  dispatchedTo?: string;
  teamId?: string;
  reworkCount: number;
  duplicateOf?: string;
  /** The citizen's photos, already stripped of metadata by the photo worker. */
  photos: PhotoRef[];
  /** When the current stage must be done; absent for finished cases. */
  deadline?: string;
  overdue: boolean;
  history: TaskEvent[];
  refusals: TaskRefusal[];
  /** True once the case left this person's reach (re-assigned, re-dispatched). */
  withdrawn: boolean;
  updatedAt: string;
}

/** `_id` is `outcome-<actionId>`: the worker's answer to one action, in the actor's database. */
export interface OutcomeDoc {
  _id: string;
  type: 'outcome';
  actionId: string;
  caseId: string;
  kind: string;
  result: 'applied' | 'refused';
  reason?: Reason;
  /** The case's state after the action was judged (unknown cases: absent). */
  state?: CaseState;
  at: string;
}

export function taskIdFor(caseId: string): string {
  return `task-${caseId}`;
}

export function outcomeIdFor(actionId: string): string {
  return `outcome-${actionId}`;
}

/**
 * Staff photos share the outbox's `photo-<reportId>-<index>` ids with the citizen's; numbering
 * them from here keeps them apart from the citizen's (at most MAX_PHOTOS_PER_REPORT).
 */
export const FIRST_STAFF_PHOTO_INDEX = 100;
