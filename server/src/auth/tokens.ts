import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { isPrincipalId, PlatformError, type PrincipalKind } from '@smt/shared';

export interface Principal {
  kind: PrincipalKind;
  id: string;
}

export interface RefreshClaims {
  principal: Principal;
  /** One signed-in device. */
  sessionId: string;
  /** This refresh token; replaced on every refresh. */
  tokenId: string;
}

const ISSUER = 'smt';
const ACCESS_AUDIENCE = 'smt:access';
const REFRESH_AUDIENCE = 'smt:refresh';
const ALGORITHM = 'HS256';
const PRINCIPAL_KINDS: readonly PrincipalKind[] = ['citizen', 'team', 'desk'];

/**
 * Signs and checks the two kinds of token. Access tokens are short and checked by signature
 * only; refresh tokens are long and name a session whose current token id lives in the
 * account, so that rotation and sign-out can revoke them (see sessions.ts).
 */
export class TokenService {
  constructor(
    private readonly key: Uint8Array,
    private readonly accessTtlS: number,
    private readonly refreshTtlS: number,
  ) {}

  async signAccess(principal: Principal): Promise<{ token: string; expiresAt: Date }> {
    const expiresAtS = Math.floor(Date.now() / 1000) + this.accessTtlS;
    const token = await new SignJWT({ kind: principal.kind })
      .setProtectedHeader({ alg: ALGORITHM })
      .setIssuer(ISSUER)
      .setAudience(ACCESS_AUDIENCE)
      .setSubject(principal.id)
      .setIssuedAt()
      .setExpirationTime(expiresAtS)
      .sign(this.key);
    return { token, expiresAt: new Date(expiresAtS * 1000) };
  }

  async signRefresh(claims: RefreshClaims): Promise<string> {
    return new SignJWT({ kind: claims.principal.kind, sid: claims.sessionId })
      .setProtectedHeader({ alg: ALGORITHM })
      .setIssuer(ISSUER)
      .setAudience(REFRESH_AUDIENCE)
      .setSubject(claims.principal.id)
      .setJti(claims.tokenId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + this.refreshTtlS)
      .sign(this.key);
  }

  /** Throws PlatformError 401 `token-expired` or `unauthorized`. */
  async verifyAccess(token: string): Promise<Principal> {
    const payload = await this.verify(token, ACCESS_AUDIENCE);
    return principalOf(payload);
  }

  /** Throws PlatformError 401 `token-expired` or `unauthorized`. */
  async verifyRefresh(token: string): Promise<RefreshClaims> {
    const payload = await this.verify(token, REFRESH_AUDIENCE);
    const { sid, jti } = payload;
    if (typeof sid !== 'string' || typeof jti !== 'string') {
      throw new PlatformError('unauthorized', 401);
    }
    return { principal: principalOf(payload), sessionId: sid, tokenId: jti };
  }

  private async verify(token: string, audience: string): Promise<Record<string, unknown>> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience,
      });
      return payload;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new PlatformError('token-expired', 401);
      throw new PlatformError('unauthorized', 401);
    }
  }
}

function principalOf(payload: Record<string, unknown>): Principal {
  const { sub, kind } = payload;
  const knownKind = PRINCIPAL_KINDS.find((k) => k === kind);
  if (typeof sub !== 'string' || !isPrincipalId(sub) || !knownKind) {
    throw new PlatformError('unauthorized', 401);
  }
  return { kind: knownKind, id: sub };
}
