import type { CaseDoc, OutcomeDoc, TaskDoc, TaskEvent } from '@smt/shared';
import {
  deadlineFor,
  isOverdue,
  principalDb,
  redactPhoneNumbers,
  stateEnteredAt,
  taskIdFor,
  type TimeLimitsConfig,
} from '@smt/shared';
import type { StaffMember } from '../auth/staff.ts';
import { createOnce, upsert, withoutMeta } from '../lib/couch-docs.ts';
import type { Store } from '../store/index.ts';
import { casesDb } from './case-store.ts';

/**
 * Projects a case out to the staff who work on it, as `task` documents in their databases.
 *
 * Who holds a task follows from the case: the centre holds every case, a district platform
 * the cases dispatched to it, a supervisor the cases in their area, a team member the cases
 * assigned to their team. Someone the case has left (re-assigned, re-dispatched) keeps a
 * withdrawn task, stripped to what their device needs to take it off the list.
 *
 * A task never carries the citizen: no phone, no principal id, and phone-like digits in the
 * description are blanked out. Writing the same case twice writes nothing.
 */
export function holdersOf(caseDoc: CaseDoc, staff: readonly StaffMember[]): string[] {
  const dbs = staff
    .filter(({ profile }) => {
      switch (profile.role) {
        case 'center-dispatcher':
          return true;
        case 'district-dispatcher':
          return caseDoc.dispatchedTo !== undefined && profile.district === caseDoc.dispatchedTo;
        case 'supervisor':
          return caseDoc.district !== undefined && profile.districts.includes(caseDoc.district);
        case 'disposal-team':
          return caseDoc.teamId !== undefined && profile.teamId === caseDoc.teamId;
      }
    })
    .map(({ principal }) => principalDb(principal.kind, principal.id, 'main'));
  return [...new Set(dbs)].sort();
}

export function taskFromCase(caseDoc: CaseDoc, now: Date, limits?: TimeLimitsConfig): TaskDoc {
  const enteredAt = stateEnteredAt(caseDoc.history, caseDoc.state) ?? caseDoc.updatedAt;
  const deadline = deadlineFor(caseDoc.state, caseDoc.category, enteredAt, limits);
  const timed = { state: caseDoc.state, category: caseDoc.category, stateEnteredAt: enteredAt };
  const task: TaskDoc = {
    _id: taskIdFor(caseDoc._id),
    type: 'task',
    caseId: caseDoc._id,
    state: caseDoc.state,
    category: { ...caseDoc.category },
    description: redactPhoneNumbers(caseDoc.description),
    location: { ...caseDoc.location },
    reworkCount: caseDoc.reworkCount ?? 0,
    photos: caseDoc.photos,
    overdue: caseDoc.overdue === true || isOverdue(timed, now, limits),
    history: caseDoc.history.map(taskEvent),
    refusals: (caseDoc.refusals ?? []).map((r) => ({
      actionId: r.actionId,
      kind: r.kind as TaskDoc['refusals'][number]['kind'],
      by: r.by,
      at: r.at,
      reason: r.reason,
    })),
    withdrawn: false,
    updatedAt: caseDoc.updatedAt,
  };
  if (caseDoc.caseNumber) task.caseNumber = caseDoc.caseNumber;
  if (caseDoc.district) task.district = caseDoc.district;
  if (caseDoc.dispatchedTo) task.dispatchedTo = caseDoc.dispatchedTo;
  if (caseDoc.teamId) task.teamId = caseDoc.teamId;
  if (caseDoc.duplicateOf) task.duplicateOf = caseDoc.duplicateOf;
  if (deadline) task.deadline = deadline.toISOString();
  return task;
}

// Staff notes are free text too; a person may paste a number into one.
function taskEvent(event: CaseDoc['history'][number]): TaskEvent {
  const out: TaskEvent = { state: event.state, at: event.at, by: event.by };
  if (event.actionId) out.actionId = event.actionId;
  if (event.note !== undefined) out.note = redactPhoneNumbers(event.note);
  if (event.reason) out.reason = event.reason;
  if (event.photoIds?.length) out.photoIds = [...event.photoIds];
  return out;
}

function withdrawnTask(task: TaskDoc): TaskDoc {
  return {
    ...task,
    description: '',
    photos: [],
    history: [],
    refusals: [],
    withdrawn: true,
  };
}

/** Writes the tasks, withdraws them from former holders, and remembers the holders. */
export async function projectTasks(
  store: Store,
  caseDoc: CaseDoc,
  staff: readonly StaffMember[],
  now: Date,
  limits?: TimeLimitsConfig,
): Promise<void> {
  const holders = holdersOf(caseDoc, staff);
  const former = (caseDoc.taskHolders ?? []).filter((db) => !holders.includes(db));
  const task = taskFromCase(caseDoc, now, limits);

  for (const db of holders) await writeIfChanged(store, db, task);
  for (const db of former) await writeIfChanged(store, db, withdrawnTask(task));

  const known = [...new Set([...(caseDoc.taskHolders ?? []), ...holders])].sort();
  if (JSON.stringify(known) === JSON.stringify(caseDoc.taskHolders ?? [])) return;
  await upsert(casesDb(store), caseDoc._id, (current) => {
    if (!current) return undefined;
    const merged = [...new Set([...(current.taskHolders ?? []), ...known])].sort();
    if (JSON.stringify(merged) === JSON.stringify(current.taskHolders ?? [])) return undefined;
    return { ...current, taskHolders: merged };
  });
}

async function writeIfChanged(store: Store, dbName: string, task: TaskDoc): Promise<void> {
  await store.ensureDb(dbName);
  await upsert(store.couch.use<TaskDoc>(dbName), task._id, (current) => {
    if (current && JSON.stringify(withoutMeta(current)) === JSON.stringify(withoutMeta(task))) {
      return undefined;
    }
    return task;
  });
}

/** The worker's answer to one action, in the actor's own database; written once. */
export async function projectOutcome(store: Store, dbName: string, outcome: OutcomeDoc) {
  await createOnce(store.couch.use<OutcomeDoc>(dbName), outcome);
}
