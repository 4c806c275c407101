import type { Logger } from 'pino';
import type { CaseDoc, CaseEvent, CaseRefusal, OutcomeDoc, Reason } from '@smt/shared';
import {
  applyAction,
  CASE_ID,
  caseViewOf,
  DEFAULT_TIME_LIMITS,
  isOverdue,
  outcomeIdFor,
  parsePrincipalDb,
  reason,
  SERVER_DBS,
  stateEnteredAt,
  type ActorScope,
  type TimeLimitsConfig,
} from '@smt/shared';
import { listStaff, staffScope, type StaffMember } from '../auth/staff.ts';
import type { SmsProvider } from '../auth/sms.ts';
import { casesDb } from '../cases/case-store.ts';
import { sendFollowUpOnce } from '../cases/follow-up.ts';
import { projectToCitizen } from '../cases/projection.ts';
import { projectOutcome, projectTasks } from '../cases/task-projection.ts';
import { getOrUndefined, upsert } from '../lib/couch-docs.ts';
import type { Store } from '../store/index.ts';
import type { ChangeHandler } from './follower.ts';

/**
 * The workflow worker, the only writer of cases after intake. It follows two kinds of feed:
 *
 * - Staff databases (`team-…`, `desk-…`): each new action is judged by the state machine
 *   (shared/workflow/apply-action.ts) for the person the server knows from the database it
 *   came from, applied to the case or recorded on it as refused, and answered with an
 *   `outcome` document in that person's database, so their device shows the reason.
 * - `cases`: every change of a case (intake, photos, the actions above, the overdue timer) is
 *   projected out as tasks to the staff who hold it, and a closed case with 回访 gets its SMS.
 *
 * Order: actions on one case are judged one at a time, in the order the worker reads them
 * from the store, which is the order they reached the server; when two people did the same
 * step offline, the first to arrive is applied and the other refused with the state it found.
 * A repeated delivery finds its action id on the case (history or refusals) and only
 * re-projects, so restarts change nothing visible.
 */
// Shortcoming: two actions on one case that arrive within the same instant from two databases
// are ordered by which database the follower reads first, not by action id.
export interface WorkflowOptions {
  store: Store;
  sms: SmsProvider;
  log: Logger;
  limits?: TimeLimitsConfig;
  now?: () => Date;
}

// Staff accounts change rarely; a short cache saves reading them for every case change.
const STAFF_CACHE_MS = 5_000;

export function workflowHandler(options: WorkflowOptions): ChangeHandler {
  const { store, log } = options;
  const now = options.now ?? (() => new Date());
  const locks = new CaseLocks();
  const staff = staffCache(store);

  return {
    name: 'workflow',
    selects: (dbName) => {
      if (dbName === SERVER_DBS.cases) return true;
      const parsed = parsePrincipalDb(dbName);
      return parsed !== undefined && parsed.kind !== 'citizen' && parsed.alias === 'main';
    },
    async handle(dbName, change) {
      const doc = change.doc as
        { type?: unknown; _deleted?: boolean; caseId?: unknown } | undefined;
      if (!doc || doc._deleted) return;

      if (dbName === SERVER_DBS.cases) {
        if (doc.type !== 'case') return;
        const caseDoc = doc as unknown as CaseDoc;
        await projectTasks(store, caseDoc, await staff.get(), now(), options.limits);
        await sendFollowUpOnce(store, options.sms, caseDoc, log);
        return;
      }

      if (doc.type !== 'action') return;
      const caseId = typeof doc.caseId === 'string' ? doc.caseId : '';
      await locks.run(caseId, () => judgeAction(options, dbName, change.id, doc, now()));
    },
  };
}

async function judgeAction(
  options: WorkflowOptions,
  dbName: string,
  actionId: string,
  action: { caseId?: unknown; kind?: unknown },
  at: Date,
): Promise<void> {
  const { store, log } = options;
  const { kind, principalId } = parsePrincipalDb(dbName)!;
  const scope = await staffScope(store, { kind, id: principalId });
  const caseId = typeof action.caseId === 'string' ? action.caseId : '';
  const answer = (result: 'applied' | 'refused', why?: Reason, caseDoc?: CaseDoc) =>
    projectOutcome(store, dbName, outcomeOf(actionId, caseId, action, result, at, why, caseDoc));

  // Nothing to record the refusal on: the device still hears why.
  if (!scope) return answer('refused', reason('forbidden', 'not a staff account'));
  if (!CASE_ID.test(caseId)) return answer('refused', reason('action-malformed', 'caseId'));
  const existing = await getOrUndefined(casesDb(store), caseId);
  // Unknown and out-of-reach cases get the same answer, so nobody learns which cases exist.
  if (!existing) return answer('refused', reason('out-of-scope'));

  const { doc: caseDoc } = await upsert(casesDb(store), caseId, (current) =>
    current ? decide(current, action, actionId, scope, at, options.limits) : undefined,
  );
  if (!caseDoc) return;

  const applied = caseDoc.history.some((event) => event.actionId === actionId);
  const refusal = caseDoc.refusals?.find((r) => r.actionId === actionId);
  log.info(
    { principalId, caseId, actionId, kind: action.kind, refused: refusal?.reason.code },
    applied ? 'action applied' : 'action refused',
  );
  await answer(applied ? 'applied' : 'refused', refusal?.reason, caseDoc);
  if (applied) await projectToCitizen(store, caseDoc);
}

