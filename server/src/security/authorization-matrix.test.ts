import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseIdFor, type CaseDoc, principalDb, SERVER_DBS, type SyncAlias } from '@smt/shared';
import { DEMO_TEAM_CHANGAN } from '../auth/demo-staff.ts';
import { startTestServer, type TestServer } from '../testing/start-test-server.ts';
import { ACTORS, type Actor, rawRequest, type RawAnswer, type Sessions } from './actors.ts';
import { signInEveryone } from './actors.ts';

/**
 * Who may do what, in one table: every actor against the aliases, every server database and
 * every other principal's database by its real name, the CouchDB server endpoints, path tricks
 * that try to climb out of a database, and every API route. Each cell is the status the actor
 * must get; every deny is also checked for its body (one 404 body for everything the gateway
 * does not serve, so nobody learns what exists) and every answer for what it must not carry.
 */
let server: TestServer;
let sessions: Sessions;
/** Citizen A's report, with a processed photo, in 长安区, dispatched there and assigned. */
let reportId: string;
let photoHash: string;

const CANONICAL_404 = { error: 'not-found', message: 'Not found.', reason: 'Not found.' };

type Ctx = { actor: Actor; self?: Sessions[keyof Sessions] };
type Row = {
  what: string;
  method?: string;
  path: (ctx: Ctx) => string;
  body?: (ctx: Ctx) => unknown;
  /**
   * Columns in ACTORS order: anonymous, forged, A, B, center, 长安 desk, 桥西 desk, supervisor,
   * team a1, team b1.
   */
  expect: readonly number[];
  /** A 404 from the actor's own database (a document that is not there) has CouchDB's body. */
  ownMissing?: boolean;
  /** What an allowed answer must show (that it is the actor's own data). */
  allowed?: (answer: RawAnswer, ctx: Ctx) => void;
};

const ALL_SIGNED_IN = (status: number) => [
  401,
  401,
  status,
  status,
  status,
  status,
  status,
  status,
  status,
  status,
];
const CITIZENS_ONLY = (yes: number, no: number) => [401, 401, yes, yes, no, no, no, no, no, no];
const STAFF_ONLY = (yes: number, no: number) => [401, 401, no, no, yes, yes, yes, yes, yes, yes];
const EVERYONE = (status: number) => ACTORS.map(() => status);

const dbOf = (actor: Exclude<Actor, 'anonymous' | 'forged'>, alias: SyncAlias) => {
  const { principal } = sessions[actor];
  return principalDb(principal.kind, principal.id, alias);
};
const ownDb = (ctx: Ctx, alias: SyncAlias) =>
  principalDb(ctx.self!.principal.kind, ctx.self!.principal.id, alias);
const newId = () => randomBytes(12).toString('hex');

