import { SERVER_DBS } from '@smt/shared';
import type { Store } from '../store/index.ts';
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
export async function allocateCaseNumber(store: Store, at: Date): Promise<string> {
  const day = DateTime.fromJSDate(at, { zone: CASE_ZONE }).toFormat('yyyyMMdd');
  const counters = store.couch.use<Counter>(SERVER_DBS.cases);
  const { doc } = await upsert(counters, `counter-${day}`, (current) => ({
    _id: `counter-${day}`,
    type: 'counter' as const,
    next: (current?.next ?? 1) + 1,
  }));
  const number = (doc?.next ?? 2) - 1;
  return `${CITY_PREFIX}-${day}-${String(number).padStart(5, '0')}`;
}
