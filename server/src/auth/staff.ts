import { hash, verify } from '@node-rs/argon2';
import {
  PlatformError,
  principalKindForRole,
  scopeOf,
  SERVER_DBS,
  STAFF_NAME,
  type ActorScope,
  type StaffProfile,
} from '@smt/shared';
import { createOnce, getOrUndefined } from '../lib/couch-docs.ts';
import type { Store } from '../store/index.ts';
import {
  accountDocId,
  accountsDb,
  ensurePrincipalDbs,
  getAccount,
  newPrincipalId,
  type AccountDoc,
} from './accounts.ts';
import type { Principal } from './tokens.ts';

/**
 * Staff accounts: a login name, an argon2id password hash, and the profile that fixes the
 * person's role and reach. The name is found through a lookup document, as a phone is for
 * citizens, so that the account id stays a random principal id.
 */
interface StaffNameDoc {
  _id: string;
  type: 'staff-name';
  kind: Principal['kind'];
  principalId: string;
  createdAt: string;
}

export const MIN_PASSWORD_CHARS = 8;

const nameDocId = (name: string) => `staffname-${name}`;

// Verified when the name is unknown, so that an unknown name takes as long as a wrong password.
let decoyHash: Promise<string> | undefined;

/** Creates the account unless one by that name exists; either way returns its principal. */
export async function createStaffAccount(
  store: Store,
  profile: StaffProfile,
  password: string,
): Promise<{ principal: Principal; created: boolean }> {
  if (!STAFF_NAME.test(profile.name)) throw new Error(`invalid staff name: ${profile.name}`);
  if (password.length < MIN_PASSWORD_CHARS) throw new Error('staff password too short');
  const names = store.couch.use<StaffNameDoc>(SERVER_DBS.accounts);
  const existing = await getOrUndefined(names, nameDocId(profile.name));
  if (existing) {
    return { principal: { kind: existing.kind, id: existing.principalId }, created: false };
  }

  const now = new Date().toISOString();
  const kind = principalKindForRole(profile.role);
  const principal: Principal = { kind, id: newPrincipalId(kind) };
  const account: AccountDoc = {
    _id: accountDocId(principal),
    type: 'account',
    kind,
    principalId: principal.id,
    staff: profile,
    passwordHash: await hash(password),
    createdAt: now,
    sessions: {},
  };
  await ensurePrincipalDbs(store, principal);
  await accountsDb(store).insert(account);
  const created = await createOnce(names, {
    _id: nameDocId(profile.name),
    type: 'staff-name',
    kind,
    principalId: principal.id,
    createdAt: now,
  });
  if (!created) return createStaffAccount(store, profile, password);
  return { principal, created: true };
}

// Shortcoming: no limit on wrong passwords per name or address yet; argon2's cost is the only brake.
/** The principal behind a name and password; 401 `unauthorized` for any mismatch. */
export async function signInStaff(
  store: Store,
  name: string,
  password: string,
): Promise<Principal> {
  const refused = new PlatformError('unauthorized', 401, 'wrong name or password');
  const lookup = STAFF_NAME.test(name)
    ? await getOrUndefined(store.couch.use<StaffNameDoc>(SERVER_DBS.accounts), nameDocId(name))
    : undefined;
  const principal: Principal | undefined = lookup && { kind: lookup.kind, id: lookup.principalId };
  const account = principal && (await getAccount(store, principal));
  if (!principal || !account?.passwordHash) {
    decoyHash ??= hash('decoy password that nobody has');
    await verify(await decoyHash, password);
    throw refused;
  }
  if (!(await verify(account.passwordHash, password))) throw refused;
  return principal;
}

/** The role and reach of a staff principal; undefined for citizens and unknown accounts. */
export async function staffScope(
  store: Store,
  principal: Principal,
): Promise<ActorScope | undefined> {
  const account = await getAccount(store, principal);
  return account?.staff ? scopeOf(principal.id, account.staff) : undefined;
}

export interface StaffMember {
  principal: Principal;
  profile: StaffProfile;
}

/** Every staff account; staff are few (hundreds), citizens are never read here. */
export async function listStaff(store: Store): Promise<StaffMember[]> {
  const members: StaffMember[] = [];
  for (const kind of ['desk', 'team'] as const) {
    const { rows } = await accountsDb(store).list({
      startkey: `${kind}-`,
      endkey: `${kind}-\ufff0`,
      include_docs: true,
    });
    for (const row of rows) {
      const doc = row.doc;
      if (doc?.type === 'account' && doc.staff) {
        members.push({ principal: { kind: doc.kind, id: doc.principalId }, profile: doc.staff });
      }
    }
  }
  return members;
}
