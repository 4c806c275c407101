import type { GeoPoint } from '@smt/shared/docs';
import {
  judgeAcceptanceHours,
  nextOpening,
  type AcceptanceJudgement,
} from '@smt/shared/rules/acceptance-hours';
import { DEFAULT_ACCEPTANCE_HOURS } from '@smt/shared/rules/acceptance-hours-config';
import {
  COVERED_DISTRICTS_WGS84,
  districtAt,
  judgeCoverage,
  type CoverageJudgement,
} from '@smt/shared/rules/coverage';

/**
 * The platform's rules as the phone uses them: the same code the server judges with, loaded
 * lazily because the boundary data and its validation are heavy for a first screen. The
 * phone only warns; the server decides.
 */
export interface Precheck {
  ok: boolean;
  hours: AcceptanceJudgement;
  coverage: CoverageJudgement;
}

export function precheck(
  capturedAt: string,
  location: Pick<GeoPoint, 'lat' | 'lng'>,
  now = new Date(),
): Precheck {
  const hours = judgeAcceptanceHours(capturedAt, now);
  const coverage = judgeCoverage(location);
  return { ok: hours.open && coverage.covered, hours, coverage };
}

export const acceptanceHours = DEFAULT_ACCEPTANCE_HOURS;
export const hotlines = DEFAULT_ACCEPTANCE_HOURS.hotlines;
export const coveredDistricts = COVERED_DISTRICTS_WGS84;
export { districtAt, nextOpening };
