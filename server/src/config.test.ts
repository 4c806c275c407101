import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('has working defaults for a first start', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.resolve('data'),
      couchdbUrl: undefined,
      embeddedStorePort: 0,
      embeddedMaxOpenDbs: 200,
      accessTokenTtlS: 900,
      refreshTokenTtlDays: 90,
      smsCodeTtlS: 300,
      smsResendIntervalS: 60,
      maxSyncBodyBytes: 1024 * 1024,
      maxMediaSyncBodyBytes: 8 * 1024 * 1024,
      webDir: path.resolve('mobile/dist'),
      trustProxy: false,
    });
    expect(config.embeddedStorePassword.length).toBeGreaterThanOrEqual(16);
    expect(loadConfig({}).embeddedStorePassword).not.toBe(config.embeddedStorePassword);
  });

  it('reads numbers, treats empty values as unset, and understands trust-proxy forms', () => {
    const config = loadConfig({ PORT: '9000', LOG_LEVEL: '', TRUST_PROXY: '1' });
    expect(config.port).toBe(9000);
    expect(config.logLevel).toBe('info');
    expect(config.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
  });

  it('names every bad value in one message, without echoing secrets', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      ACCESS_TOKEN_TTL_S: '0',
      LOG_LEVEL: 'loud',
      TOKEN_SECRET: 'short-secret-value',
      COUCHDB_URL: 'http://couch:5984',
      EMBEDDED_MAX_OPEN_DBS: '5',
    });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/^PORT: must be a whole number/m);
    expect(problems.join('\n')).toMatch(/^ACCESS_TOKEN_TTL_S: must be at least 1/m);
    expect(problems.join('\n')).toMatch(/^LOG_LEVEL: must be one of/m);
    expect(problems.join('\n')).toMatch(/^TOKEN_SECRET: must be at least 32 characters/m);
    expect(problems.join('\n')).toMatch(/^COUCHDB_URL: must carry the admin user and password/m);
    expect(problems.join('\n')).toMatch(/^EMBEDDED_MAX_OPEN_DBS: must be at least 10/m);
    expect(problems.join('\n')).not.toContain('short-secret-value');
  });

  it('names COUCHDB_URL when it is not a URL at all', () => {
    expect(problemsOf({ COUCHDB_URL: 'notaurl' })).toEqual([
      'COUCHDB_URL: must be a URL such as http://admin:pw@host:5984',
    ]);
  });

  it('accepts a CouchDB URL with credentials and a path', () => {
    const url = 'https://admin:p%40ss@couch.example:6984/couch';
    expect(loadConfig({ COUCHDB_URL: url }).couchdbUrl).toBe(url);
  });
});
