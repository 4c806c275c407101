import { describe, expect, it } from 'vitest';
import { reason } from '@smt/shared/errors';
import type { OutboxState } from '@smt/sync/outbox-state';
import { standingOf } from './standing-of.ts';

const base: OutboxState = { code: 'saved', reportSent: false, photos: { uploaded: 0, total: 2 } };

describe('standingOf', () => {
  it('calls a report the sync layer has not seen yet saved on the phone', () => {
    expect(standingOf(undefined)).toEqual({ kind: 'saved' });
  });

  it('says sending while the report itself is on its way', () => {
    expect(standingOf({ ...base, code: 'sending' })).toEqual({ kind: 'sending' });
  });

  it('counts the photos once the report is through and photos are still going', () => {
    const state: OutboxState = {
      ...base,
      code: 'sending',
      reportSent: true,
      photos: { uploaded: 1, total: 2 },
    };
    expect(standingOf(state)).toEqual({ kind: 'photos', uploaded: 1, total: 2 });
  });

  it('gives the case number of an accepted report', () => {
    const state: OutboxState = {
      ...base,
      code: 'accepted',
      caseState: 'accepted',
      caseNumber: 'SJZ-1',
    };
    expect(standingOf(state)).toEqual({ kind: 'accepted', caseNumber: 'SJZ-1' });
  });

  it('shows the case state once the case has moved past acceptance', () => {
    const state: OutboxState = {
      ...base,
      code: 'accepted',
      caseState: 'dispatched',
      caseNumber: 'SJZ-1',
    };
    expect(standingOf(state)).toEqual({
      kind: 'progress',
      state: 'dispatched',
      caseNumber: 'SJZ-1',
    });
  });

  it('carries the reason of a refusal', () => {
    const why = reason('outside-coverage');
    expect(standingOf({ ...base, code: 'rejected', reason: why })).toEqual({
      kind: 'rejected',
      reason: why,
    });
  });
});
