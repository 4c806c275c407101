import { useTranslation } from 'react-i18next';
import type { StaffProfile } from '@smt/shared/workflow/staff';
import type { TaskDoc } from '@smt/shared/workflow/task';
import { formatDateTime } from '../../i18n/index.ts';
import { CasePhotos } from '../CasePhotos.tsx';
import { caseTitle, categoryText } from '../labels.ts';
import { MyActions, useMyActions } from '../MyActions.tsx';
import { Refusals, Timeline } from '../Timeline.tsx';
import { ConsoleActions } from './ConsoleActions.tsx';

interface Props {
  task: TaskDoc;
  profile: StaffProfile;
  others: readonly TaskDoc[];
}

/**
 * A case on the console: the facts, the citizen's photos, the steps this desk may take, and
 * the whole timeline with who did what when. It follows the device's live query, so a step
 * taken anywhere shows here without a reload.
 */
export function CasePage({ task, profile, others }: Props) {
  const { t } = useTranslation();
  const mine = useMyActions(task.caseId);
  const waiting = mine.some((m) => m.standing === 'pending');
  const staffPhotos = task.history.flatMap((event) => event.photoIds ?? []);

  return (
    <article
      className="case-page"
      data-testid="case-page"
      data-case-id={task.caseId}
      data-state={task.state}
    >
      <header className="case-page-head">
        <h2 data-testid="case-page-title">{caseTitle(task)}</h2>
        <span className="state-chip" data-testid="case-page-state">
          {t(`caseState.${task.state}`)}
        </span>
        {task.overdue && <span className="overdue-chip">{t('staff.tasks.overdue')}</span>}
      </header>
      <MyActions caseId={task.caseId} />
      {!waiting && (
        <ConsoleActions
          key={`${task.caseId}-${task.state}-${task.reworkCount}`}
          task={task}
          profile={profile}
          others={others}
        />
      )}
      <dl className="facts">
        <dt>{t('staff.task.category')}</dt>
        <dd>{categoryText(task.category)}</dd>
        <dt>{t('staff.task.description')}</dt>
        <dd data-testid="case-page-description">{task.description}</dd>
        <dt>{t('staff.task.district')}</dt>
        <dd>
          {task.district ?? '—'}
          {task.dispatchedTo && ` → ${task.dispatchedTo}`}
          {task.teamId && ` → ${task.teamId}`}
        </dd>
        <dt>{t('staff.task.location')}</dt>
        <dd>
          {task.location.lat.toFixed(5)}, {task.location.lng.toFixed(5)}
        </dd>
        {task.deadline && (
          <>
            <dt>{t('staff.task.deadline')}</dt>
            <dd>{formatDateTime(task.deadline)}</dd>
          </>
        )}
      </dl>
      <h3>{t('staff.task.photos')}</h3>
      <CasePhotos photos={task.photos} />
      <h3>{t('staff.task.staffPhotos')}</h3>
      {/* Shortcoming: staff photos are not processed or linked to the case by the server yet,
          so the console lists them by id instead of showing them. */}
      <p className="muted" data-testid="case-page-staff-photos" data-count={staffPhotos.length}>
        {staffPhotos.length === 0
          ? t('staff.task.noPhotos')
          : t('staff.task.staffPhotoCount', {
              count: staffPhotos.length,
              ids: staffPhotos.map((id) => id.split('-').at(-1)).join(', '),
            })}
      </p>
      <h3>{t('staff.task.timeline')}</h3>
      <Timeline history={task.history} />
      {task.refusals.length > 0 && <h3>{t('staff.task.refusals')}</h3>}
      <Refusals refusals={task.refusals} />
    </article>
  );
}
