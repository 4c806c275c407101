import http from 'node:http';
import { SignJWT } from 'jose';
import { ensureDemoStaff } from '../auth/demo-staff.ts';
import type { SessionTokens } from '../auth/sessions.ts';
import { childLogger } from '../logger.ts';
import { postJson, signInCitizen } from '../testing/sign-in.ts';
import type { TestServer } from '../testing/start-test-server.ts';

/**
 * Everyone the security tests send requests as: two citizens, each demo staff role (two of the
 * roles twice, in different districts or teams, so that reach is tested and not only role),
 * nobody, and someone holding a token signed with a key that is not the server's.
 */
export const ACTORS = [
  'anonymous',
  'forged',
  'citizenA',
  'citizenB',
  'center',
  'changanDesk',
  'qiaoxiDesk',
  'supervisor',
  'teamA1',
  'teamB1',
] as const;
export type Actor = (typeof ACTORS)[number];

const DEMO_NAMES: Partial<Record<Actor, string>> = {
  center: 'demo-center',
  changanDesk: 'demo-changan-desk',
  qiaoxiDesk: 'demo-qiaoxi-desk',
  supervisor: 'demo-supervisor',
  teamA1: 'demo-team-a1',
  teamB1: 'demo-team-b1',
};

export const TEST_STAFF_PASSWORD = 'security-tests-demo-password';

export type Sessions = Record<Exclude<Actor, 'anonymous'>, SessionTokens>;

/** Signs everybody in the way their app does; the forged token claims to be citizen B. */
export async function signInEveryone(server: TestServer): Promise<Sessions> {
  await ensureDemoStaff(server.ctx.store, TEST_STAFF_PASSWORD, childLogger('auth'));
  const citizenA = await signInCitizen(server, '13866661001');
  const citizenB = await signInCitizen(server, '13866661002');
  const staff: Partial<Sessions> = {};
  for (const [actor, name] of Object.entries(DEMO_NAMES)) {
    const answer = await postJson(server, '/api/auth/staff', {
      name,
      password: TEST_STAFF_PASSWORD,
    });
    if (answer.status !== 200) throw new Error(`staff sign-in failed: ${await answer.text()}`);
    staff[actor as keyof Sessions] = (await answer.json()) as SessionTokens;
  }
  const forgedToken = await new SignJWT({ kind: 'citizen' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('smt')
    .setAudience('smt:access')
    .setSubject(citizenB.principal.id)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode('a key that is not the server key, 32+ chars'));
  const forged = { ...citizenB, accessToken: forgedToken };
  return { ...(staff as Sessions), citizenA, citizenB, forged };
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP request with the path exactly as written: fetch() would resolve `..` and normalise
 * percent-encoding before sending, which is precisely what these tests must not let happen.
 */
export function rawRequest(
  server: TestServer,
  method: string,
  path: string,
  options: { token?: string; body?: string | Buffer; headers?: http.OutgoingHttpHeaders } = {},
): Promise<RawAnswer> {
  const { port } = new URL(server.url);
  const headers: http.OutgoingHttpHeaders = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = Buffer.byteLength(options.body);
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
