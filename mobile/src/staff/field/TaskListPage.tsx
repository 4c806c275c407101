import { useMemo, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  IonButton,
  IonButtons,
  IonContent,
  IonHeader,
  IonLabel,
  IonNote,
  IonPage,
  IonSegment,
  IonSegmentButton,
  IonTitle,
  IonToolbar,
} from '@ionic/react';
import type { TaskDoc } from '@smt/shared/workflow/task';
import { isTerminal } from '@smt/shared/workflow/state-machine';
import { useObservable } from '../../device/use-observable.ts';
import { formatDateTime } from '../../i18n/index.ts';
import { actionsFor } from '../actions-for.ts';
import { caseTitle, categoryText } from '../labels.ts';
import { useMyActions } from '../MyActions.tsx';
import { OnlineChip } from '../OnlineChip.tsx';
import { useStaffSignOut } from '../use-sign-out.ts';
import { useStaff, useStaffDevice } from '../staff-context.tsx';
import { orderTasks, type TaskOrder } from '../task-order.ts';
import { RefusedBanner } from './RefusedBanner.tsx';
import { usePhotoPrefetch } from './use-photo-prefetch.ts';
import { usePosition } from './use-position.ts';

const NO_TASKS: TaskDoc[] = [];
const METRES_PER_KM = 1000;

function distanceText(t: TFunction, metres: number): string {
  if (metres < METRES_PER_KM) return t('staff.tasks.distanceM', { m: Math.round(metres) });
  return t('staff.tasks.distanceKm', { km: (metres / METRES_PER_KM).toFixed(1) });
}

export default function TaskListPage({ onOpen }: { onOpen(caseId: string): void }) {
  const { t } = useTranslation();
  const { profile } = useStaff();
  const device = useStaffDevice();
  const signOut = useStaffSignOut();
  const role = profile!.role;
  const tasks = useObservable(device.tasks$, NO_TASKS);
  const mine = useMyActions();
  const [scope, setScope] = useState<'todo' | 'all'>('todo');
  const [order, setOrder] = useState<TaskOrder>('deadline');
  const { position } = usePosition();
  usePhotoPrefetch(tasks);

  const rows = useMemo(() => {
    const open = tasks.filter((task) => !isTerminal(task.state));
    const shown =
      scope === 'todo' ? open.filter((task) => actionsFor(task.state, role).length > 0) : open;
    return orderTasks(shown, order, position);
  }, [tasks, scope, order, position, role]);

  return (
    <IonPage data-testid="field-list">
      <IonHeader>
        <IonToolbar color="primary">
          <IonTitle>{t('staff.tasks.title')}</IonTitle>
          <IonButtons slot="end">
            <IonButton data-testid="staff-sign-out" onClick={() => void signOut()}>
              {t('staff.app.signOut')}
            </IonButton>
          </IonButtons>
        </IonToolbar>
        <div className="staff-subhead">
          <span>
            {t(`staff.roles.${role}`)} · {profile!.displayName}
          </span>
          <OnlineChip />
        </div>
      </IonHeader>
      <IonContent className="ion-padding field">
        <RefusedBanner mine={mine} tasks={tasks} onOpen={onOpen} />
        <IonSegment value={scope} onIonChange={(e) => setScope(e.detail.value as 'todo' | 'all')}>
          <IonSegmentButton value="todo" data-testid="field-scope-todo">
            <IonLabel>{t('staff.tasks.todo')}</IonLabel>
          </IonSegmentButton>
          <IonSegmentButton value="all" data-testid="field-scope-all">
            <IonLabel>{t('staff.tasks.all')}</IonLabel>
          </IonSegmentButton>
        </IonSegment>
        <IonSegment value={order} onIonChange={(e) => setOrder(e.detail.value as TaskOrder)}>
          <IonSegmentButton value="deadline" data-testid="field-order-deadline">
            <IonLabel>{t('staff.tasks.byDeadline')}</IonLabel>
          </IonSegmentButton>
          <IonSegmentButton value="distance" data-testid="field-order-distance">
            <IonLabel>{t('staff.tasks.byDistance')}</IonLabel>
          </IonSegmentButton>
        </IonSegment>
        {order === 'distance' && !position && (
          <IonNote className="block-note">{t('staff.tasks.noPosition')}</IonNote>
        )}
        {rows.length === 0 && (
          <p className="muted" data-testid="field-empty">
            {scope === 'todo' ? t('staff.tasks.empty') : t('staff.tasks.emptyAll')}
          </p>
        )}
        <ul className="task-list">
          {rows.map(({ task, distanceM }) => {
            const actions = mine.filter((m) => m.action.caseId === task.caseId);
            const pending = actions.filter((m) => m.standing === 'pending').length;
            const refused = actions[0]?.standing === 'refused';
            return (
              <li key={task._id}>
                <button
                  type="button"
                  className={task.overdue ? 'task-card overdue' : 'task-card'}
                  data-testid="task-card"
                  data-case-id={task.caseId}
                  data-state={task.state}
                  onClick={() => onOpen(task.caseId)}
                >
                  <div className="task-card-head">
                    <strong>{caseTitle(task)}</strong>
                    <span className="state-chip">{t(`caseState.${task.state}`)}</span>
                  </div>
                  <div>{categoryText(task.category)}</div>
                  <div className="task-card-desc">{task.description}</div>
                  <div className="task-card-meta">
                    {task.overdue && (
                      <span className="overdue-chip">{t('staff.tasks.overdue')}</span>
                    )}
                    {task.deadline && (
                      <span>
                        {t('staff.tasks.deadline', { time: formatDateTime(task.deadline) })}
                      </span>
                    )}
                    {distanceM !== undefined && <span>{distanceText(t, distanceM)}</span>}
                    {task.reworkCount > 0 && (
                      <span>{t('staff.tasks.round', { round: task.reworkCount + 1 })}</span>
                    )}
                  </div>
                  {pending > 0 && (
                    <div className="muted" data-testid="task-pending">
                      {t('staff.tasks.pending', { count: pending })}
                    </div>
                  )}
                  {refused && (
                    <div className="refused" data-testid="task-refused">
                      {t('staff.tasks.refused')}
                    </div>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      </IonContent>
    </IonPage>
  );
}
