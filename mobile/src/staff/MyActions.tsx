import { useTranslation } from 'react-i18next';
import type { ActionDoc } from '@smt/shared/workflow/actions';
import type { OutcomeDoc } from '@smt/shared/workflow/task';
import { formatDateTime, reasonText } from '../i18n/index.ts';
import { useObservable } from '../device/use-observable.ts';
import { useStaffDevice } from './staff-context.tsx';

export type ActionStanding = 'pending' | 'applied' | 'refused';

export interface MyAction {
  action: ActionDoc;
  outcome?: OutcomeDoc;
  standing: ActionStanding;
}

const NO_ACTIONS: ActionDoc[] = [];
const NO_OUTCOMES: ReadonlyMap<string, OutcomeDoc> = new Map();

/** This person's actions (all cases, or one), newest first, with the server's answer. */
export function useMyActions(caseId?: string): MyAction[] {
  const device = useStaffDevice();
  const actions = useObservable(device.actions$, NO_ACTIONS);
  const outcomes = useObservable(device.outcomes$, NO_OUTCOMES);
  return actions
    .filter((action) => caseId === undefined || action.caseId === caseId)
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((action) => {
      const outcome = outcomes.get(action._id);
      const standing: ActionStanding = outcome ? outcome.result : 'pending';
      return outcome ? { action, outcome, standing } : { action, standing };
    });
}

/**
 * What became of this person's actions on the case: waiting to sync, carried out, or refused
 * with the reason and the state the case was found in, so they know what to do next.
 */
export function MyActions({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const mine = useMyActions(caseId);
  if (mine.length === 0) return null;
  return (
    <section className="my-actions" data-testid="my-actions">
      <h3>{t('staff.mine.title')}</h3>
      <ul className="compact">
        {mine.map(({ action, outcome, standing }) => (
          <li
            key={action._id}
            data-testid="my-action"
            data-kind={action.kind}
            data-standing={standing}
            className={standing === 'refused' ? 'refused' : undefined}
            role={standing === 'refused' ? 'alert' : undefined}
          >
            <strong>{t(`staff.actions.${action.kind}`)}</strong>{' '}
            <span className="muted">{formatDateTime(action.at)}</span>
            <div>
              {standing === 'pending' && t('staff.mine.pending')}
              {standing === 'applied' && t('staff.mine.applied')}
              {standing === 'refused' &&
                t('staff.mine.refused', { reason: reasonText(t, outcome?.reason) })}
            </div>
            {standing === 'refused' && outcome?.state && (
              <div data-testid="my-action-now">
                {t('staff.mine.nowIn', { state: t(`caseState.${outcome.state}`) })}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
