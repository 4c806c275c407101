import type { TFunction } from 'i18next';

/** Server workers write these names into a case's history instead of a principal id. */
const WORKERS = new Set(['intake', 'workflow', 'photos', 'timer', 'system']);

/**
 * Who did a step, as far as this device can tell: a worker is "system", the signed-in person
 * is "me", anyone else is their account's principal id.
 */
// Shortcoming: other staff show as principal ids; no directory of staff names reaches devices.
export function whoText(t: TFunction, by: string, me: string): string {
  if (WORKERS.has(by)) return t('staff.app.system');
  if (by === me) return t('staff.app.me');
  return by;
}
