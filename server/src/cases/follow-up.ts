import type { Logger } from 'pino';
import type { CaseDoc } from '@smt/shared';
import { SERVER_DBS } from '@smt/shared';
import { getAccount } from '../auth/accounts.ts';
import type { SmsProvider } from '../auth/sms.ts';
import { createOnce, getOrUndefined, upsert } from '../lib/couch-docs.ts';
import type { Store } from '../store/index.ts';

/**
 * 回访: a citizen who asked for it gets one SMS when their case is closed.
 *
 * A marker in `worker-state` is written before the message goes to the provider and marked
 * sent after, so a repeated change (a restart, a re-read feed) sends nothing again.
 */
interface FollowUpMarker {
  _id: string;
  type: 'follow-up-sms';
  caseId: string;
  state: 'sending' | 'sent';
  createdAt: string;
  sentAt?: string;
}

export function followUpText(caseDoc: CaseDoc): string {
  const number = caseDoc.caseNumber ? `（案卷号 ${caseDoc.caseNumber}）` : '';
  return `【市民通】您上报的城市管理问题${number}已处置结案。感谢您的参与，如有意见请致电12319。`;
}

export async function sendFollowUpOnce(
  store: Store,
  sms: SmsProvider,
  caseDoc: CaseDoc,
  log: Logger,
): Promise<void> {
  if (caseDoc.state !== 'closed' || !caseDoc.followUpSms) return;
  const markers = store.couch.use<FollowUpMarker>(SERVER_DBS.workerState);
  const markerId = `follow-up-sms:${caseDoc._id}`;
  const existing = await getOrUndefined(markers, markerId);
  if (existing?.state === 'sent') return;
  // Shortcoming: a crash between the provider's send and the marker's update sends it twice.
  if (!existing) {
    const marker: FollowUpMarker = {
      _id: markerId,
      type: 'follow-up-sms',
      caseId: caseDoc._id,
      state: 'sending',
      createdAt: new Date().toISOString(),
    };
    if (!(await createOnce(markers, marker))) return;
  }

  const account = await getAccount(store, { kind: 'citizen', id: caseDoc.citizen.principalId });
  if (!account?.phoneE164) {
    log.warn({ caseId: caseDoc._id }, 'follow-up SMS skipped: the citizen has no phone on file');
    return;
  }
  await sms.send(account.phoneE164, followUpText(caseDoc));
  await upsert(markers, markerId, (current) =>
    current ? { ...current, state: 'sent' as const, sentAt: new Date().toISOString() } : undefined,
  );
  log.info({ caseId: caseDoc._id }, 'follow-up SMS sent');
}
