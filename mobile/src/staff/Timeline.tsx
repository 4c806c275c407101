import { useTranslation } from 'react-i18next';
import type { TaskEvent, TaskRefusal } from '@smt/shared/workflow/task';
import { formatDateTime, reasonText } from '../i18n/index.ts';
import { useStaff } from './staff-context.tsx';
import { useDirectory } from './directory.tsx';
import { whoText } from './who.ts';

/**
 * A case's whole history, newest last: when, which step, who, and what they wrote. Every
 * text is a React text node, never markup: notes come from people.
 */
export function Timeline({ history }: { history: readonly TaskEvent[] }) {
  const { t } = useTranslation();
  const { principal } = useStaff();
  const directory = useDirectory();
  return (
    <ol className="timeline" data-testid="case-timeline">
      {history.map((event, index) => (
        <li key={`${event.at}-${index}`} data-testid="timeline-event" data-state={event.state}>
          <div className="timeline-head">
            <strong>{t(`caseState.${event.state}`)}</strong>
            <span className="muted">{formatDateTime(event.at)}</span>
          </div>
          <div className="muted" data-testid="timeline-who">
            {t('staff.console.who')}: {whoText(t, event.by, principal.id, directory)}
          </div>
          {event.note && <p className="timeline-note">{event.note}</p>}
          {event.reason && <p className="warn">{reasonText(t, event.reason)}</p>}
          {event.photoIds && event.photoIds.length > 0 && (
            <p className="muted" data-testid="timeline-photos">
              {t('staff.task.staffPhotos')}:{' '}
              {t('staff.task.staffPhotoCount', {
                count: event.photoIds.length,
                ids: event.photoIds.map((id) => id.split('-').at(-1)).join(', '),
              })}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

/** Actions anyone holding the case had refused, with the reason. */
export function Refusals({ refusals }: { refusals: readonly TaskRefusal[] }) {
  const { t } = useTranslation();
  const { principal } = useStaff();
  const directory = useDirectory();
  if (refusals.length === 0) return null;
  return (
    <ul className="compact" data-testid="case-refusals">
      {refusals.map((r) => (
        <li key={r.actionId}>
          {t(`staff.actions.${r.kind}`)} · {whoText(t, r.by, principal.id, directory)} ·{' '}
          {formatDateTime(r.at)}: {reasonText(t, r.reason)}
        </li>
      ))}
    </ul>
  );
}
