import { useDeferredValue, useMemo, useState } from 'react';
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
import { DEFAULT_FILTER, filterCases, type CaseFilter } from '../case-filter.ts';
import { OnlineChip } from '../OnlineChip.tsx';
import { useStaff, useStaffDevice } from '../staff-context.tsx';
import { useStaffSignOut } from '../use-sign-out.ts';
import { CaseFilters } from './CaseFilters.tsx';
import { CaseMap } from './CaseMap.tsx';
import { CasePage } from './CasePage.tsx';
import { CaseQueue } from './CaseQueue.tsx';

const NO_TASKS: TaskDoc[] = [];

/**
 * The centre's console (and a district platform's): queue, map and case side by side on a
 * desk's screen. The queue is the device's reactive query over the tasks the desk holds, so
 * new reports and every step taken in the field appear without a reload.
 */
export default function ConsoleApp() {
  const { t } = useTranslation();
  const { profile } = useStaff();
  const device = useStaffDevice();
  const signOut = useStaffSignOut();
  const tasks = useObservable(device.tasks$, NO_TASKS);
  const [filter, setFilter] = useState<CaseFilter>(DEFAULT_FILTER);
  // Typing in the search box stays responsive while two hundred rows re-filter behind it.
  const deferredFilter = useDeferredValue(filter);
  const [selected, setSelected] = useState<string>();
  const shown = useMemo(() => filterCases(tasks, deferredFilter), [tasks, deferredFilter]);
  const task = tasks.find((candidate) => candidate.caseId === selected);
  const title =
    profile!.role === 'district-dispatcher'
      ? t('staff.console.districtTitle', { district: profile!.district })
      : t('staff.console.title');

  return (
    <IonPage data-testid="console">
      <IonHeader>
        <IonToolbar color="dark">
          <IonTitle>{title}</IonTitle>
          <IonButtons slot="end">
            <span className="toolbar-name">{profile!.displayName}</span>
            <OnlineChip />
            <IonButton data-testid="staff-sign-out" onClick={() => void signOut()}>
              {t('staff.app.signOut')}
            </IonButton>
          </IonButtons>
        </IonToolbar>
      </IonHeader>
      <IonContent scrollY={false}>
        <div className="console-grid">
          <aside className="console-left">
            <CaseFilters value={filter} onChange={setFilter} />
            <p className="muted" data-testid="console-count">
              {t('staff.console.count', { shown: shown.length, total: tasks.length })}
            </p>
            <CaseQueue tasks={shown} selected={selected} onSelect={setSelected} />
          </aside>
          <section className="console-center" aria-label={t('staff.console.mapHint')}>
            <CaseMap tasks={shown} selected={selected} onSelect={setSelected} />
          </section>
          <section className="console-right">
            {task ? (
              <CasePage task={task} profile={profile!} others={tasks} />
            ) : (
              <p className="muted">{t('staff.console.select')}</p>
            )}
          </section>
        </div>
      </IonContent>
    </IonPage>
  );
}
