import type { CaseState } from '@smt/shared/docs';
import { TERMINAL_STATES } from '@smt/shared/workflow/state-machine';
import type { TaskDoc } from '@smt/shared/workflow/task';

/**
 * The console's search and filters, as a pure function over the tasks the desk holds. The
 * status filter has two groups besides single states: open cases, and new reports (the
 * ones waiting for the centre's first decision).
 */
export type StatusFilter = 'open' | 'new' | 'all' | CaseState;

export interface CaseFilter {
  text: string;
  status: StatusFilter;
  district: string;
  /** A major category code, or '' for any. */
  category: string;
  overdueOnly: boolean;
}

export const DEFAULT_FILTER: CaseFilter = {
  text: '',
  status: 'open',
  district: '',
  category: '',
  overdueOnly: false,
};

export const NEW_REPORT_STATES: readonly CaseState[] = ['received', 'accepted'];

function statusMatches(state: CaseState, status: StatusFilter): boolean {
  switch (status) {
    case 'all':
      return true;
    case 'open':
      return !TERMINAL_STATES.includes(state);
    case 'new':
      return NEW_REPORT_STATES.includes(state);
    default:
      return state === status;
  }
}

function textMatches(task: TaskDoc, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  return [task.caseNumber, task.description, task.district, task.dispatchedTo, task.caseId]
    .filter((field): field is string => typeof field === 'string')
    .some((field) => field.toLowerCase().includes(needle));
}

export function filterCases(tasks: readonly TaskDoc[], filter: CaseFilter): TaskDoc[] {
  return tasks.filter(
    (task) =>
      statusMatches(task.state, filter.status) &&
      (!filter.district || task.district === filter.district) &&
      (!filter.category || task.category.major === filter.category) &&
      (!filter.overdueOnly || task.overdue) &&
      textMatches(task, filter.text),
  );
}
