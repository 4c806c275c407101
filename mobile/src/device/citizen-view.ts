import type { Reason } from '@smt/shared/errors';
import type { CaseState, GeoPoint, MessageDoc, ReportDoc, StatusDoc } from '@smt/shared/docs';

/**
 * What the citizen screens need from the device, in their own terms. open-device.ts adapts
 * the sync layer's CitizenDevice to this, so a change there touches one file here.
 */
export interface Subscribable<T> {
  subscribe(next: (value: T) => void): { unsubscribe(): void };
}

/** Where a report stands, as the outbox and the server's status tell it. */
export type ReportStanding =
  | { kind: 'saved' }
  | { kind: 'sending' }
  | { kind: 'photos'; uploaded: number; total: number }
  | { kind: 'received' }
  | { kind: 'accepted'; caseNumber?: string }
  | { kind: 'rejected'; reason?: Reason }
  | { kind: 'progress'; state: CaseState; caseNumber?: string };

export interface ReportEntry {
  report: ReportDoc;
  status?: StatusDoc;
  standing: ReportStanding;
}

export interface SubmitInput {
  category: { major: string; minor: string };
  description: string;
  location: GeoPoint;
  capturedAt: string;
  followUpSms: boolean;
  photos: Blob[];
}

export interface CitizenView {
  /** Newest first. */
  reports$: Subscribable<ReportEntry[]>;
  /** Newest first. */
  messages$: Subscribable<MessageDoc[]>;
  online$: Subscribable<boolean>;
  /** Queues the report and its photos on the phone; resolves with the report id. */
  submit(input: SubmitInput): Promise<string>;
  /** The photos as queued on this phone, readable offline; empty if they are gone. */
  localPhotos(reportId: string): Promise<Blob[]>;
  /** A URL for a photo derivative the server made, or undefined when not signed in. */
  mediaUrl(hash: string): Promise<string | undefined>;
  hasUnsent(): Promise<boolean>;
  close(): Promise<void>;
}
