import { randomInt } from 'node:crypto';
import type nano from 'nano';
import { principalDb, SERVER_DBS, type StaffProfile, type SyncAlias } from '@smt/shared';
import { createOnce, getOrUndefined } from '../lib/couch-docs.ts';
import type { Store } from '../store/index.ts';
import type { ServerSecrets } from './secrets.ts';
import type { Principal } from './tokens.ts';

/** A signed-in device: its refresh token id now and the one before (see sessions.ts). */
export interface SessionRecord {
  current: string;
  previous?: string;
  createdAt: string;
  refreshedAt: string;
}

/** `_id` is `<kind>-<principalId>` in the `accounts` database. */
export interface AccountDoc {
  _id: string;
  _rev?: string;
  type: 'account';
  kind: Principal['kind'];
  principalId: string;
  /** Citizens only. Never leaves the server except masked. */
  phoneE164?: string;
  /** Staff only: role and reach (auth/staff.ts). */
  staff?: StaffProfile;
  /** Staff only: argon2id hash of the password. */
  passwordHash?: string;
  createdAt: string;
  sessions: Record<string, SessionRecord>;
}

/** Finds an account by phone without making the phone number a document id. */
interface PhoneLookupDoc {
  _id: string;
  type: 'phone-lookup';
  principalId: string;
  createdAt: string;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ID_RANDOM_CHARS = 19;
const SYNC_ALIASES: readonly SyncAlias[] = ['main', 'media'];
const ID_PREFIX: Record<Principal['kind'], string> = { citizen: 'c', team: 't', desk: 'd' };

/** One letter for the kind, then 19 random letters and digits (about 98 bits). */
export function newPrincipalId(kind: Principal['kind']): string {
  let id = ID_PREFIX[kind];
  for (let i = 0; i < ID_RANDOM_CHARS; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export function accountDocId(principal: Principal): string {
  return `${principal.kind}-${principal.id}`;
}

export function accountsDb(store: Store): nano.DocumentScope<AccountDoc> {
  return store.couch.use<AccountDoc>(SERVER_DBS.accounts);
}

export async function getAccount(store: Store, principal: Principal) {
  return getOrUndefined(accountsDb(store), accountDocId(principal));
}

/**
 * The citizen who owns this phone number, created on first sign-in with their databases.
 * Two first sign-ins racing on one number agree on one account: the phone lookup document is
 * written after the account, and only one write of it can win.
 */
export async function findOrCreateCitizen(
  store: Store,
  secrets: ServerSecrets,
  phoneE164: string,
): Promise<Principal> {
  const lookupId = `phone-${secrets.keyedHash('account-phone', phoneE164)}`;
  const lookups = store.couch.use<PhoneLookupDoc>(SERVER_DBS.accounts);

  let lookup = await getOrUndefined(lookups, lookupId);
  if (!lookup) {
    const now = new Date().toISOString();
    const principal: Principal = { kind: 'citizen', id: newPrincipalId('citizen') };
    await accountsDb(store).insert({
      _id: accountDocId(principal),
      type: 'account',
      kind: principal.kind,
      principalId: principal.id,
      phoneE164,
      createdAt: now,
      sessions: {},
    });
    // Losing the race leaves an account nobody can sign in to; it holds no data.
    await createOnce(lookups, {
      _id: lookupId,
      type: 'phone-lookup',
      principalId: principal.id,
      createdAt: now,
    });
    lookup = await lookups.get(lookupId);
  }

  const principal: Principal = { kind: 'citizen', id: lookup.principalId };
  // Every sign-in makes sure, so a crash between account and databases heals itself.
  await ensurePrincipalDbs(store, principal);
  return principal;
}

export async function ensurePrincipalDbs(store: Store, principal: Principal): Promise<void> {
  for (const alias of SYNC_ALIASES) {
    await store.ensureDb(principalDb(principal.kind, principal.id, alias));
  }
}
