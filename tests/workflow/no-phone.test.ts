import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import type { StaffProfile } from '@smt/shared';
import type { CitizenDevice, StaffDevice } from '@smt/sync';
import { captureTime, CHANG_AN, newPhone, openDevice, signIn } from '../support/citizen.ts';
import { startServer, type TestServer } from '../support/server.ts';
import {
  act,
  inState,
  openStaff,
  SERVER_ENV,
  signInStaff,
  waitForStatus,
  waitForTask,
} from './support.ts';

/**
 * Staff never see a citizen's phone number. The citizen writes their number into the
 * description in every way people do; then everything each staff account can pull through
 * the gateway, and everything its device holds, is searched for the number in any spacing.
 */
const STAFF = ['demo-center', 'demo-changan-desk', 'demo-supervisor', 'demo-team-a1'] as const;

/** The national number's digits with up to three other characters between any two. */
function phonePattern(e164: string): RegExp {
  const national = e164.replace(/^\+86/, '');
  return new RegExp(national.split('').join('\\D{0,3}'));
}

/** Full-width digits become ASCII first, so `１３９…` is found too. */
function containsPhone(text: string, e164: string): boolean {
  return phonePattern(e164).test(text.normalize('NFKC'));
}

describe('what staff can pull', () => {
  let server: TestServer;
  let phone: string;
  let citizenId: string;
  let citizen: CitizenDevice;
  const devices = new Map<string, StaffDevice>();

  beforeAll(async () => {
    server = await startServer(SERVER_ENV);
    phone = newPhone();
    const auth = await signIn(server, phone);
    citizenId = auth.session!.id;
    citizen = await openDevice(server, auth);
    citizen.startSync();
    for (const name of STAFF) devices.set(name, await openStaff(server, name));
  });

  afterAll(async () => {
    await citizen?.close();
    for (const device of devices.values()) await device.close();
    await server?.dispose();
  });

  it('holds no form of the citizen phone number, on the devices or through the gateway', async () => {
    const national = phone.replace(/^\+86/, '');
    const spaced = `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
    const dashed = `+86-${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`;
    const fullWidth = national.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const description = `垃圾没人管，请回电 ${phone}、${spaced}、${dashed}，或１号楼旁 ${fullWidth}（${national}）`;
    const submitted = await citizen.submitReport({
      category: { major: 'garbage', minor: 'exposed-garbage' },
      description,
      location: CHANG_AN,
      capturedAt: captureTime(true),
      followUpSms: true,
      photos: [],
    });
    const caseId = `case-${submitted._id}`;
    await waitForStatus(citizen, submitted._id, (s) => s.state === 'accepted');
    // The search finds the number where it is allowed to be: the citizen's own report.
    expect(containsPhone(JSON.stringify(submitted), phone)).toBe(true);

    const [center, desk, supervisor, member] = STAFF.map((name) => devices.get(name)!);
    await waitForTask(center!, caseId, inState('accepted'));
    await act(center!, caseId, 'request-verify', {});
    await waitForTask(supervisor!, caseId, inState('verifying'));
    await act(supervisor!, caseId, 'verify', { outcome: 'confirm' });
    await act(center!, caseId, 'dispatch', { district: '长安区' });
    await waitForTask(desk!, caseId, inState('dispatched'));
    const teamId = (member!.profile as Extract<StaffProfile, { role: 'disposal-team' }>).teamId;
    await act(desk!, caseId, 'assign', { teamId });
    const task = await waitForTask(member!, caseId, inState('assigned'));
    expect(task.description).toContain('垃圾没人管');

    for (const name of STAFF) {
      const device = devices.get(name)!;
      await waitForTask(device, caseId, (t) => t.state === 'assigned');
      const local = JSON.stringify([
        await firstValueFrom(device.tasks$),
        [...(await firstValueFrom(device.outcomes$)).values()],
      ]);
      const pulled = await pullEverything(server, name);
      for (const text of [local, pulled]) {
        expect(containsPhone(text, phone), `${name} holds the phone number`).toBe(false);
        expect(text.includes(citizenId), `${name} holds the citizen's id`).toBe(false);
      }
      expect(pulled).toContain(caseId);
    }
  });
});

/** Every document and attachment list the account's databases give out, as one text. */
async function pullEverything(server: TestServer, name: string): Promise<string> {
  const auth = await signInStaff(server, name);
  const texts: string[] = [];
  for (const alias of ['main', 'media']) {
    for (const path of [
      '_changes?include_docs=true&style=all_docs',
      '_all_docs?include_docs=true',
    ]) {
      const response = await auth.authFetch(`${server.url}/sync/${alias}/${path}`);
      expect(response.status).toBe(200);
      texts.push(await response.text());
    }
  }
  return texts.join('\n');
}
