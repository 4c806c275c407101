import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { loadServerSecrets, type ServerSecrets } from './auth/secrets.ts';
import { OutboxSmsProvider, type SmsProvider } from './auth/sms.ts';
import { TokenService } from './auth/tokens.ts';
import { childLogger } from './logger.ts';
import type { Store } from './store/index.ts';

/** Everything a route, the gateway or a worker needs, built once at start. */
export interface ServerContext {
  config: Config;
  store: Store;
  log: Logger;
  sms: SmsProvider;
  tokens: TokenService;
  /** Keyed hashes for values that must not be stored in clear (phones, addresses, codes). */
  secrets: ServerSecrets;
}

const DAY_S = 86_400;

/** Loads the stored secrets; the store must be open. `sms` defaults to the outbox provider. */
export async function createServerContext(
  config: Config,
  store: Store,
  log: Logger,
  options: { sms?: SmsProvider } = {},
): Promise<ServerContext> {
  const secrets = await loadServerSecrets(store, config, log);
  const tokens = new TokenService(
    secrets.tokenKey,
    config.accessTokenTtlS,
    config.refreshTokenTtlDays * DAY_S,
  );
  const sms = options.sms ?? new OutboxSmsProvider(store, childLogger('sms'), config.smsEchoToLog);
  return { config, store, log, sms, tokens, secrets };
}
