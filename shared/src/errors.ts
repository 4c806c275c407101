/**
 * Machine-readable reasons, shared by the server, the workers and the app. Every refusal the
 * platform gives, over HTTP or in a status document, carries one of these codes; the app
 * translates the code, the message here is the English fallback a person can act on.
 */
export const ERROR_MESSAGES = {
  'invalid-phone': 'That is not a valid mobile number. Check the digits and try again.',
  'code-invalid': 'The code is wrong. Check the SMS and try again.',
  'code-expired': 'The code has expired. Ask for a new one.',
  'code-burned': 'Too many wrong codes. Ask for a new one.',
  'sms-unavailable': 'The text message could not be sent just now. Ask again in a minute.',
  'resend-too-soon': 'A code was sent a moment ago. Wait before asking for another.',
  'too-many-requests': 'Too many requests. Wait a while and try again.',
  unauthorized: 'Sign in again to continue.',
  'token-expired': 'Your session has expired. It renews itself when you are online.',
  forbidden: 'You are not allowed to do this.',
  'not-found': 'Not found.',
  'body-too-large': 'The request is too large.',
  'invalid-body': 'The request is not well formed.',
  'document-not-allowed': 'This device may not write that kind of document.',
  'report-malformed': 'The report is incomplete or damaged and cannot be processed.',
  'outside-acceptance-hours':
    'Reports are accepted 07:30–12:00 and 13:00–19:00 (May–Sep) or 13:00–17:30 (Oct–Apr). ' +
    'At other times call the 12319 city-management hotline or the 12345 government hotline.',
  'outside-coverage':
    'This place is outside the area the service covers. Call 12319 or 12345 to report it.',
  'in-excluded-zone':
    'Markets, residential compounds, urban villages and expressways are not covered. ' +
    'Call 12319 or 12345 to report it.',
  'action-malformed':
    'This action is incomplete or damaged and was not applied. Do it again from the case screen.',
  'action-not-allowed-in-state': 'The case has moved on, so this action was not applied.',
  'action-superseded':
    'This answers an earlier round of the work: the case was sent back since. ' +
    'Do it again from the current task.',
  'role-not-allowed':
    'Your role cannot do this. Ask the monitoring and command centre if it needs doing.',
  'out-of-scope':
    'This case is not in your area or not assigned to you (it may have been passed on). ' +
    'Refresh your list.',
  'photo-empty': 'The photo is empty.',
  'photo-unreadable': 'The photo could not be read. Take it again.',
  'photo-truncated': 'The photo is incomplete (the upload or the file was cut short).',
  'photo-unsupported-format': 'This kind of file is not a supported photo (use JPEG, PNG or WebP).',
  'photo-heic-unsupported': 'HEIC photos cannot be read here. Set the camera to "Most Compatible".',
  'photo-too-many-pixels': 'The photo is too large to process.',
  'photo-too-large': 'The photo file is too large.',
  'photo-timeout': 'The photo took too long to process.',
  'photo-queue-full': 'Too many photos are being processed right now. It will be tried again.',
  'store-unavailable': 'The service is temporarily unavailable. Your data is kept; try later.',
  offline:
    'No connection to the server. Your data is kept on this phone and sent when you are online.',
  internal: 'Something went wrong on our side. Your data is kept; try later.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface Reason {
  code: ErrorCode;
  message: string;
  /** Optional details a person can act on (which field, which limit). Never personal data. */
  detail?: string;
}

export function reason(code: ErrorCode, detail?: string): Reason {
  return detail === undefined
    ? { code, message: ERROR_MESSAGES[code] }
    : { code, message: ERROR_MESSAGES[code], detail };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_MESSAGES, value);
}

/** Thrown inside the server; one middleware maps it to HTTP. */
export class PlatformError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly httpStatus: number,
    readonly detail?: string,
  ) {
    super(detail ? `${ERROR_MESSAGES[code]} (${detail})` : ERROR_MESSAGES[code]);
    this.name = 'PlatformError';
  }
}
