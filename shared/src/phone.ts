import { parsePhoneNumberFromString } from 'libphonenumber-js/mobile';
import { reason, type Reason } from './errors.ts';

/**
 * Phone numbers are the citizen's only identity, so one person must always map to one
 * E.164 text, however they type it: `138 1234 5678`, `138-1234-5678`, `+86 138…`, `0086 138…`,
 * `86138…`, or full-width digits from a Chinese keyboard (１３８…).
 *
 * The `mobile` metadata of libphonenumber-js counts only mobile numbers as valid, which is
 * what we want: a sign-in code goes out by SMS. Only +86 numbers are accepted because the
 * SMS codes go through a mainland provider; a visitor with a foreign number cannot sign in.
 */
const ACCEPTED_CALLING_CODE = '86';
const MAX_RAW_PHONE_CHARS = 40;

/**
 * Digits, the separators people type between groups, and one leading `+` (or `(+`, as in
 * `(+86) 138…`). Anything else (letters, `#`, a second number) is refused rather than
 * searched for a number, which libphonenumber-js would otherwise do.
 */
const TYPED_PHONE = /^\(?\+?[\d\s().-]+$/;

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: Reason };

export function normalizePhone(raw: string): PhoneResult {
  const invalid = { ok: false, reason: reason('invalid-phone') } as const;
  if (typeof raw !== 'string' || raw.length > MAX_RAW_PHONE_CHARS) return invalid;

  // NFKC turns full-width digits, plus signs, hyphens and spaces into their ASCII forms.
  const text = raw.normalize('NFKC').trim();
  if (!TYPED_PHONE.test(text)) return invalid;

  const parsed = parsePhoneNumberFromString(text, 'CN');
  if (!parsed?.isValid() || parsed.countryCallingCode !== ACCEPTED_CALLING_CODE) return invalid;
  return { ok: true, e164: parsed.number };
}

/**
 * `+8613812345678` → `138****5678`: enough for the owner to recognise, too little to call.
 * Numbers of other lengths keep their first three and last four digits; very short ones are
 * masked whole, so the function never hands back a callable number.
 */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  const national = e164.startsWith(`+${ACCEPTED_CALLING_CODE}`)
    ? digits.slice(ACCEPTED_CALLING_CODE.length)
    : digits;
  if (national.length < 8) return '*'.repeat(national.length);
  return `${national.slice(0, 3)}${'*'.repeat(national.length - 7)}${national.slice(-4)}`;
}

// A digit (ASCII or full-width), then at least six more, with at most two separators
// (spaces, hyphens, dots, brackets, plus signs, in either width) between any two.
const PHONE_LIKE_RUN = /[0-9０-９](?:[\s\-‐－–.()（）+＋]{0,2}[0-9０-９]){6,}/gu;
export const REDACTED_NUMBER = '[号码已隐藏]';

/**
 * Blanks out anything in free text that could be a phone number (seven digits or more,
 * however spaced), before the text leaves the server for anyone but its author. Citizens
 * write "call me on 139 1234 5678" into descriptions; staff must never see it. Long digit
 * runs that are not numbers (a date written 2024-07-15) go too: a lost date is the lesser harm.
 */
export function redactPhoneNumbers(text: string): string {
  return text.replace(PHONE_LIKE_RUN, REDACTED_NUMBER);
}
