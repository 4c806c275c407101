import type { TaskDoc } from '@smt/shared/workflow/task';

/** A task as the workflow worker writes it, for the staff views' unit tests. */
export function testTask(id: string, fields: Partial<TaskDoc> = {}): TaskDoc {
  return {
    _id: `task-case-${id}`,
    type: 'task',
    caseId: `case-${id}`,
    state: 'assigned',
    category: { major: 'garbage', minor: 'exposed-garbage' },
    description: '路边垃圾',
    location: { lat: 38.0497, lng: 114.5224, source: 'gps' },
    district: '长安区',
    reworkCount: 0,
    photos: [],
    overdue: false,
    history: [],
    refusals: [],
    withdrawn: false,
    updatedAt: '2026-07-01T08:00:00.000Z',
    ...fields,
  };
}
