import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { SERVER_DBS } from '@smt/shared';
import type { Config } from '../config.ts';
import { createOnce, getOrUndefined } from '../lib/couch-docs.ts';
import type { Store } from '../store/index.ts';

/**
 * Keys the server needs on every node and across restarts, kept in the `server-config`
 * database so that a second node or a restarted one agrees with the first.
 *
 * The token secret signs access and refresh tokens; TOKEN_SECRET overrides the stored one.
 * The lookup key makes keyed hashes of phone numbers, client addresses and SMS codes. It is
 * never taken from the environment: changing it would orphan every account's phone lookup.
 */
export interface ServerSecrets {
  tokenKey: Uint8Array;
  /** HMAC-SHA256 of `value` under the lookup key, separated by `purpose`; 64 hex digits. */
  keyedHash(purpose: string, value: string): string;
}

interface SecretsDoc {
  _id: typeof SECRETS_DOC_ID;
  type: 'secrets';
  tokenSecret: string;
  lookupKey: string;
  createdAt: string;
}

const SECRETS_DOC_ID = 'secrets';
const SECRET_BYTES = 32;

export async function loadServerSecrets(
  store: Store,
  config: Config,
  log: Logger,
): Promise<ServerSecrets> {
  await store.ensureDb(SERVER_DBS.serverConfig);
  const db = store.couch.use<SecretsDoc>(SERVER_DBS.serverConfig);

  let doc = await getOrUndefined(db, SECRETS_DOC_ID);
  if (!doc) {
    const fresh: SecretsDoc = {
      _id: SECRETS_DOC_ID,
      type: 'secrets',
      tokenSecret: randomBytes(SECRET_BYTES).toString('base64url'),
      lookupKey: randomBytes(SECRET_BYTES).toString('base64url'),
      createdAt: new Date().toISOString(),
    };
    // Two nodes starting together: the first write wins and both read it back.
    if (await createOnce(db, fresh)) log.info('generated server secrets and stored them');
    doc = await db.get(SECRETS_DOC_ID);
  }

  const tokenSecret = config.tokenSecret ?? doc.tokenSecret;
  const lookupKey = doc.lookupKey;
  return {
    tokenKey: new TextEncoder().encode(tokenSecret),
    keyedHash(purpose, value) {
      return createHmac('sha256', lookupKey).update(`${purpose}\u0000${value}`).digest('hex');
    },
  };
}
