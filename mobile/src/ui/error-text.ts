import type { TFunction } from 'i18next';
import { isErrorCode } from '@smt/shared/errors';
import { reasonText } from '../i18n/index.ts';

/**
 * What went wrong, in the citizen's language. Errors from the sync layer carry a code from
 * shared/errors; anything else is an unexpected failure and is shown as `internal`.
 */
export function errorText(t: TFunction, err: unknown): string {
  const { code, reason } = (err ?? {}) as {
    code?: unknown;
    reason?: { code: string; message: string };
  };
  if (reason && isErrorCode(reason.code))
    return reasonText(t, { code: reason.code, message: reason.message });
  if (isErrorCode(code)) return t(`errors.${code}`);
  return t('errors.internal');
}

export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
