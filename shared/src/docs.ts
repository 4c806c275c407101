import type { Reason } from './errors.ts';

/**
 * Documents as they are stored in CouchDB (`_id`). RxDB on the device keeps the same documents
 * with the primary key in `id`; its CouchDB replication maps one to the other.
 *
 * One writer per document: a report is written once by the citizen's device; statuses and
 * messages only by server workers; photos only by the device that took them.
 */

/** WGS-84, as phones report it. Boundary data in GCJ-02 is converted when it is loaded. */
export interface GeoPoint {
  lat: number;
  lng: number;
  /** Radius of the fix's uncertainty in metres; absent when the point was picked on a map. */
  accuracyM?: number;
  source: 'gps' | 'map';
}

export interface ReportDoc {
  _id: string; // generated on the device; the idempotency key end to end
  type: 'report';
  category: { major: string; minor: string };
  description: string;
  location: GeoPoint;
  /** When the problem was photographed, ISO 8601 with offset, by the device's clock. */
  capturedAt: string;
  /** How many photos the device queued for this report in its media outbox. */
  photoCount: number;
  /** 回访: the citizen wants an SMS when the case is closed. */
  followUpSms: boolean;
  createdAt: string;
}

/**
 * Where a case stands in the closed loop; workflow/state-machine.ts holds the transitions.
 * `verified` (waiting for the centre to dispatch), `checked` (核查 passed, waiting to be
 * closed) and `check-failed` (waiting to be sent back for rework) are the centre's queues
 * between a field person's answer and the centre's decision.
 */
export type CaseState =
  | 'received'
  | 'accepted'
  | 'rejected'
  | 'verifying'
  | 'verified'
  | 'dispatched'
  | 'assigned'
  | 'disposed'
  | 'checking'
  | 'checked'
  | 'check-failed'
  | 'closed'
  | 'cancelled'
  | 'duplicate';

export interface StatusEvent {
  state: CaseState;
  at: string; // server time
  reason?: Reason;
  note?: string;
}

/** A derivative of a photo, content-addressed: `hash` names the bytes served at /api/media. */
export interface PhotoRef {
  photoId: string;
  display?: string;
  thumb?: string;
  width?: number;
  height?: number;
  refused?: Reason;
}

/** `_id` is `status-<reportId>`; written by server workers only. */
export interface StatusDoc {
  _id: string;
  type: 'status';
  reportId: string;
  state: CaseState;
  caseNumber?: string;
  reason?: Reason;
  /** Which rule judged the capture time: the device's capture time or, if implausible, receipt. */
  judgedAt?: string;
  district?: string;
  photos: PhotoRef[];
  history: StatusEvent[];
  updatedAt: string;
}

export interface MessageDoc {
  _id: string;
  type: 'message';
  reportId?: string;
  title: string;
  body: string;
  createdAt: string;
}

export type CitizenDoc = ReportDoc | StatusDoc | MessageDoc;

/** A photo in a device's media outbox; the JPEG rides as the attachment `original`. */
export interface PhotoOutboxDoc {
  _id: string; // `photo-<reportId>-<index>`
  type: 'photo';
  reportId: string;
  index: number;
  takenAt: string;
}

export function statusIdFor(reportId: string): string {
  return `status-${reportId}`;
}

export function photoIdFor(reportId: string, index: number): string {
  return `photo-${reportId}-${index}`;
}

/** Report ids are made on the device: `r` + 20 to 40 lowercase letters and digits. */
export const REPORT_ID = /^r[a-z0-9]{19,39}$/;

/** One step in a case's history; `by` is a principal id or a worker name, never a phone. */
export interface CaseEvent extends StatusEvent {
  by: string;
  /** The action document that caused this step; the workflow worker skips ids it has seen. */
  actionId?: string;
  /** Photos the actor attached (verification, disposal, check), in their media outbox. */
  photoIds?: string[];
}

/** An action the workflow worker refused; kept on the case so a repeat is not judged again. */
export interface CaseRefusal {
  actionId: string;
  kind: string;
  by: string;
  at: string;
  reason: Reason;
}

/**
 * The truth about a case, in the server-only `cases` database (`_id` is `case-<reportId>`).
 * Written by the server's workers only; devices see projections of it (status, task).
 */
export interface CaseDoc {
  _id: string;
  type: 'case';
  reportId: string;
  citizen: { principalId: string; db: string };
  caseNumber?: string;
  state: CaseState;
  reason?: Reason;
  category: { major: string; minor: string };
  description: string;
  location: GeoPoint;
  district?: string;
  /** The district platform (二级平台) the centre dispatched the case to. */
  dispatchedTo?: string;
  /** The disposal team holding the case, set when a district dispatcher assigns it. */
  teamId?: string;
  /** How many times the case was sent back to the team (返工); absent means none. */
  reworkCount?: number;
  /** The case this one repeats, when the centre marked it a duplicate. */
  duplicateOf?: string;
  capturedAt: string;
  receivedAt: string;
  judgedAt: string;
  judgedOn: 'capture' | 'receipt';
  followUpSms: boolean;
  photoCount: number;
  photos: PhotoRef[];
  history: CaseEvent[];
  /** Actions refused by the workflow worker, in the order it judged them. */
  refusals?: CaseRefusal[];
  /**
   * Set by the workflow worker once the current stage ran past its time limit; recomputed at
   * every step (a step that stays in the same state, such as a re-assignment, keeps it).
   */
  overdue?: boolean;
  /** Staff databases that hold a task for this case, so a task can be withdrawn. */
  taskHolders?: string[];
  updatedAt: string;
}

export function caseIdFor(reportId: string): string {
  return `case-${reportId}`;
}
