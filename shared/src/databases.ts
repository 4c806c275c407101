/**
 * Database names. One CouchDB database per principal (and one media outbox beside it), plus
 * server-only databases. Authorization is a mapping from a token to these names, so the
 * names are built in one place only.
 */
export type PrincipalKind = 'citizen' | 'team' | 'desk';

/** Aliases a device uses under /sync/<alias>/; the gateway maps them to real names. */
export type SyncAlias = 'main' | 'media';

const PRINCIPAL_ID = /^[a-z][a-z0-9]{7,39}$/;

export function isPrincipalId(id: string): boolean {
  return PRINCIPAL_ID.test(id);
}

export function principalDb(kind: PrincipalKind, principalId: string, alias: SyncAlias): string {
  if (!isPrincipalId(principalId)) throw new Error(`invalid principal id: ${principalId}`);
  return alias === 'main' ? `${kind}-${principalId}` : `${kind}-${principalId}-media`;
}

/** The inverse of principalDb, for workers that follow many databases. */
export function parsePrincipalDb(
  name: string,
): { kind: PrincipalKind; principalId: string; alias: SyncAlias } | undefined {
  const match = /^(citizen|team|desk)-([a-z][a-z0-9]{7,39})(-media)?$/.exec(name);
  if (!match) return undefined;
  return {
    kind: match[1] as PrincipalKind,
    principalId: match[2]!,
    alias: match[3] ? 'media' : 'main',
  };
}

export const SERVER_DBS = {
  accounts: 'accounts',
  authCodes: 'auth-codes',
  cases: 'cases',
  media: 'media',
  smsOutbox: 'sms-outbox',
  workerState: 'worker-state',
  serverConfig: 'server-config',
} as const;
