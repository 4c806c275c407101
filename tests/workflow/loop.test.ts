import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDoc, StaffProfile } from '@smt/shared';
import type { CitizenDevice, StaffDevice } from '@smt/sync';
import { jpegWithOrientation } from '../fixtures/photos.ts';
import { captureTime, CHANG_AN, newPhone, openDevice, signIn } from '../support/citizen.ts';
import { startServer, type TestServer } from '../support/server.ts';
import {
  act,
  inState,
  openStaff,
  readCase,
  SERVER_ENV,
  waitForOutcome,
  waitForStatus,
  waitForTask,
  waitUntil,
} from './support.ts';

/**
 * The closed loop end to end: a citizen's device, and the devices of the centre, a district
 * platform, a supervisor and two members of one disposal team, all talking HTTP to a real
 * server process through the sync gateway. "Offline" is a device whose sync is stopped.
 */
describe('the case workflow through real sync', () => {
  let server: TestServer;
  let phone: string;
  let citizen: CitizenDevice;
  let center: StaffDevice;
  let changanDesk: StaffDevice;
  let supervisor: StaffDevice;
  let memberOne: StaffDevice;
  let memberTwo: StaffDevice;
  let teamId: string;

  beforeAll(async () => {
    server = await startServer(SERVER_ENV);
    phone = newPhone();
    citizen = await openDevice(server, await signIn(server, phone));
    citizen.startSync();
    center = await openStaff(server, 'demo-center');
    changanDesk = await openStaff(server, 'demo-changan-desk');
    supervisor = await openStaff(server, 'demo-supervisor');
    memberOne = await openStaff(server, 'demo-team-a1');
    memberTwo = await openStaff(server, 'demo-team-a2');
    teamId = (memberOne.profile as Extract<StaffProfile, { role: 'disposal-team' }>).teamId;
  });

  afterAll(async () => {
    for (const device of [citizen, center, changanDesk, supervisor, memberOne, memberTwo]) {
      await device?.close();
    }
    await server?.dispose();
  });

  async function report(description: string, followUpSms: boolean) {
    const submitted = await citizen.submitReport({
      category: { major: 'garbage', minor: 'exposed-garbage' },
      description,
      location: CHANG_AN,
      capturedAt: captureTime(true),
      followUpSms,
      photos: [],
    });
    await waitForStatus(citizen, submitted._id, (s) => s.state === 'accepted');
    return { reportId: submitted._id, caseId: `case-${submitted._id}` };
  }

  /** From 立案 (intake's rules) to a disposal team, all online. */
  async function toTeam(caseId: string): Promise<void> {
    await waitForTask(center, caseId, inState('accepted'));
    expect((await act(center, caseId, 'request-verify', {})).result).toBe('applied');
    await waitForTask(supervisor, caseId, inState('verifying'));
    expect((await act(supervisor, caseId, 'verify', { outcome: 'confirm' })).result).toBe(
      'applied',
    );
    await waitForTask(center, caseId, inState('verified'));
    expect((await act(center, caseId, 'dispatch', { district: '长安区' })).result).toBe('applied');
    await waitForTask(changanDesk, caseId, inState('dispatched'));
    expect((await act(changanDesk, caseId, 'assign', { teamId })).result).toBe('applied');
  }

  /** The team member takes an after-photo and reports the disposal while offline. */
  async function disposeOffline(member: StaffDevice, caseId: string, round: number) {
    await waitForTask(member, caseId, inState('assigned', round));
    await member.stopSync();
    const photoId = await member.queuePhoto(
      caseId,
      new Uint8Array(await jpegWithOrientation(6)),
      new Date().toISOString(),
    );
    const action = await member.writeAction(caseId, 'dispose', {
      reworkCount: round,
      note: round === 0 ? '已清理' : '剩余垃圾袋已清走',
      photoIds: [photoId],
    });
    expect((await readCase(server, caseId)).state).toBe('assigned');
    member.startSync();
    return { action, photoId };
  }

  it('takes a report through verification, disposal, a failed check, rework and closing', async () => {
    const { reportId, caseId } = await report('路边垃圾堆积，已经三天', true);

    await waitForTask(center, caseId, inState('accepted'));
    expect((await act(center, caseId, 'request-verify', {})).result).toBe('applied');

    // The supervisor verifies on site without a connection.
    await waitForTask(supervisor, caseId, inState('verifying'));
    await supervisor.stopSync();
    const verify = await supervisor.writeAction(caseId, 'verify', {
      outcome: 'confirm',
      note: '现场确认属实',
    });
    expect((await readCase(server, caseId)).state).toBe('verifying');
    supervisor.startSync();
    expect((await waitForOutcome(supervisor, verify._id)).result).toBe('applied');

    await waitForTask(center, caseId, inState('verified'));
    expect((await act(center, caseId, 'dispatch', { district: '长安区' })).result).toBe('applied');
    await waitForTask(changanDesk, caseId, inState('dispatched'));
    expect((await act(changanDesk, caseId, 'assign', { teamId })).result).toBe('applied');

    const first = await disposeOffline(memberOne, caseId, 0);
    expect((await waitForOutcome(memberOne, first.action._id)).result).toBe('applied');

    // The check fails once and the centre sends the case back for rework.
    await waitForTask(center, caseId, inState('disposed'));
    expect((await act(center, caseId, 'request-check', {})).result).toBe('applied');
    await waitForTask(supervisor, caseId, inState('checking'));
    const failed = await act(supervisor, caseId, 'check', {
      reworkCount: 0,
      outcome: 'fail',
      note: '仍有垃圾袋',
    });
    expect(failed.result).toBe('applied');
    await waitForTask(center, caseId, inState('check-failed'));
    expect((await act(center, caseId, 'return', { reason: '垃圾袋未清走' })).result).toBe(
      'applied',
    );

    const second = await disposeOffline(memberOne, caseId, 1);
    expect((await waitForOutcome(memberOne, second.action._id)).result).toBe('applied');
    await waitForTask(center, caseId, inState('disposed', 1));
    expect((await act(center, caseId, 'request-check', {})).result).toBe('applied');
    await waitForTask(supervisor, caseId, inState('checking', 1));
    expect(
      (await act(supervisor, caseId, 'check', { reworkCount: 1, outcome: 'pass' })).result,
    ).toBe('applied');
    await waitForTask(center, caseId, inState('checked', 1));
    expect((await act(center, caseId, 'close', { note: '处置合格' })).result).toBe('applied');

    const status = await waitForStatus(citizen, reportId, (s) => s.state === 'closed');
    expect(status.history.map((event) => event.state)).toEqual([
      'accepted',
      'verifying',
      'verified',
      'dispatched',
      'assigned',
      'disposed',
      'checking',
      'check-failed',
      'assigned',
      'disposed',
      'checking',
      'checked',
      'closed',
    ]);
    // The citizen hears what happened, not which member of staff did it.
    const staffIds = [center, changanDesk, supervisor, memberOne].map((d) => d.principalId);
    expect(staffIds.filter((id) => JSON.stringify(status).includes(id))).toEqual([]);

    await waitUntil('the follow-up SMS', async () => (await followUps(server, phone)).length > 0);
    // Later changes of the case (task holders, a re-read feed) must not send it again.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const sms = await followUps(server, phone);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toContain(status.caseNumber);

    const closed = await readCase(server, caseId);
    const disposals = closed.history.filter((event) => event.state === 'disposed');
    expect(disposals.map((event) => event.photoIds)).toEqual([[first.photoId], [second.photoId]]);
    const teamMedia = server.couch.use(`team-${memberOne.principalId}-media`);
    for (const photoId of [first.photoId, second.photoId]) {
      const stored = await teamMedia.get(photoId);
      expect(Object.keys(stored._attachments ?? {})).toEqual(['original']);
    }
  });

  it('applies the first of two offline disposals to reach the server and refuses the other', async () => {
    for (const [winner, loser] of [
      [memberOne, memberTwo],
      [memberTwo, memberOne],
    ] as const) {
      const { caseId } = await report('人行道上有建筑垃圾', false);
      await toTeam(caseId);
      await waitForTask(winner, caseId, inState('assigned'));
      await waitForTask(loser, caseId, inState('assigned'));

      // Both take their photo and report the disposal while offline.
      await Promise.all([winner.stopSync(), loser.stopSync()]);
      const offlineDisposal = async (member: StaffDevice) => {
        const photoId = await member.queuePhoto(
          caseId,
          new Uint8Array(await jpegWithOrientation(8)),
          new Date().toISOString(),
        );
        const note = '已处置';
        return member.writeAction(caseId, 'dispose', { reworkCount: 0, note, photoIds: [photoId] });
      };
      const won = await offlineDisposal(winner);
      const lost = await offlineDisposal(loser);

      winner.startSync();
      expect((await waitForOutcome(winner, won._id)).result).toBe('applied');
      loser.startSync();
      const refused = await waitForOutcome(loser, lost._id);

      expect(refused.result).toBe('refused');
      expect(refused.reason?.code).toBe('action-not-allowed-in-state');
      expect(refused.reason?.detail).toMatch(/disposed/);
      for (const device of [winner, loser]) {
        const task = await waitForTask(device, caseId, (t) => t.refusals.length === 1);
        expect(task.state).toBe('disposed');
        expect(task.history.at(-1)).toMatchObject({ state: 'disposed', actionId: won._id });
        expect(task.refusals[0]).toMatchObject({
          actionId: lost._id,
          reason: { code: 'action-not-allowed-in-state' },
        });
      }
      const stored: CaseDoc = await readCase(server, caseId);
      expect(stored.history.filter((event) => event.state === 'disposed')).toHaveLength(1);
      expect(stored.refusals?.map((r) => r.actionId)).toEqual([lost._id]);
    }
  });
});

async function followUps(server: TestServer, phone: string): Promise<string[]> {
  const { rows } = await server.couch
    .use<{ to?: string; text?: string }>('sms-outbox')
    .list({ include_docs: true });
  return rows
    .map((row) => row.doc)
    .filter((doc) => doc?.to === phone && doc.text?.includes('结案'))
    .map((doc) => doc!.text!);
}
