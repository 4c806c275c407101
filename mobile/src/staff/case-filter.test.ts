import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, filterCases } from './case-filter.ts';
import { testTask } from './test-task.ts';

const fresh = testTask('r1', { state: 'accepted', caseNumber: 'SJZ-20260701-0001' });
const overdue = testTask('r2', { state: 'assigned', overdue: true, district: '桥西区' });
const closed = testTask('r3', { state: 'closed', category: { major: 'road', minor: 'pothole' } });
const all = [fresh, overdue, closed];
const ids = (tasks: { caseId: string }[]) => tasks.map((task) => task.caseId);

describe('filterCases', () => {
  it('shows open cases by default and leaves closed ones out', () => {
    expect(ids(filterCases(all, DEFAULT_FILTER))).toEqual(['case-r1', 'case-r2']);
  });

  it('finds new reports, overdue cases, a district and a category', () => {
    expect(ids(filterCases(all, { ...DEFAULT_FILTER, status: 'new' }))).toEqual(['case-r1']);
    expect(ids(filterCases(all, { ...DEFAULT_FILTER, overdueOnly: true }))).toEqual(['case-r2']);
    expect(ids(filterCases(all, { ...DEFAULT_FILTER, district: '桥西区' }))).toEqual(['case-r2']);
    expect(ids(filterCases(all, { ...DEFAULT_FILTER, status: 'all', category: 'road' }))).toEqual([
      'case-r3',
    ]);
  });

  it('searches the case number and the description, ignoring case', () => {
    expect(ids(filterCases(all, { ...DEFAULT_FILTER, text: 'sjz-20260701' }))).toEqual(['case-r1']);
    expect(filterCases(all, { ...DEFAULT_FILTER, text: '垃圾' })).toHaveLength(2);
  });
});
