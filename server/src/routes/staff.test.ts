import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffDirectoryEntry, StaffProfile } from '@smt/shared';
import { createStaffAccount } from '../auth/staff.ts';
import { postJson, signInCitizen } from '../testing/sign-in.ts';
import { startTestServer, type TestServer } from '../testing/start-test-server.ts';

const PASSWORD = 'directory-test-password';
const TEAM: StaffProfile = {
  role: 'disposal-team',
  name: 'team-member-one',
  displayName: '长安区处置一队 队员1',
  teamId: 'changanteam1',
};
const DESK: StaffProfile = {
  role: 'district-dispatcher',
  name: 'changan-desk',
  displayName: '长安区平台',
  district: '长安区',
};

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await createStaffAccount(server.ctx.store, TEAM, PASSWORD);
  await createStaffAccount(server.ctx.store, DESK, PASSWORD);
});

afterAll(() => server.close());

async function directory(accessToken: string): Promise<Response> {
  return fetch(`${server.url}/api/staff/directory`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

describe('GET /api/staff/directory', () => {
  it('names every staff member, their role and reach, to a signed-in staff member', async () => {
    const signedIn = await postJson(server, '/api/auth/staff', {
      name: DESK.name,
      password: PASSWORD,
    });
    const { accessToken } = (await signedIn.json()) as { accessToken: string };

    const answer = await directory(accessToken);

    expect(answer.status).toBe(200);
    const { staff } = (await answer.json()) as { staff: StaffDirectoryEntry[] };
    expect(
      staff.map(({ principalId: _, ...rest }) => rest).sort((a, b) => a.role.localeCompare(b.role)),
    ).toEqual([
      { role: 'disposal-team', displayName: TEAM.displayName, teamId: 'changanteam1' },
      { role: 'district-dispatcher', displayName: DESK.displayName, district: '长安区' },
    ]);
    // The login name is half of the credentials; colleagues never get it.
    expect(JSON.stringify(staff)).not.toContain(TEAM.name);
  });

  it('refuses citizens and requests without a token', async () => {
    const citizen = await signInCitizen(server, '+8613812345678');
    const asCitizen = await directory(citizen.accessToken);
    expect(asCitizen.status).toBe(403);
    expect(await asCitizen.json()).toMatchObject({ error: 'forbidden' });

    const anonymous = await fetch(`${server.url}/api/staff/directory`);
    expect(anonymous.status).toBe(401);
  });
});