/**
 * The case after judging the action, or undefined when it was judged before (a repeat). A
 * refusal is recorded on the case without touching its state or its `updatedAt`.
 */
export function decide(
  current: CaseDoc,
  action: unknown,
  actionId: string,
  scope: ActorScope,
  at: Date,
  limits: TimeLimitsConfig = DEFAULT_TIME_LIMITS,
): CaseDoc | undefined {
  const seen =
    current.history.some((event) => event.actionId === actionId) ||
    (current.refusals ?? []).some((r) => r.actionId === actionId);
  if (seen) return undefined;

  const result = applyAction(caseViewOf(current), action, scope);
  const when = at.toISOString();
  if (!result.ok) {
    const refusal: CaseRefusal = {
      actionId,
      kind: String((action as { kind?: unknown }).kind ?? ''),
      by: scope.principalId,
      at: when,
      reason: result.reason,
    };
    return { ...current, refusals: [...(current.refusals ?? []), refusal] };
  }

  const { changes, note, photoIds } = result.effects;
  const event: CaseEvent = { state: result.next, at: when, by: scope.principalId, actionId };
  if (note !== undefined) event.note = note;
  if (photoIds.length > 0) event.photoIds = [...photoIds];
  const history = [...current.history, event];
  const next: CaseDoc = { ...current, ...changes, state: result.next, history, updatedAt: when };
  const enteredAt = stateEnteredAt(history, next.state) ?? when;
  const timed = { state: next.state, category: next.category, stateEnteredAt: enteredAt };
  next.overdue = isOverdue(timed, at, limits);
  return next;
}

function outcomeOf(
  actionId: string,
  caseId: string,
  action: { kind?: unknown },
  result: 'applied' | 'refused',
  at: Date,
  why: Reason | undefined,
  caseDoc: CaseDoc | undefined,
): OutcomeDoc {
  const outcome: OutcomeDoc = {
    _id: outcomeIdFor(actionId),
    type: 'outcome',
    actionId,
    caseId,
    kind: typeof action.kind === 'string' ? action.kind : '',
    result,
    at: at.toISOString(),
  };
  if (why) outcome.reason = why;
  if (caseDoc) outcome.state = caseDoc.state;
  return outcome;
}

/**
 * Marks open cases whose stage ran past its time limit. Cases are read whole, page by page.
 * Shortcoming: every sweep reads every case; past some ten thousand open cases a view keyed
 * by deadline should replace the scan.
 */
export async function sweepOverdue(
  store: Store,
  at: Date,
  limits: TimeLimitsConfig = DEFAULT_TIME_LIMITS,
): Promise<number> {
  const PAGE = 200;
  let marked = 0;
  let startkey = 'case-';
  for (;;) {
    const { rows } = await casesDb(store).list({
      startkey,
      endkey: 'case-\ufff0',
      include_docs: true,
      limit: PAGE + 1,
    });
    for (const row of rows.slice(0, PAGE)) {
      const doc = row.doc;
      if (!doc || doc.type !== 'case' || doc.overdue) continue;
      const enteredAt = stateEnteredAt(doc.history, doc.state);
      if (!enteredAt) continue;
      const timed = { state: doc.state, category: doc.category, stateEnteredAt: enteredAt };
      if (!isOverdue(timed, at, limits)) continue;
      const { written } = await upsert(casesDb(store), doc._id, (current) =>
        current && current.state === doc.state && !current.overdue
          ? { ...current, overdue: true }
          : undefined,
      );
      if (written) marked++;
    }
    if (rows.length <= PAGE) return marked;
    startkey = rows[PAGE]!.id;
  }
}

/** Runs work for one case at a time, in the order it was asked for. */
class CaseLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async run(caseId: string, work: () => Promise<void>): Promise<void> {
    const before = this.tails.get(caseId) ?? Promise.resolve();
    const mine = before.then(work, work);
    const tail = mine.catch(() => undefined);
    this.tails.set(caseId, tail);
    try {
      await mine;
    } finally {
      if (this.tails.get(caseId) === tail) this.tails.delete(caseId);
    }
  }
}

function staffCache(store: Store) {
  let cached: { at: number; members: Promise<StaffMember[]> } | undefined;
  return {
    get(): Promise<StaffMember[]> {
      if (!cached || Date.now() - cached.at > STAFF_CACHE_MS) {
        const members = listStaff(store);
        cached = { at: Date.now(), members };
        members.catch(() => (cached = undefined));
      }
      return cached.members;
    },
  };
}
