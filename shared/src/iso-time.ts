import { DateTime } from 'luxon';

/**
 * Date-time text that names its own offset: `2024-07-01T08:00:00+08:00` or `...Z`.
 * A time without an offset would be read in the host's time zone, which differs between a
 * phone, a server and a test runner, so such text is refused rather than guessed at.
 */
const ISO_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The instant an ISO 8601 text with an explicit offset names, or undefined. */
export function parseIsoInstant(text: string): DateTime<true> | undefined {
  if (!ISO_WITH_OFFSET.test(text)) return undefined;
  const parsed = DateTime.fromISO(text, { setZone: true });
  return parsed.isValid ? parsed : undefined;
}

export function isIsoWithOffset(text: string): boolean {
  return parseIsoInstant(text) !== undefined;
}
