import { useTranslation } from 'react-i18next';
import {
  IonButton,
  IonButtons,
  IonContent,
  IonHeader,
  IonPage,
  IonTitle,
  IonToolbar,
} from '@ionic/react';
import type { TaskDoc } from '@smt/shared/workflow/task';
import { useObservable } from '../../device/use-observable.ts';
import { formatDateTime } from '../../i18n/index.ts';
import { actionsFor } from '../actions-for.ts';
import { CasePhotos } from '../CasePhotos.tsx';
import { caseTitle, categoryText } from '../labels.ts';
import { MyActions, useMyActions } from '../MyActions.tsx';
import { OnlineChip } from '../OnlineChip.tsx';
import { useStaff, useStaffDevice } from '../staff-context.tsx';
import { Refusals, Timeline } from '../Timeline.tsx';
import { FieldActionForm } from './FieldActionForm.tsx';

const NO_TASKS: TaskDoc[] = [];

/** One task: what and where, the citizen's photos, what was done, and this person's step. */
export default function TaskDetailPage({ caseId, onBack }: { caseId: string; onBack(): void }) {
  const { t } = useTranslation();
  const { profile } = useStaff();
  const device = useStaffDevice();
  const tasks = useObservable(device.tasks$, NO_TASKS);
  const task = tasks.find((candidate) => candidate.caseId === caseId);
  const mine = useMyActions(caseId);
  const role = profile!.role;
  // One answer at a time: while this person's last action waits for the server, no second.
  const waiting = mine.some((m) => m.standing === 'pending');
  const kinds = task ? actionsFor(task.state, role) : [];

  return (
    <IonPage data-testid="task-detail" data-case-id={caseId} data-state={task?.state}>
      <IonHeader>
        <IonToolbar color="primary">
          <IonButtons slot="start">
            <IonButton data-testid="task-back" onClick={onBack}>
              {t('staff.task.back')}
            </IonButton>
          </IonButtons>
          <IonTitle>{task ? caseTitle(task) : ''}</IonTitle>
        </IonToolbar>
        <div className="staff-subhead">
          <span data-testid="task-state">{task && t(`caseState.${task.state}`)}</span>
          <OnlineChip />
        </div>
      </IonHeader>
      <IonContent className="ion-padding field">
        {!task && <p>{t('staff.task.notFound')}</p>}
        {task && (
          <>
            <MyActions caseId={caseId} />
            {task.overdue && <p className="overdue-chip">{t('staff.tasks.overdue')}</p>}
            <dl className="facts">
              <dt>{t('staff.task.category')}</dt>
              <dd data-testid="task-category">{categoryText(task.category)}</dd>
              <dt>{t('staff.task.description')}</dt>
              <dd data-testid="task-description">{task.description}</dd>
              {task.district && (
                <>
                  <dt>{t('staff.task.district')}</dt>
                  <dd>{task.district}</dd>
                </>
              )}
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
            {kinds.length > 0 && !waiting && (
              <FieldActionForm
                key={`${task.state}-${task.reworkCount}`}
                task={task}
                kind={kinds[0]!}
              />
            )}
            {kinds.length === 0 && <p className="muted">{t('staff.task.nothingToDo')}</p>}
            <h3>{t('staff.task.timeline')}</h3>
            <Timeline history={task.history} />
            {task.refusals.length > 0 && <h3>{t('staff.task.refusals')}</h3>}
            <Refusals refusals={task.refusals} />
          </>
        )}
      </IonContent>
    </IonPage>
  );
}
