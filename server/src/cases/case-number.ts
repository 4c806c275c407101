import type nano from 'nano';
import { DateTime } from 'luxon';
import { upsert } from '../lib/couch-docs.ts';

const CITY_PREFIX = 'SJZ';
const CASE_ZONE = 'Asia/Shanghai';

interface Counter {
  _id: string;
  type: 'counter';
  next: number;
}

/**
 * Human-readable case numbers: SJZ-20261203-00042, counted per day in Shanghai time.
 *
 * The counter is bumped before the case is written, so a crash between the two leaves a gap
 * in the day's numbers; it never gives two cases one number, and case ids (not numbers) are
 * what make intake idempotent.
 */
export async function allocateCaseNumber(cases: nano.DocumentScope<unknown>, at: Date): Promise<string> {
  const day = DateTime.fromJSDate(at, { zone: CASE_ZONE }).toFormat('yyyyMMdd');
  const counters = cases as nano.DocumentScope<Counter>;
  const { doc } = await upsert(counters, `counter-${day}`, (current) => ({
    _id: `counter-${day}`,
    type: 'counter',
    next: (current?.next ?? 1) + 1,
  }));
  const number = (doc?.next ?? 2) - 1;
  return `${CITY_PREFIX}-${day}-${String(number).padStart(5, '0')}`;
}
