import type nano from 'nano';
import {
  outcomeIdFor,
  principalDb,
  statusIdFor,
  taskIdFor,
  type CaseDoc,
  type OutcomeDoc,
  type StaffProfile,
  type StatusDoc,
  type TaskDoc,
} from '@smt/shared';
import type { DeviceLedger, DeviceSettlement } from './protocol.ts';
import { serverDocs } from './sim-context.ts';

/**
 * The end-of-run checks: what the devices say they wrote against what the server holds, and
 * what the server holds against what each device shows. Every check counts what it expected,
 * what it found right, and keeps a few examples of what was wrong.
 */
export interface Check {
  name: string;
  expected: number;
  ok: number;
  problems: string[];
  problemCount: number;
}

export interface Convergence {
  checks: Check[];
  lost: number;
  duplicated: number;
  converged: boolean;
}

const EXAMPLES_KEPT = 5;

class CheckBuilder implements Check {
  expected = 0;
  ok = 0;
  problems: string[] = [];
  problemCount = 0;
  constructor(readonly name: string) {}
  pass(): void {
    this.expected++;
    this.ok++;
  }
  fail(problem: string): void {
    this.expected++;
    this.problemCount++;
    if (this.problems.length < EXAMPLES_KEPT) this.problems.push(problem);
  }
  judge(ok: boolean, problem: () => string): void {
    if (ok) this.pass();
    else this.fail(problem());
  }
}

type Doc = { _id: string } & Record<string, unknown>;

/** Checks what the server holds; `settlements` (the devices' final look) may come later. */
export async function checkServer(
  store: nano.ServerScope,
  ledgers: DeviceLedger[],
): Promise<Convergence> {
  const cases = (await serverDocs(store, 'cases')).filter(
    (doc) => doc.type === 'case',
  ) as unknown as CaseDoc[];
  const byReport = new Map<string, CaseDoc[]>();
  for (const c of cases) byReport.set(c.reportId, [...(byReport.get(c.reportId) ?? []), c]);
  const citizens = ledgers.filter((l) => l.kind === 'citizen' && l.principal);
  const staff = ledgers.filter((l) => l.kind === 'staff' && l.principal && l.profile);
  let lost = 0;
  let duplicated = 0;

  const reports = new CheckBuilder('reports: exactly one case each');
  const known = new Set<string>();
  for (const ledger of ledgers) {
    for (const report of ledger.reports) {
      known.add(report.id);
      const found = byReport.get(report.id) ?? [];
      if (found.length === 0) lost++;
      if (found.length > 1) duplicated += found.length - 1;
      reports.judge(found.length === 1, () => `${report.id}: ${found.length} cases`);
    }
  }
  const phantoms = cases.filter((c) => !known.has(c.reportId));
  for (const c of phantoms) reports.fail(`${c._id}: a case no device reported`);
  duplicated += phantoms.length;

  // A number shared by two cases fails this check (and so convergence) but is not counted as a
  // duplicated report: a duplicated case already was, above, and would be counted twice.
  const numbers = new CheckBuilder('case numbers: unique');
  const seenNumbers = new Map<string, string>();
  for (const c of cases) {
    if (!c.caseNumber) continue;
    const other = seenNumbers.get(c.caseNumber);
    numbers.judge(!other, () => `${c.caseNumber}: ${other} and ${c._id}`);
    seenNumbers.set(c.caseNumber, c._id);
  }

  const coverage = new CheckBuilder('reports: judged as expected');
  for (const ledger of citizens) {
    for (const report of ledger.reports) {
      const c = byReport.get(report.id)?.[0];
      if (!c) continue;
      const rejected = c.state === 'rejected';
      coverage.judge(
        report.covered !== rejected,
        () => `${report.id}: ${c.state} ${c.reason?.code ?? ''}`,
      );
    }
  }

  const statuses = new CheckBuilder('statuses on the server: match the case');
  const photos = new CheckBuilder('citizen photos: on the server and on the case');
  for (const ledger of citizens) {
    const id = ledger.principal!.id;
    const main = new Map(
      (await serverDocs(store, principalDb('citizen', id, 'main'))).map((d) => [d._id, d]),
    );
    const media = new Set(
      (await serverDocs(store, principalDb('citizen', id, 'media'))).map((d) => d._id),
    );
    for (const report of ledger.reports) {
      const c = byReport.get(report.id)?.[0];
      if (!c) continue;
      const status = main.get(statusIdFor(report.id)) as unknown as StatusDoc | undefined;
      statuses.judge(
        status !== undefined && status.state === c.state && status.updatedAt === c.updatedAt,
        () => `${report.id}: case ${c.state}, status ${status?.state ?? 'missing'}`,
      );
      if (!main.has(report.id)) lost++;
      for (const photoId of report.photoIds) {
        const linked = c.photos.some((p) => p.photoId === photoId);
        if (!media.has(photoId)) lost++;
        photos.judge(
          media.has(photoId) && linked,
          () =>
            `${photoId}: ${media.has(photoId) ? 'not linked to the case' : 'not on the server'}`,
        );
      }
    }
  }

  const actions = new CheckBuilder('actions: applied or refused with a reason, once');
  const staffPhotos = new CheckBuilder('staff photos: on the server');
  const caseById = new Map(cases.map((c) => [c._id, c]));
  const staffDbs = new Map<string, Map<string, Doc>>();
  const staffDb = async (ledger: DeviceLedger) => {
    const name = principalDb(ledger.principal!.kind, ledger.principal!.id, 'main');
    if (!staffDbs.has(name)) {
      staffDbs.set(name, new Map((await serverDocs(store, name)).map((d) => [d._id, d])));
    }
    return staffDbs.get(name)!;
  };
  for (const ledger of staff) {
    const docs = await staffDb(ledger);
    for (const action of ledger.actions) {
      const outcome = docs.get(outcomeIdFor(action.id)) as unknown as OutcomeDoc | undefined;
      const c = caseById.get(action.caseId);
      const applied = c?.history.filter((e) => e.actionId === action.id).length ?? 0;
      const refused = c?.refusals?.filter((r) => r.actionId === action.id).length ?? 0;
      if (!docs.has(action.id)) lost++;
      if (applied + refused > 1) duplicated++;
      const right =
        docs.has(action.id) &&
        outcome !== undefined &&
        applied + refused === 1 &&
        (outcome.result === 'applied' ? applied === 1 : refused === 1 && !!outcome.reason?.code);
      actions.judge(
        right,
        () =>
          `${action.kind} ${action.id}: outcome ${outcome?.result ?? 'missing'}, ` +
          `in history ${applied}, refused ${refused}`,
      );
    }
    const media = new Set(
      (
        await serverDocs(store, principalDb(ledger.principal!.kind, ledger.principal!.id, 'media'))
      ).map((d) => d._id),
    );
    for (const photoId of ledger.staffPhotoIds) {
      if (!media.has(photoId)) lost++;
      staffPhotos.judge(media.has(photoId), () => `${photoId}: not on the server`);
    }
  }

  const tasks = new CheckBuilder('tasks on the server: with exactly the right staff');
  const accounts = new Map(staff.map((l) => [l.principal!.id, l]));
  for (const ledger of accounts.values()) {
    const docs = await staffDb(ledger);
    for (const c of cases) {
      const task = docs.get(taskIdFor(c._id)) as unknown as TaskDoc | undefined;
      const holds = holds_(ledger.profile!, c);
      const right = holds
        ? task !== undefined &&
          !task.withdrawn &&
          task.state === c.state &&
          task.updatedAt === c.updatedAt
        : task === undefined || task.withdrawn;
      tasks.judge(right, () => `${ledger.profile!.name} ${c._id} (${c.state}): ${taskState(task)}`);
    }
  }

  const checks = [reports, numbers, coverage, statuses, photos, actions, staffPhotos, tasks];
  return { checks, lost, duplicated, converged: checks.every((c) => c.problemCount === 0) };
}

