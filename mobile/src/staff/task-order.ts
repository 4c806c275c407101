import turfDistance from '@turf/distance';
import type { TaskDoc } from '@smt/shared/workflow/task';

/**
 * How a field person's list is ordered: overdue tasks always first, then either by deadline
 * (earliest first) or by distance from where the person stands (nearest first). Without a
 * position the distance order falls back to the deadline order.
 */
export type TaskOrder = 'deadline' | 'distance';

export interface Position {
  lat: number;
  lng: number;
}

export interface OrderedTask {
  task: TaskDoc;
  /** Metres from the person's position; undefined without a position. */
  distanceM?: number;
}

export function distanceM(from: Position, to: Position): number {
  return turfDistance([from.lng, from.lat], [to.lng, to.lat], { units: 'meters' });
}

function byDeadline(a: OrderedTask, b: OrderedTask): number {
  const [da, db] = [a.task.deadline ?? '\uffff', b.task.deadline ?? '\uffff'];
  return da.localeCompare(db);
}

function byDistance(a: OrderedTask, b: OrderedTask): number {
  return (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity);
}

export function orderTasks(
  tasks: readonly TaskDoc[],
  order: TaskOrder,
  position: Position | undefined,
): OrderedTask[] {
  const rows: OrderedTask[] = tasks.map((task) =>
    position ? { task, distanceM: distanceM(position, task.location) } : { task },
  );
  const primary = order === 'distance' && position ? byDistance : byDeadline;
  const secondary = primary === byDistance ? byDeadline : byDistance;
  return rows.sort(
    (a, b) =>
      Number(b.task.overdue) - Number(a.task.overdue) ||
      primary(a, b) ||
      secondary(a, b) ||
      a.task._id.localeCompare(b.task._id),
  );
}
