import type { TFunction } from 'i18next';
import type { Directory } from './directory.tsx';

/** Server workers write these names into a case's history instead of a principal id. */
const WORKERS = new Set(['intake', 'workflow', 'photos', 'timer', 'system']);

/**
 * Who did a step: a worker is "system", the signed-in person "me", a colleague their name
 * from the staff directory; an account the directory does not know shows its principal id.
 */
export function whoText(t: TFunction, by: string, me: string, directory: Directory): string {
  if (WORKERS.has(by)) return t('staff.app.system');
  if (by === me) return t('staff.app.me');
  const entry = directory.get(by);
  return entry ? `${entry.displayName} (${t(`staff.roles.${entry.role}`)})` : by;
}
