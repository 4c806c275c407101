import { maskPhone, normalizePhone, PlatformError } from '@smt/shared';
import type { ServerContext } from '../context.ts';
import { childLogger } from '../logger.ts';
import { findOrCreateCitizen, getAccount } from './accounts.ts';
import { createCodeService } from './codes.ts';
import { endSession, refreshSession, type SessionTokens, startSession } from './sessions.ts';
import { signInStaff } from './staff.ts';
import type { Principal } from './tokens.ts';

const SIX_DIGITS = /^\d{6}$/;

/** Sign-in (citizens by phone and SMS code, staff by name and password) and the session. */
export function createAuthService(ctx: ServerContext) {
  const codes = createCodeService({
    store: ctx.store,
    secrets: ctx.secrets,
    sms: ctx.sms,
    log: childLogger('auth'),
    codeTtlS: ctx.config.smsCodeTtlS,
    resendIntervalS: ctx.config.smsResendIntervalS,
  });

  return {
    async requestCode(rawPhone: string, clientAddress: string) {
      return codes.request(phoneOrThrow(rawPhone), clientAddress);
    },

    async verifyCode(rawPhone: string, code: string): Promise<SessionTokens> {
      const e164 = phoneOrThrow(rawPhone);
      if (!SIX_DIGITS.test(code)) throw new PlatformError('code-invalid', 400, 'six digits');

      await codes.verify(e164, code);

      const principal = await findOrCreateCitizen(ctx.store, ctx.secrets, e164);
      return startSession(ctx.store, ctx.tokens, principal);
    },

    /** Staff sign in with their name and password and get the same kind of session. */
    async signInStaff(name: string, password: string): Promise<SessionTokens> {
      const principal = await signInStaff(ctx.store, name, password);
      return startSession(ctx.store, ctx.tokens, principal);
    },
    refresh(refreshToken: string): Promise<SessionTokens> {
      return refreshSession(ctx.store, ctx.tokens, refreshToken);
    },

    signOut(refreshToken: string): Promise<void> {
      return endSession(ctx.store, ctx.tokens, refreshToken);
    },

    async describe(principal: Principal) {
      const account = await getAccount(ctx.store, principal);
      if (!account) throw new PlatformError('unauthorized', 401, 'no such account');
      return {
        principal,
        phoneMasked: account.phoneE164 ? maskPhone(account.phoneE164) : null,
        staff: account.staff ?? null,
      };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

function phoneOrThrow(raw: string): string {
  const result = normalizePhone(raw);
  if (!result.ok) throw new PlatformError('invalid-phone', 400);
  return result.e164;
}
