import type { OutboxState } from '@smt/sync/outbox-state';
import type { ReportStanding } from './citizen-view.ts';

/** The sync layer's outbox state as one of the sentences the history shows. */
export function standingOf(state: OutboxState | undefined): ReportStanding {
  if (!state) return { kind: 'saved' };
  switch (state.code) {
    case 'saved':
      return { kind: 'saved' };
    case 'sending': {
      const { uploaded, total } = state.photos;
      // Once the report itself is through, the photos are what the citizen is waiting for.
      if (state.reportSent && total > 0 && uploaded < total)
        return { kind: 'photos', uploaded, total };
      return { kind: 'sending' };
    }
    case 'received':
      return { kind: 'received' };
    case 'rejected':
      return { kind: 'rejected', reason: state.reason };
    case 'accepted':
      if (state.caseState && state.caseState !== 'accepted') {
        return { kind: 'progress', state: state.caseState, caseNumber: state.caseNumber };
      }
      return { kind: 'accepted', caseNumber: state.caseNumber };
  }
}
