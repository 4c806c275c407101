import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IonButton } from '@ionic/react';
import type { TaskDoc } from '@smt/shared/workflow/task';
import { reasonText } from '../../i18n/index.ts';
import { caseTitle } from '../labels.ts';
import type { MyAction } from '../MyActions.tsx';

const DISMISSED_KEY = 'smt.dismissedRefusals';

function loadDismissed(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(DISMISSED_KEY) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

/**
 * The person's refused actions at the top of the list until they dismiss them. A case that
 * was closed or cancelled meanwhile leaves the list, so without this the refusal of the
 * action taken on it offline would go unseen.
 */
export function RefusedBanner({
  mine,
  tasks,
  onOpen,
}: {
  mine: readonly MyAction[];
  tasks: readonly TaskDoc[];
  onOpen(caseId: string): void;
}) {
  const { t } = useTranslation();
  const [dismissed, setDismissed] = useState(loadDismissed);
  const refused = mine.filter((m) => m.standing === 'refused' && !dismissed.has(m.action._id));
  if (refused.length === 0) return null;

  function dismiss(actionId: string) {
    const next = new Set(dismissed).add(actionId);
    localStorage.setItem(DISMISSED_KEY, JSON.stringify([...next]));
    setDismissed(next);
  }

  return (
    <section className="refused-banner" role="alert" data-testid="refused-banner">
      <strong>{t('staff.tasks.refused')}</strong>
      <ul className="compact">
        {refused.map(({ action, outcome }) => {
          const task = tasks.find((candidate) => candidate.caseId === action.caseId);
          return (
            <li key={action._id} data-testid="refused-item" data-case-id={action.caseId}>
              <button type="button" className="link-button" onClick={() => onOpen(action.caseId)}>
                {task ? caseTitle(task) : action.caseId} · {t(`staff.actions.${action.kind}`)}:{' '}
                {reasonText(t, outcome?.reason)}
                {outcome?.state &&
                  ` ${t('staff.mine.nowIn', { state: t(`caseState.${outcome.state}`) })}`}
              </button>
              <IonButton size="small" fill="clear" onClick={() => dismiss(action._id)}>
                {t('staff.tasks.dismiss')}
              </IonButton>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
