import { DateTime } from 'luxon';
import { judgeAcceptanceHours } from '@smt/shared/rules/acceptance-hours';

/**
 * Device clock settings for the tests, picked with the same rule the server judges with, so
 * the tests pass at any hour of the day they run: a capture time in the last hours that was
 * inside the acceptance hours, and one that was outside them (22:00 in Shijiazhuang).
 */
const STEP_MINUTES = 10;
const SEARCH_HOURS = 48;
/** Stays well inside the server's tolerance for old capture times (72 h). */
const MARGIN_MINUTES = 5;

export function latestOpenMoment(now = new Date()): Date {
  let candidate = DateTime.fromJSDate(now).minus({ minutes: MARGIN_MINUTES });
  const earliest = candidate.minus({ hours: SEARCH_HOURS });
  while (candidate > earliest) {
    const iso = candidate.toISO()!;
    if (judgeAcceptanceHours(iso, candidate.toJSDate()).open) return candidate.toJSDate();
    candidate = candidate.minus({ minutes: STEP_MINUTES });
  }
  throw new Error('no open acceptance window in the last two days');
}

/** The latest 22:00 Asia/Shanghai before now: closed in every season. */
export function latestTenPmShanghai(now = new Date()): Date {
  const shanghaiNow = DateTime.fromJSDate(now).setZone('Asia/Shanghai');
  let tenPm = shanghaiNow.set({ hour: 22, minute: 0, second: 0, millisecond: 0 });
  if (tenPm >= shanghaiNow) tenPm = tenPm.minus({ days: 1 });
  return tenPm.toJSDate();
}