/** Who should hold a case, from the roles' reach (DESIGN.md, task-projection's contract). */
function holds_(profile: StaffProfile, c: CaseDoc): boolean {
  switch (profile.role) {
    case 'center-dispatcher':
      return true;
    case 'district-dispatcher':
      return c.dispatchedTo !== undefined && c.dispatchedTo === profile.district;
    case 'supervisor':
      return c.district !== undefined && profile.districts.includes(c.district);
    case 'disposal-team':
      return c.teamId !== undefined && c.teamId === profile.teamId;
  }
}

/** Adds the devices' own final look to the server's checks. */
export function withDevices(server: Convergence, settlements: DeviceSettlement[]): Convergence {
  const devices = new CheckBuilder('devices: show what the server holds (no stuck checkpoint)');
  const pushed = new CheckBuilder('devices: nothing left unsent');
  for (const s of settlements) {
    const off = s.missing.length + s.stale.length;
    devices.judge(off === 0 && !s.error, () =>
      s.error
        ? `${s.key}: ${s.error}`
        : `${s.key}: missing ${s.missing.length} (${firstFew(s.missing)}), ` +
          `stale ${s.stale.length} (${firstFew(s.stale)})` +
          (s.note ? ` [${s.note}]` : ''),
    );
    pushed.judge(
      s.unsent.length === 0 && s.pushed,
      // A device whose final push did not finish in time may hold nothing it knows to be unsent.
      () =>
        `${s.key}: ${s.unsent.length} unsent (${firstFew(s.unsent)})` +
        (s.pushed ? '' : ', final push not finished') +
        (s.note ? ` [${s.note}]` : ''),
    );
  }
  const checks = [...server.checks, devices, pushed];
  return { ...server, checks, converged: checks.every((c) => c.problemCount === 0) };
}

const firstFew = (ids: string[]): string => ids.slice(0, 2).join(', ');

function taskState(task: TaskDoc | undefined): string {
  if (!task) return 'no task';
  return task.withdrawn ? `${task.state} withdrawn` : task.state;
}
