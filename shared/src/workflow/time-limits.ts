import type { CaseState, StatusEvent } from '../docs.ts';
import { parseIsoInstant } from '../iso-time.ts';
import type { CategoryCodes } from './actions.ts';
import { DEFAULT_TIME_LIMITS, type TimeLimitsConfig } from './time-limits-config.ts';

/**
 * Deadlines (处置时限) and overdue cases. A stage's clock starts when the case entered its
 * current state and is not restarted by a step that stays in it (a re-assignment, a
 * re-dispatch): handing a case on does not buy time. A rework round starts a new clock.
 */
const HOUR_MS = 3_600_000;

export interface TimedCase {
  state: CaseState;
  category: CategoryCodes;
  /** Server time the case entered its current state, ISO 8601 with an offset. */
  stateEnteredAt: string;
}

/** The limit for a stage and category, in hours; undefined for terminal states. */
export function limitHours(
  state: CaseState,
  category: CategoryCodes,
  config: TimeLimitsConfig = DEFAULT_TIME_LIMITS,
): number | undefined {
  const stage = config.stages[state];
  if (!stage) return undefined;
  return stage.byMinor?.[category.minor] ?? stage.byMajor?.[category.major] ?? stage.hours;
}

function instantMs(at: string | Date): number {
  if (at instanceof Date) return at.getTime();
  const parsed = parseIsoInstant(at);
  if (!parsed) throw new Error(`not an ISO 8601 time with an offset: ${at}`);
  return parsed.toMillis();
}

/** When the stage must be finished; undefined for terminal states, which have no limit. */
export function deadlineFor(
  state: CaseState,
  category: CategoryCodes,
  enteredAt: string | Date,
  config: TimeLimitsConfig = DEFAULT_TIME_LIMITS,
): Date | undefined {
  const hours = limitHours(state, category, config);
  if (hours === undefined) return undefined;
  return new Date(instantMs(enteredAt) + hours * HOUR_MS);
}

/** Overdue once the deadline has passed; at the deadline itself the case is still on time. */
export function isOverdue(
  timed: TimedCase,
  now: Date,
  config: TimeLimitsConfig = DEFAULT_TIME_LIMITS,
): boolean {
  const deadline = deadlineFor(timed.state, timed.category, timed.stateEnteredAt, config);
  return deadline !== undefined && now.getTime() > deadline.getTime();
}

/** 0: overdue, 1: running, 2: no limit (terminal). */
export type UrgencyRank = 0 | 1 | 2;

/**
 * Sorts overdue cases first, then running ones, then finished ones; within each by deadline,
 * earliest first (the most overdue at the top). Compare the tuples element by element.
 */
export function urgencyKey(
  timed: TimedCase,
  now: Date,
  config: TimeLimitsConfig = DEFAULT_TIME_LIMITS,
): readonly [UrgencyRank, number] {
  const deadline = deadlineFor(timed.state, timed.category, timed.stateEnteredAt, config);
  if (deadline === undefined) return [2, Number.POSITIVE_INFINITY];
  return [now.getTime() > deadline.getTime() ? 0 : 1, deadline.getTime()];
}

/** A comparator for Array.prototype.sort, which is stable: ties keep their order. */
export function compareUrgency(
  a: TimedCase,
  b: TimedCase,
  now: Date,
  config: TimeLimitsConfig = DEFAULT_TIME_LIMITS,
): number {
  const [rankA, deadlineA] = urgencyKey(a, now, config);
  const [rankB, deadlineB] = urgencyKey(b, now, config);
  if (rankA !== rankB) return rankA - rankB;
  if (deadlineA === deadlineB) return 0;
  return deadlineA < deadlineB ? -1 : 1;
}

/**
 * When the case entered `state`, from its history: the first event of the last unbroken run
 * of events in that state. Undefined when the history does not end in that state.
 */
export function stateEnteredAt(
  history: readonly Pick<StatusEvent, 'state' | 'at'>[],
  state: CaseState,
): string | undefined {
  let entered: string | undefined;
  for (let i = history.length - 1; i >= 0 && history[i]!.state === state; i -= 1) {
    entered = history[i]!.at;
  }
  return entered;
}
