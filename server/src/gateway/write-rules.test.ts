import { describe, expect, it } from 'vitest';
import { PlatformError } from '@smt/shared';
import { checkBulkDocs, checkPutDoc } from './write-rules.ts';

const REPORT_ID = 'r0123456789abcdefghij';
const report = { _id: REPORT_ID, type: 'report', description: 'pothole' };
const photo = { _id: `photo-${REPORT_ID}-0`, type: 'photo', reportId: REPORT_ID, index: 0 };

function refusal(run: () => unknown): PlatformError | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    return err as PlatformError;
  }
}

describe('one-writer rules for citizens', () => {
  it('accept reports in main and photos in media', () => {
    expect(refusal(() => checkBulkDocs('citizen', 'main', { docs: [report] }))).toBeUndefined();
    expect(refusal(() => checkBulkDocs('citizen', 'media', { docs: [photo] }))).toBeUndefined();
    const replicated = { ...photo, _rev: '1-a', _revisions: { start: 1, ids: ['a'] } };
    const withAttachment = { ...replicated, _attachments: { original: { data: 'AA==' } } };
    expect(
      refusal(() =>
        checkBulkDocs('citizen', 'media', { docs: [withAttachment], new_edits: false }),
      ),
    ).toBeUndefined();
  });

  it.each([
    ['a status', 'main', { _id: `status-${REPORT_ID}`, type: 'status' }],
    ['a message', 'main', { _id: 'message-1', type: 'message' }],
    ['a report under a status id', 'main', { ...report, _id: `status-${REPORT_ID}` }],
    ['a report id typed as status', 'main', { ...report, type: 'status' }],
    ['a design document', 'main', { _id: '_design/x', type: 'report', views: {} }],
    ['a deletion', 'main', { ...report, _deleted: true }],
    ['a report with an attachment', 'main', { ...report, _attachments: { a: { data: 'AA==' } } }],
    ['a report in media', 'media', report],
    ['a photo in main', 'main', photo],
    [
      'a photo whose id names another report',
      'media',
      { ...photo, reportId: 'r9999999999999999999' },
    ],
    ['a photo with a made-up underscore field', 'media', { ...photo, _security: {} }],
  ] as const)('refuse %s', (_name, alias, doc) => {
    const error = refusal(() => checkBulkDocs('citizen', alias, { docs: [report, doc] }));
    expect(error).toBeInstanceOf(PlatformError);
    expect(error?.code).toBe('document-not-allowed');
    expect(error?.httpStatus).toBe(403);
  });

  it('answer a body that is not a batch with invalid-body', () => {
    expect(refusal(() => checkBulkDocs('citizen', 'main', [report]))?.code).toBe('invalid-body');
    expect(
      refusal(() => checkBulkDocs('citizen', 'main', { docs: [{ type: 'report' }] }))?.code,
    ).toBe('invalid-body');
  });

  it('hold a PUT to the id in its path', () => {
    expect(checkPutDoc('citizen', 'main', REPORT_ID, { type: 'report' })._id).toBe(REPORT_ID);
    expect(
      refusal(() => checkPutDoc('citizen', 'main', REPORT_ID, { ...report, _id: 'rother' }))?.code,
    ).toBe('invalid-body');
  });
});

const ACTION_ID = 'action-0123456789abcdefghijklmn';
const action = {
  _id: ACTION_ID,
  type: 'action',
  caseId: `case-${REPORT_ID}`,
  kind: 'dispose',
  actor: { principalId: 'tmember00001', role: 'disposal-team' },
  at: '2024-07-15T09:00:00+08:00',
  payload: { reworkCount: 0, note: 'Done', photoIds: [`photo-${REPORT_ID}-100`] },
};

describe('one-writer rules for staff', () => {
  it.each(['team', 'desk'] as const)('let a %s device write new actions and its photos', (kind) => {
    expect(refusal(() => checkBulkDocs(kind, 'main', { docs: [action] }))).toBeUndefined();
    const staffPhoto = { ...photo, _id: `photo-${REPORT_ID}-100`, index: 100 };
    expect(refusal(() => checkBulkDocs(kind, 'media', { docs: [staffPhoto] }))).toBeUndefined();
  });

  it.each([
    ['an edit of an action', { ...action, _rev: '1-abc' }],
    ['a deletion of an action', { ...action, _deleted: true }],
    ['a task', { _id: `task-case-${REPORT_ID}`, type: 'task' }],
    ['an outcome', { _id: `outcome-${ACTION_ID}`, type: 'outcome' }],
    ['a report', report],
    ['an action under another id', { ...action, _id: 'task-x' }],
    ['an action with an attachment', { ...action, _attachments: { a: { data: 'AA==' } } }],
  ] as const)('refuse %s', (_name, doc) => {
    const error = refusal(() => checkBulkDocs('team', 'main', { docs: [action, doc] }));
    expect(error?.code).toBe('document-not-allowed');
    expect(refusal(() => checkPutDoc('desk', 'main', doc._id, doc))?.code).toBe(
      'document-not-allowed',
    );
  });
});
