import type { Reason } from '@smt/shared/errors';
import { photoIdFor, type CaseState, type ReportDoc, type StatusDoc } from '@smt/shared/docs';
import type { PhotoProgress } from './photo-outbox.ts';

/**
 * Where a report is on its way, in words the app translates:
 * - saved: on the phone only, and the server is not reachable now;
 * - sending: the server is reachable and the report or its photos are on their way, or they
 *   arrived and the server has not answered yet;
 * - received / accepted / rejected: what the server's status document says. Every state
 *   after acceptance (verifying, dispatched, ..., closed) stays 'accepted' here, with
 *   `caseState` for the detail; the report history shows the case itself.
 */
export type OutboxCode = 'saved' | 'sending' | 'received' | 'accepted' | 'rejected';

export interface OutboxState {
  code: OutboxCode;
  /** The report document is on the server (its photos may still be on their way). */
  reportSent: boolean;
  photos: PhotoProgress;
  caseNumber?: string;
  caseState?: CaseState;
  reason?: Reason;
}

export interface OutboxFacts {
  status: StatusDoc | undefined;
  /** The main replication confirmed that the report reached the server. */
  reportPushed: boolean;
  /** Photo ids the photo outbox saw the server take. */
  photosPushed: ReadonlySet<string>;
  online: boolean;
}

export function outboxStateOf(report: ReportDoc, facts: OutboxFacts): OutboxState {
  const { status } = facts;
  const photos = { uploaded: photosArrived(report, facts), total: report.photoCount };
  const reportSent = facts.reportPushed || status !== undefined;

  if (!status)
    return { code: reportSent || facts.online ? 'sending' : 'saved', reportSent, photos };
  if (status.state === 'rejected') {
    return { code: 'rejected', reportSent, photos, caseState: status.state, reason: status.reason };
  }
  if (status.state === 'received') {
    return { code: 'received', reportSent, photos, caseState: status.state };
  }
  return {
    code: 'accepted',
    reportSent,
    photos,
    caseState: status.state,
    ...(status.caseNumber !== undefined && { caseNumber: status.caseNumber }),
  };
}

// The server's own list of the photos it linked counts too: it covers a phone that crashed
// before recording a push, and reports whose photos were sent from another phone.
function photosArrived(report: ReportDoc, facts: OutboxFacts): number {
  const linked = new Set((facts.status?.photos ?? []).map((photo) => photo.photoId));
  let arrived = 0;
  for (let index = 0; index < report.photoCount; index++) {
    const photoId = photoIdFor(report._id, index);
    if (facts.photosPushed.has(photoId) || linked.has(photoId)) arrived++;
  }
  return arrived;
}
