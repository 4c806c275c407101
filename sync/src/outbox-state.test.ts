import { describe, expect, test } from 'vitest';
import { photoIdFor, type ReportDoc, type StatusDoc } from '@smt/shared/docs';
import { reason } from '@smt/shared/errors';
import { outboxStateOf, type OutboxFacts } from './outbox-state.ts';

const report: ReportDoc = {
  _id: 'rabcdefghijklmnopqrstuvwxy',
  type: 'report',
  category: { major: 'garbage', minor: 'overflow' },
  description: 'bins overflowing',
  location: { lat: 38.04, lng: 114.51, source: 'gps' },
  capturedAt: '2025-07-01T09:00:00+08:00',
  photoCount: 3,
  followUpSms: false,
  createdAt: '2025-07-01T01:00:05.000Z',
};

function status(fields: Partial<StatusDoc>): StatusDoc {
  return {
    _id: `status-${report._id}`,
    type: 'status',
    reportId: report._id,
    state: 'received',
    photos: [],
    history: [],
    updatedAt: '2025-07-01T01:00:09.000Z',
    ...fields,
  };
}

const none: OutboxFacts = {
  status: undefined,
  reportPushed: false,
  photosPushed: new Set(),
  online: false,
};

describe('outboxStateOf', () => {
  test('says saved while the report is only on the phone and the server is unreachable', () => {
    expect(outboxStateOf(report, none)).toMatchObject({
      code: 'saved',
      reportSent: false,
      photos: { uploaded: 0, total: 3 },
    });
  });

  test('says sending once the server is reachable, counting the photos that arrived', () => {
    const photosPushed = new Set([photoIdFor(report._id, 0), photoIdFor(report._id, 2)]);
    expect(outboxStateOf(report, { ...none, online: true, photosPushed })).toMatchObject({
      code: 'sending',
      photos: { uploaded: 2, total: 3 },
    });
  });

  test('says sending after the report arrived, even offline, until the server answers', () => {
    expect(outboxStateOf(report, { ...none, reportPushed: true })).toMatchObject({
      code: 'sending',
      reportSent: true,
    });
  });

  test('counts photos the server linked in its status even if the phone missed the push', () => {
    const linked = status({ photos: [{ photoId: photoIdFor(report._id, 1) }] });
    expect(outboxStateOf(report, { ...none, status: linked }).photos.uploaded).toBe(1);
  });

  test('follows the status: received, accepted with case number, rejected with reason', () => {
    expect(outboxStateOf(report, { ...none, status: status({}) }).code).toBe('received');
    const accepted = outboxStateOf(report, {
      ...none,
      status: status({ state: 'dispatched', caseNumber: 'SJZ-2025-000123' }),
    });
    expect(accepted).toMatchObject({
      code: 'accepted',
      caseNumber: 'SJZ-2025-000123',
      caseState: 'dispatched',
      reportSent: true,
    });
    const refusal = reason('outside-acceptance-hours');
    const rejected = outboxStateOf(report, {
      ...none,
      status: status({ state: 'rejected', reason: refusal }),
    });
    expect(rejected).toMatchObject({ code: 'rejected', reason: refusal });
  });
});