const TABLE: readonly Row[] = [
  // The gateway root and the actor's own databases, by alias.
  { what: 'server root', path: () => '/sync/', expect: ALL_SIGNED_IN(200) },
  {
    what: 'own main database',
    path: () => '/sync/main/',
    expect: ALL_SIGNED_IN(200),
    allowed: (answer, ctx) => expect(JSON.parse(answer.body).db_name).toBe(ownDb(ctx, 'main')),
  },
  {
    what: 'own media outbox (the alias wins over the server database called media)',
    path: () => '/sync/media/',
    expect: ALL_SIGNED_IN(200),
    allowed: (answer, ctx) => expect(JSON.parse(answer.body).db_name).toBe(ownDb(ctx, 'media')),
  },
  { what: 'own _changes', path: () => '/sync/main/_changes?since=0', expect: ALL_SIGNED_IN(200) },
  { what: 'own _all_docs', path: () => '/sync/main/_all_docs', expect: ALL_SIGNED_IN(200) },
  {
    what: 'own checkpoint written',
    method: 'PUT',
    path: () => `/sync/main/_local/matrix-${newId()}`,
    body: () => ({ last_seq: '0' }),
    expect: ALL_SIGNED_IN(201),
  },
  // One writer per document.
  {
    what: 'report written into own main',
    method: 'PUT',
    path: () => `/sync/main/r${newId()}`,
    body: () => ({ type: 'report', description: 'matrix' }),
    expect: CITIZENS_ONLY(201, 403),
  },
  {
    what: 'action written into own main',
    method: 'PUT',
    path: () => `/sync/main/action-${newId()}`,
    body: () => ({ type: 'action', kind: 'verify' }),
    expect: STAFF_ONLY(201, 403),
  },
  {
    what: 'status written by a device',
    method: 'POST',
    path: () => '/sync/main/_bulk_docs',
    body: () => ({ docs: [{ _id: `status-r${newId()}`, type: 'status', state: 'closed' }] }),
    expect: ALL_SIGNED_IN(403),
  },
  {
    what: 'design document written through _bulk_docs',
    method: 'POST',
    path: () => '/sync/main/_bulk_docs',
    body: () => ({ docs: [{ _id: '_design/x', views: { all: { map: 'function(d){}' } } }] }),
    expect: ALL_SIGNED_IN(403),
  },
  {
    what: 'own database deleted',
    method: 'DELETE',
    path: () => '/sync/main/',
    expect: ALL_SIGNED_IN(404),
  },
  {
    what: 'own database created',
    method: 'PUT',
    path: () => '/sync/main/',
    expect: ALL_SIGNED_IN(404),
  },
  { what: 'own _security', path: () => '/sync/main/_security', expect: ALL_SIGNED_IN(404) },
  { what: 'own design document', path: () => '/sync/main/_design/x', expect: ALL_SIGNED_IN(404) },
  {
    what: 'own _find (could scan with a selector the gateway never vetted)',
    method: 'POST',
    path: () => '/sync/main/_find',
    body: () => ({ selector: {} }),
    expect: ALL_SIGNED_IN(404),
  },
  {
    what: 'own _changes through a design-document filter',
    path: () => '/sync/main/_changes?filter=app/all',
    expect: ALL_SIGNED_IN(404),
  },
  {
    what: "the task for citizen A's case, projected to the staff in reach",
    path: () => `/sync/main/task-${caseIdFor(reportId)}`,
    expect: [401, 401, 404, 404, 200, 200, 404, 200, 200, 404],
    ownMissing: true,
    allowed: (answer) => expect(JSON.parse(answer.body)).not.toHaveProperty('citizen'),
  },
  // Other principals' databases by their real names: never, not even one's own by name.
  {
    what: "citizen A's main by name",
    path: () => `/sync/${dbOf('citizenA', 'main')}/`,
    expect: ALL_SIGNED_IN(404),
  },
  {
    what: "citizen A's media by name",
    path: () => `/sync/${dbOf('citizenA', 'media')}/`,
    expect: ALL_SIGNED_IN(404),
  },
  {
    what: "citizen A's _changes by name",
    path: () => `/sync/${dbOf('citizenA', 'main')}/_changes`,
    expect: ALL_SIGNED_IN(404),
  },
  {
    what: "citizen A's _local by name",
    path: () => `/sync/${dbOf('citizenA', 'main')}/_local/x`,
    expect: ALL_SIGNED_IN(404),
  },
  {
    what: "citizen B's main by name",
    path: () => `/sync/${dbOf('citizenB', 'main')}/`,
    expect: ALL_SIGNED_IN(404),
  },
  {
    what: "team a1's main by name",
    path: () => `/sync/${dbOf('teamA1', 'main')}/_all_docs`,
    expect: ALL_SIGNED_IN(404),
  },
  {
    what: "the centre's main by name",
    path: () => `/sync/${dbOf('center', 'main')}/`,
    expect: ALL_SIGNED_IN(404),
  },
  {
    what: 'a database that does not exist',
    path: () => '/sync/citizen-cnobody00000000000000/',
    expect: ALL_SIGNED_IN(404),
  },
  // Server-only databases.
  ...Object.values(SERVER_DBS)
    .filter((name) => name !== 'media')
    .flatMap((name): Row[] => [
      { what: `server database ${name}`, path: () => `/sync/${name}/`, expect: ALL_SIGNED_IN(404) },
      {
        what: `server database ${name} _all_docs`,
        path: () => `/sync/${name}/_all_docs?include_docs=true`,
        expect: ALL_SIGNED_IN(404),
      },
    ]),
  {
    what: 'server database media _all_docs (under the alias only the outbox)',
    path: () => '/sync/media/_all_docs?include_docs=true',
    expect: ALL_SIGNED_IN(200),
    allowed: (answer) => expect(answer.body).not.toMatch(/"type":"(photo-record|blob|grant)"/),
  },
  // CouchDB server endpoints.
  ...[
    '_all_dbs',
    '_config',
    '_users',
    '_session',
    '_utils/',
    '_active_tasks',
    '_uuids',
    '_node/_local/_config',
    '_membership',
    '_db_updates',
    '_up',
  ].map((endpoint): Row => ({
    what: `server endpoint ${endpoint}`,
    path: () => `/sync/${endpoint}`,
    expect: ALL_SIGNED_IN(404),
  })),
  {
    what: 'server endpoint _replicate',
    method: 'POST',
    path: () => '/sync/_replicate',
    body: () => ({ source: 'cases', target: 'x' }),
    expect: ALL_SIGNED_IN(404),
  },
  // Climbing out of the own database.
  ...[
    '/sync/main/../cases/',
    '/sync/main/../_all_dbs',
    '/sync/main/%2E%2E/accounts/',
    '/sync/main/..%2Faccounts%2F_all_docs',
    '/sync/main%2F..%2Fcases/',
    '/sync/main/_design%2Fx',
    '/sync/main/_local%2F..%2F..%2Fcases',
    '/sync/main/%5C..%5Ccases',
    '/sync/..%2Fsync%2Fmain/',
    '/sync/main/_all_docs/../../cases/_all_docs',
  ].map((path): Row => ({
    what: `path trick ${path}`,
    path: () => path,
    expect: ALL_SIGNED_IN(404),
  })),
  // The API.
  {
    what: 'GET /api/me',
    path: () => '/api/me',
    expect: ALL_SIGNED_IN(200),
    allowed: (answer, ctx) =>
      expect(JSON.parse(answer.body).principal).toEqual(ctx.self!.principal),
  },
  {
    what: "a photo of citizen A's case",
    path: () => `/api/media/${photoHash}`,
    expect: [401, 401, 200, 404, 200, 200, 404, 200, 200, 404],
    allowed: (answer) => expect(answer.headers['content-type']).toMatch(/^image\//),
  },
  {
    what: "a photo of citizen A's case, token in the query",
    path: (ctx) => `/api/media/${photoHash}?access_token=${ctx.self?.accessToken ?? ''}`,
    expect: [401, 401, 200, 404, 200, 200, 404, 200, 200, 404],
  },
  {
    what: 'a photo that does not exist',
    path: () => `/api/media/${'0'.repeat(64)}`,
    expect: ALL_SIGNED_IN(404),
  },
  {
    what: 'a media name that is not a hash',
    path: () => '/api/media/..%2F..%2Fsync%2Fmain',
    expect: ALL_SIGNED_IN(404),
  },
  {
    what: 'an access token used as a refresh token',
    method: 'POST',
    path: () => '/api/auth/refresh',
    body: (ctx) => ({ refreshToken: ctx.self?.accessToken ?? 'none' }),
    expect: EVERYONE(401),
  },
  {
    what: 'signing out a session that is not one',
    method: 'POST',
    path: () => '/api/auth/signout',
    body: () => ({ refreshToken: 'not-a-token' }),
    expect: EVERYONE(401),
  },
  {
    what: 'staff sign-in with a wrong password',
    method: 'POST',
    path: () => '/api/auth/staff',
    body: () => ({ name: 'demo-center', password: 'wrong password' }),
    expect: EVERYONE(401),
  },
  {
    what: 'verifying a code that was never sent',
    method: 'POST',
    path: () => '/api/auth/verify',
    body: () => ({ phone: '13866661999', code: '123456' }),
    expect: EVERYONE(401),
  },
  { what: 'an API route that does not exist', path: () => '/api/cases', expect: EVERYONE(404) },
  { what: 'health', path: () => '/healthz', expect: EVERYONE(200) },
];

beforeAll(async () => {
  server = await startTestServer({}, { workers: true });
  sessions = await signInEveryone(server);
  ({ reportId, photoHash } = await citizenACaseWithPhoto());
});

afterAll(() => server?.close());

/** A case assigned to 长安 team 1 with a photo that went through the gateway and the worker. */
async function citizenACaseWithPhoto(): Promise<{ reportId: string; photoHash: string }> {
  const id = `r${newId()}`;
  const now = new Date().toISOString();
  const cases = server.ctx.store.couch.use<CaseDoc>(SERVER_DBS.cases);
  const { principal } = sessions.citizenA;
  await cases.insert({
    _id: caseIdFor(id),
    type: 'case',
    reportId: id,
    citizen: { principalId: principal.id, db: dbOf('citizenA', 'main') },
    caseNumber: 'SJZ-20260601-00001',
    state: 'assigned',
    category: { major: 'facilities', minor: 'manhole-cover' },
    description: 'matrix',
    location: { lat: 38.0428, lng: 114.5149, source: 'gps' },
    district: '长安区',
    dispatchedTo: '长安区',
    teamId: DEMO_TEAM_CHANGAN,
    capturedAt: now,
    receivedAt: now,
    judgedAt: now,
    judgedOn: 'capture',
    followUpSms: false,
    photoCount: 1,
    photos: [],
    history: [{ state: 'accepted', at: now, by: 'intake' }],
    updatedAt: now,
  });
  const jpeg = await sharp({
    create: { width: 320, height: 240, channels: 3, background: '#c03030' },
  })
    .jpeg()
    .toBuffer();
  const photo = {
    _id: `photo-${id}-0`,
    type: 'photo',
    reportId: id,
    index: 0,
    takenAt: now,
    _attachments: { original: { content_type: 'image/jpeg', data: jpeg.toString('base64') } },
  };
  const pushed = await rawRequest(server, 'POST', '/sync/media/_bulk_docs', {
    token: sessions.citizenA.accessToken,
    body: JSON.stringify({ docs: [photo] }),
  });
  if (pushed.status !== 201) throw new Error(`photo push failed: ${pushed.body}`);

  for (let attempt = 0; attempt < 300; attempt++) {
    const display = (await cases.get(caseIdFor(id))).photos[0]?.display;
    const task = await server.ctx.store.couch
      .use(dbOf('teamA1', 'main'))
      .get(`task-${caseIdFor(id)}`)
      .catch(() => undefined);
    if (display && task) return { reportId: id, photoHash: display };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the photo worker never linked the photo');
}

/** Who may know of citizen A's report: A and the staff whose reach its case is in. */
const IN_REACH_OF_A: readonly Actor[] = [
  'citizenA',
  'center',
  'changanDesk',
  'supervisor',
  'teamA1',
];

/** Strings that belong to `owner` and must not reach `viewer`. */
function secretsOf(owner: Exclude<Actor, 'anonymous' | 'forged'>, viewer: Actor): string[] {
  const owned = [sessions[owner].principal.id];
  if (owner === 'citizenA' && !IN_REACH_OF_A.includes(viewer)) owned.push(reportId);
  return owned;
}

describe('authorization matrix', () => {
  it('has one column per actor in every row', () => {
    for (const row of TABLE) expect(row.expect, row.what).toHaveLength(ACTORS.length);
  });

  for (const [column, actor] of ACTORS.entries()) {
    it(`gives ${actor} exactly what the table says and nothing of anyone else`, async () => {
      const self = actor === 'anonymous' ? undefined : sessions[actor];
      const ctx: Ctx = { actor, self };
      const others = ACTORS.filter(
        (a): a is Exclude<Actor, 'anonymous' | 'forged'> =>
          a !== actor &&
          a !== 'anonymous' &&
          a !== 'forged' &&
          !(actor === 'forged' && a === 'citizenB'),
      );
      const foreign = others.flatMap((owner) => secretsOf(owner, actor));
      const mismatches: string[] = [];

      for (const row of TABLE) {
        const method = row.method ?? 'GET';
        const path = row.path(ctx);
        const body = row.body ? JSON.stringify(row.body(ctx)) : undefined;
        const answer = await rawRequest(server, method, path, { token: self?.accessToken, body });
        const expected = row.expect[column]!;
        const label = `${actor} ${method} ${path} (${row.what})`;
        if (answer.status !== expected) {
          mismatches.push(
            `${label}: ${answer.status}, expected ${expected}: ${answer.body.slice(0, 200)}`,
          );
          continue;
        }
        expect(answer.status, label).toBeLessThan(500);
        for (const secret of foreign) expect(answer.body, label).not.toContain(secret);
        checkDeny(answer, label, path, row.ownMissing);
        if (expected < 300 && row.allowed) row.allowed(answer, ctx);
      }
      expect(mismatches).toEqual([]);
    });
  }
});

/** A deny says why in the platform's shape and, for things not served, says nothing more. */
function checkDeny(answer: RawAnswer, label: string, path: string, ownMissing = false): void {
  if (answer.status < 400) return;
  const body = JSON.parse(answer.body) as Record<string, string>;
  if (answer.status === 401) {
    expect(body.error, label).toMatch(/^(unauthorized|token-expired|code-invalid)$/);
  } else if (answer.status === 403) {
    expect(body.error, label).toBe('document-not-allowed');
    expect(body.reason, label).toMatch(/only|not allowed|cannot/);
  } else if (answer.status === 404) {
    // The same bytes for a database that exists and one that does not.
    if (ownMissing) expect(body.error, label).toBe('not_found');
    else if (path.startsWith('/sync')) expect(body, label).toEqual(CANONICAL_404);
    else expect(body.error, label).toBe('not-found');
  }
  expect(answer.headers['www-authenticate'], label).toBeUndefined();
}
