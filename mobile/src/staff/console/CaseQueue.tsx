import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskDoc } from '@smt/shared/workflow/task';
import { formatDateTime } from '../../i18n/index.ts';
import { caseTitle, categoryText } from '../labels.ts';

interface Props {
  tasks: readonly TaskDoc[];
  selected: string | undefined;
  onSelect(caseId: string): void;
}

/**
 * The queue, most urgent first. Rows are plain buttons with text nodes only; memo keeps a
 * change to one case from re-rendering two hundred rows' worth of unchanged props.
 */
export const CaseQueue = memo(function CaseQueue({ tasks, selected, onSelect }: Props) {
  const { t } = useTranslation();
  if (tasks.length === 0) return <p className="muted">{t('staff.console.empty')}</p>;
  return (
    <ul className="case-queue" data-testid="console-queue">
      {tasks.map((task) => (
        <li key={task._id}>
          <button
            type="button"
            className={[
              'queue-row',
              task.overdue ? 'overdue' : '',
              task.caseId === selected ? 'selected' : '',
            ].join(' ')}
            data-testid="queue-row"
            data-case-id={task.caseId}
            data-state={task.state}
            aria-current={task.caseId === selected ? 'true' : undefined}
            onClick={() => onSelect(task.caseId)}
          >
            <span className="queue-row-head">
              <strong>{caseTitle(task)}</strong>
              <span className="state-chip">{t(`caseState.${task.state}`)}</span>
              {task.overdue && <span className="overdue-chip">{t('staff.tasks.overdue')}</span>}
            </span>
            <span className="queue-row-line">
              {categoryText(task.category)} · {task.district ?? '—'}
              {task.deadline &&
                ` · ${t('staff.tasks.deadline', { time: formatDateTime(task.deadline) })}`}
            </span>
            <span className="queue-row-desc">{task.description}</span>
          </button>
        </li>
      ))}
    </ul>
  );
});
