import type { CaseDoc, CaseState, MessageDoc, StatusDoc } from '@smt/shared';
import { statusIdFor } from '@smt/shared';
import type { Store } from '../store/index.ts';
import { createOnce, upsert, withoutMeta } from '../lib/couch-docs.ts';

/**
 * Projects a case back out to the citizen's own database: the status document that drives the
 * app's history and outbox, and a message for each state the citizen is told about. Both are
 * written by the server only. Re-projecting the same case writes nothing, so replaying a change
 * after a restart is invisible on the device.
 */
export async function projectToCitizen(store: Store, caseDoc: CaseDoc): Promise<void> {
  const db = store.couch.use<StatusDoc | MessageDoc>(caseDoc.citizen.db);
  const status = statusFromCase(caseDoc);

  await upsert(db, status._id, (current) => {
    if (current && sameStatus(current as StatusDoc, status)) return undefined;
    // A copy of the case read before a later step must not take the status back.
    if (current && (current as StatusDoc).updatedAt > status.updatedAt) return undefined;
    return status;
  });

  const message = messageFor(caseDoc);
  if (message) await createOnce(db, message);
}

function statusFromCase(caseDoc: CaseDoc): StatusDoc {
  const status: StatusDoc = {
    _id: statusIdFor(caseDoc.reportId),
    type: 'status',
    reportId: caseDoc.reportId,
    state: caseDoc.state,
    judgedAt: caseDoc.judgedAt,
    photos: caseDoc.photos,
    history: caseDoc.history.map(({ state, at, reason, note }) =>
      dropUndefined({ state, at, reason, note }),
    ),
    updatedAt: caseDoc.updatedAt,
  };
  if (caseDoc.caseNumber) status.caseNumber = caseDoc.caseNumber;
  if (caseDoc.reason) status.reason = caseDoc.reason;
  if (caseDoc.district) status.district = caseDoc.district;
  return status;
}

function sameStatus(a: StatusDoc, b: StatusDoc): boolean {
  const strip = (s: StatusDoc) => ({ ...withoutMeta(s), updatedAt: undefined });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

const TOLD_STATES: Partial<Record<CaseState, (c: CaseDoc) => { title: string; body: string }>> = {
  accepted: (c) => ({
    title: `您的上报已受理（${c.caseNumber}）`,
    body: `案卷号 ${c.caseNumber}。处置进展可在“上报历史”中查看。`,
  }),
  rejected: (c) => ({
    title: '您的上报未被受理',
    body: c.reason?.message ?? '',
  }),
  closed: (c) => ({
    title: `您上报的问题已处置结案（${c.caseNumber}）`,
    body: '感谢您参与城市管理。',
  }),
};

function messageFor(caseDoc: CaseDoc): MessageDoc | undefined {
  const text = TOLD_STATES[caseDoc.state]?.(caseDoc);
  if (!text) return undefined;
  return {
    _id: `message-${caseDoc.reportId}-${caseDoc.state}-${caseDoc.history.length}`,
    type: 'message',
    reportId: caseDoc.reportId,
    ...text,
    createdAt: caseDoc.updatedAt,
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
