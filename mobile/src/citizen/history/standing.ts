import type { TFunction } from 'i18next';
import { reasonText } from '../../i18n/index.ts';
import type { ReportStanding } from '../../device/citizen-view.ts';

/** Where a report stands, in one sentence a citizen understands. */
export function standingText(t: TFunction, standing: ReportStanding): string {
  switch (standing.kind) {
    case 'saved':
      return t('outbox.saved');
    case 'sending':
      return t('outbox.sending');
    case 'photos':
      return t('outbox.photos', { uploaded: standing.uploaded, total: standing.total });
    case 'received':
      return t('outbox.received');
    case 'accepted':
      return t('outbox.accepted', { caseNumber: standing.caseNumber ?? '…' });
    case 'rejected':
      return t('outbox.rejected', { reason: reasonText(t, standing.reason) });
    case 'progress':
      return t('outbox.progress', { state: t(`caseState.${standing.state}`) });
  }
}

/** The Ionic colour for a standing: pending grey, good green, refused red. */
export function standingColor(standing: ReportStanding): string {
  if (standing.kind === 'rejected') return 'danger';
  if (standing.kind === 'accepted' || standing.kind === 'progress') return 'success';
  if (standing.kind === 'received') return 'primary';
  return 'medium';
}

/**
 * How far the upload has come, for a progress bar: a fraction while photos go up one by one,
 * 'indeterminate' while the report itself is on its way, undefined when nothing is moving.
 */
export function standingProgress(standing: ReportStanding): number | 'indeterminate' | undefined {
  if (standing.kind === 'photos') return standing.uploaded / standing.total;
  if (standing.kind === 'sending') return 'indeterminate';
  return undefined;
}
