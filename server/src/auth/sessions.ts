import { randomBytes } from 'node:crypto';
import { PlatformError } from '@smt/shared';
import { upsert } from '../lib/couch-docs.ts';
import type { Store } from '../store/index.ts';
import { accountDocId, accountsDb, type AccountDoc, type SessionRecord } from './accounts.ts';
import type { Principal, TokenService } from './tokens.ts';

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  /** ISO 8601; the device refreshes a little before. */
  accessExpiresAt: string;
  principal: Principal;
}

/** A person with more devices than this loses the session refreshed longest ago. */
const MAX_SESSIONS_PER_ACCOUNT = 10;

const newTokenId = () => randomBytes(16).toString('base64url');

/** A new signed-in device for an existing account. */
export async function startSession(
  store: Store,
  tokens: TokenService,
  principal: Principal,
): Promise<SessionTokens> {
  const sessionId = newTokenId();
  const tokenId = newTokenId();
  const now = new Date().toISOString();

  await updateSessions(store, principal, (sessions) => {
    sessions[sessionId] = { current: tokenId, createdAt: now, refreshedAt: now };
    return keepNewest(sessions);
  });

  return issue(tokens, principal, sessionId, tokenId);
}

/**
 * Exchanges a refresh token for a new pair; the old one stops working once the new one has
 * been used. The token before the current one is still accepted: on a poor connection the
 * answer to a refresh can be lost, and the device then retries with the token it still has.
 * Any other token id is a copy being replayed, so the whole session is revoked.
 */
export async function refreshSession(
  store: Store,
  tokens: TokenService,
  refreshToken: string,
): Promise<SessionTokens> {
  const { principal, sessionId, tokenId } = await tokens.verifyRefresh(refreshToken);
  const nextTokenId = newTokenId();
  let replayed = false;

  await updateSessions(store, principal, (sessions) => {
    const session = sessions[sessionId];
    if (!session) throw new PlatformError('unauthorized', 401, 'session ended');
    replayed = tokenId !== session.current && tokenId !== session.previous;
    if (replayed) {
      delete sessions[sessionId];
      return sessions;
    }
    const previous = tokenId === session.current ? session.current : session.previous;
    sessions[sessionId] = {
      ...session,
      current: nextTokenId,
      previous,
      refreshedAt: new Date().toISOString(),
    };
    return sessions;
  });

  if (replayed) throw new PlatformError('unauthorized', 401, 'refresh token reused');
  return issue(tokens, principal, sessionId, nextTokenId);
}

/** Sign-out: the session's refresh tokens stop working; access tokens run out by themselves. */
export async function endSession(
  store: Store,
  tokens: TokenService,
  refreshToken: string,
): Promise<void> {
  const { principal, sessionId } = await tokens.verifyRefresh(refreshToken);
  await updateSessions(store, principal, (sessions) => {
    delete sessions[sessionId];
    return sessions;
  });
}

async function updateSessions(
  store: Store,
  principal: Principal,
  change: (sessions: Record<string, SessionRecord>) => Record<string, SessionRecord>,
): Promise<void> {
  await upsert<AccountDoc>(accountsDb(store), accountDocId(principal), (account) => {
    if (!account) throw new PlatformError('unauthorized', 401, 'no such account');
    return { ...account, sessions: change({ ...account.sessions }) };
  });
}

function keepNewest(sessions: Record<string, SessionRecord>): Record<string, SessionRecord> {
  const newestFirst = Object.entries(sessions).sort(([, a], [, b]) =>
    b.refreshedAt.localeCompare(a.refreshedAt),
  );
  return Object.fromEntries(newestFirst.slice(0, MAX_SESSIONS_PER_ACCOUNT));
}

async function issue(
  tokens: TokenService,
  principal: Principal,
  sessionId: string,
  tokenId: string,
): Promise<SessionTokens> {
  const access = await tokens.signAccess(principal);
  const refreshToken = await tokens.signRefresh({ principal, sessionId, tokenId });
  return {
    accessToken: access.token,
    refreshToken,
    accessExpiresAt: access.expiresAt.toISOString(),
    principal,
  };
}
