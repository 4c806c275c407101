import { randomInt, timingSafeEqual } from 'node:crypto';
import type nano from 'nano';
import type { Logger } from 'pino';
import { PlatformError, SERVER_DBS } from '@smt/shared';
import { getOrUndefined, upsert } from '../lib/couch-docs.ts';
import type { Store } from '../store/index.ts';
import type { ServerSecrets } from './secrets.ts';
import type { SmsProvider } from './sms.ts';

/** Per phone, in `auth-codes`; `_id` is a keyed hash of the number. */
interface PhoneCodeDoc {
  _id: string;
  type: 'phone-code';
  /** Absent once the code was used; the send history stays for the limits. */
  codeHash?: string;
  expiresAtMs?: number;
  wrongTries: number;
  sentAtMs: number[];
}

/** Per client address, in `auth-codes`; `_id` is a keyed hash of the address. */
interface AddressSendsDoc {
  _id: string;
  type: 'address-sends';
  sentAtMs: number[];
}

type CodeDb = nano.DocumentScope<PhoneCodeDoc | AddressSendsDoc>;

export const MAX_WRONG_CODE_TRIES = 5;
export const MAX_CODES_PER_PHONE_PER_HOUR = 5;
// Generous: mobile carriers put many phones behind one address (carrier-grade NAT).
export const MAX_CODES_PER_ADDRESS_PER_HOUR = 30;
const HOUR_MS = 3_600_000;
const CODE_DIGITS = 6;

export interface CodeOptions {
  store: Store;
  secrets: ServerSecrets;
  sms: SmsProvider;
  log: Logger;
  codeTtlS: number;
  resendIntervalS: number;
}

/**
 * Sign-in codes sent by SMS. Nothing here looks at accounts, so a registered and an unknown
 * number get the same answers. All state lives in the store, so limits hold across restarts
 * and nodes; revisions make concurrent requests for one phone count one after the other.
 */
export function createCodeService(opts: CodeOptions) {
  const db: CodeDb = opts.store.couch.use(SERVER_DBS.authCodes);
  const phoneDocId = (e164: string) => `phone-${opts.secrets.keyedHash('code-phone', e164)}`;
  const hashCode = (e164: string, expiresAtMs: number, code: string) =>
    opts.secrets.keyedHash('sms-code', `${e164}:${expiresAtMs}:${code}`);

  /** Sends a new code; returns how long the device should wait before offering a resend. */
  async function request(e164: string, clientAddress: string): Promise<{ resendAfterS: number }> {
    const now = Date.now();
    const addressId = `addr-${opts.secrets.keyedHash('code-address', clientAddress)}`;

    const address = (await getOrUndefined(db, addressId)) as AddressSendsDoc | undefined;
    if (recent(address?.sentAtMs, now).length >= MAX_CODES_PER_ADDRESS_PER_HOUR) {
      throw new PlatformError('too-many-requests', 429, 'too many codes from this network');
    }

    const code = String(randomInt(10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
    const expiresAtMs = now + opts.codeTtlS * 1000;
    await upsert(db, phoneDocId(e164), (current) => {
      const sentAtMs = recent((current as PhoneCodeDoc | undefined)?.sentAtMs, now);
      checkPhoneLimits(sentAtMs, now, opts.resendIntervalS);
      const next: PhoneCodeDoc = {
        _id: phoneDocId(e164),
        type: 'phone-code',
        codeHash: hashCode(e164, expiresAtMs, code),
        expiresAtMs,
        wrongTries: 0,
        sentAtMs: [...sentAtMs, now],
      };
      return next;
    });
    await upsert(db, addressId, (current) => {
      const next: AddressSendsDoc = {
        _id: addressId,
        type: 'address-sends',
        sentAtMs: [...recent((current as AddressSendsDoc | undefined)?.sentAtMs, now), now],
      };
      return next;
    });

    const minutes = Math.max(1, Math.round(opts.codeTtlS / 60));
    try {
      await opts.sms.send(e164, `【市民通】验证码 ${code}，${minutes}分钟内有效。请勿告诉他人。`);
    } catch (err) {
      // The code stays stored but undelivered; the device may ask again after the interval.
      opts.log.error({ err }, 'SMS provider failed to send a sign-in code');
      throw new PlatformError('sms-unavailable', 503);
    }
    return { resendAfterS: opts.resendIntervalS };
  }

  /** Resolves if `code` is this phone's live code, and uses it up; throws a PlatformError. */
  async function verify(e164: string, code: string): Promise<void> {
    const id = phoneDocId(e164);
    let outcome = 'ok' as 'ok' | 'wrong';
    let triesLeft = 0;

    await upsert(db, id, (current) => {
      const doc = current as (PhoneCodeDoc & { _rev?: string }) | undefined;
      if (!doc?.codeHash || doc.expiresAtMs === undefined) {
        throw new PlatformError('code-invalid', 401, 'no code was sent, or it was used');
      }
      if (doc.wrongTries >= MAX_WRONG_CODE_TRIES) throw new PlatformError('code-burned', 429);
      if (Date.now() > doc.expiresAtMs) throw new PlatformError('code-expired', 401);

      if (sameText(hashCode(e164, doc.expiresAtMs, code), doc.codeHash)) {
        outcome = 'ok';
        const used: PhoneCodeDoc = { ...doc, wrongTries: 0 };
        delete used.codeHash;
        delete used.expiresAtMs;
        return used;
      }
      outcome = 'wrong';
      triesLeft = MAX_WRONG_CODE_TRIES - doc.wrongTries - 1;
      return { ...doc, wrongTries: doc.wrongTries + 1 };
    });

    if (outcome === 'wrong') {
      throw new PlatformError('code-invalid', 401, `${triesLeft} tries left`);
    }
  }

  return { request, verify };
}

export type CodeService = ReturnType<typeof createCodeService>;

function sameText(a: string, b: string): boolean {
  const encoder = new TextEncoder();
  const [left, right] = [encoder.encode(a), encoder.encode(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}

function recent(sentAtMs: number[] | undefined, now: number): number[] {
  return (sentAtMs ?? []).filter((at) => now - at < HOUR_MS);
}

function checkPhoneLimits(sentAtMs: number[], now: number, resendIntervalS: number): void {
  const last = sentAtMs.at(-1);
  if (last !== undefined && now - last < resendIntervalS * 1000) {
    const waitS = Math.ceil((resendIntervalS * 1000 - (now - last)) / 1000);
    throw new PlatformError('resend-too-soon', 429, `wait ${waitS} s`);
  }
  if (sentAtMs.length >= MAX_CODES_PER_PHONE_PER_HOUR) {
    throw new PlatformError('too-many-requests', 429, 'too many codes for this number this hour');
  }
}
