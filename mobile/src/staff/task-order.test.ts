import { describe, expect, it } from 'vitest';
import { orderTasks } from './task-order.ts';
import { testTask } from './test-task.ts';

const HERE = { lat: 38.0497, lng: 114.5224 };
// About 1.1 km and 5.5 km north of HERE.
const NEAR = { lat: 38.0597, lng: 114.5224, source: 'gps' as const };
const FAR = { lat: 38.0997, lng: 114.5224, source: 'gps' as const };

const soonFar = testTask('r1', { deadline: '2026-07-01T09:00:00.000Z', location: FAR });
const laterNear = testTask('r2', { deadline: '2026-07-01T12:00:00.000Z', location: NEAR });
const overdueFar = testTask('r3', {
  deadline: '2026-07-01T06:00:00.000Z',
  overdue: true,
  location: FAR,
});

const ids = (rows: { task: { caseId: string } }[]) => rows.map((row) => row.task.caseId);

describe('orderTasks', () => {
  it('puts overdue tasks first and the earliest deadline next', () => {
    expect(ids(orderTasks([laterNear, soonFar, overdueFar], 'deadline', HERE))).toEqual([
      'case-r3',
      'case-r1',
      'case-r2',
    ]);
  });

  it('orders by distance after the overdue ones when asked to', () => {
    const rows = orderTasks([soonFar, laterNear, overdueFar], 'distance', HERE);
    expect(ids(rows)).toEqual(['case-r3', 'case-r2', 'case-r1']);
    expect(rows[1]!.distanceM).toBeGreaterThan(1_000);
    expect(rows[1]!.distanceM).toBeLessThan(1_300);
  });

  it('falls back to the deadline order without a position', () => {
    const rows = orderTasks([laterNear, soonFar], 'distance', undefined);
    expect(ids(rows)).toEqual(['case-r1', 'case-r2']);
    expect(rows[0]!.distanceM).toBeUndefined();
  });
});
