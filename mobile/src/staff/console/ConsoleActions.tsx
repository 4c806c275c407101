import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IonButton, IonText } from '@ionic/react';
import type { ActionKind, ActionPayloads } from '@smt/shared/workflow/actions';
import type { StaffProfile } from '@smt/shared/workflow/staff';
import type { TaskDoc } from '@smt/shared/workflow/task';
import { errorText } from '../../ui/error-text.ts';
import { actionsFor, isSideAction } from '../actions-for.ts';
import { caseTitle } from '../labels.ts';
import { useDirectory, type Directory } from '../directory.tsx';
import { useStaffDevice } from '../staff-context.tsx';
import { DISTRICT_NAMES } from './districts.ts';

type DeskKind = Exclude<ActionKind, 'verify' | 'dispose' | 'check'>;

/** Which kinds need a reason (shown to the citizen and colleagues) rather than a free note. */
const NEEDS_REASON: readonly ActionKind[] = ['reject', 'cancel', 'return'];

interface Props {
  task: TaskDoc;
  profile: StaffProfile;
  /** Other cases, for marking this one as their duplicate, and teams seen before. */
  others: readonly TaskDoc[];
}

interface Fields {
  text: string;
  district: string;
  teamId: string;
  duplicateOf: string;
}

function payloadOf(kind: DeskKind, fields: Fields): ActionPayloads[DeskKind] | string {
  const text = fields.text.trim();
  const note = text ? { note: text } : {};
  if (NEEDS_REASON.includes(kind)) return text ? { reason: text } : 'staff.form.reasonRequired';
  switch (kind) {
    case 'dispatch':
      return { district: fields.district, ...note };
    case 'assign':
      return fields.teamId.trim()
        ? { teamId: fields.teamId.trim(), ...note }
        : 'staff.form.teamRequired';
    case 'mark-duplicate':
      return fields.duplicateOf
        ? { of: fields.duplicateOf, ...note }
        : 'staff.form.duplicateRequired';
    default:
      return note;
  }
}

/** Teams to offer when assigning: the directory's, and any a case was assigned to before. */
function teamsOf(directory: Directory, tasks: readonly TaskDoc[]): Map<string, string> {
  const teams = new Map<string, string>();
  for (const entry of directory.values()) {
    if (!entry.teamId) continue;
    const known = teams.get(entry.teamId);
    teams.set(entry.teamId, known ? `${known}, ${entry.displayName}` : entry.displayName);
  }
  for (const task of tasks) {
    if (task.teamId && !teams.has(task.teamId)) teams.set(task.teamId, task.teamId);
  }
  return teams;
}

/**
 * The desk's steps on a case (受理, 派核实, 派遣, 派遣处置, 派核查, 返工, 结案, ...), offered as
 * the state machine allows for this role and state. Each is an action document written on
 * this device; the case changes when the workflow worker has applied it.
 */
export function ConsoleActions({ task, profile, others }: Props) {
  const { t } = useTranslation();
  const device = useStaffDevice();
  const kinds = actionsFor(task.state, profile.role) as DeskKind[];
  const ordered = [...kinds.filter((k) => !isSideAction(k)), ...kinds.filter(isSideAction)];
  const [open, setOpen] = useState<DeskKind>();
  const [fields, setFields] = useState<Fields>({
    text: '',
    district: task.dispatchedTo ?? task.district ?? DISTRICT_NAMES[0] ?? '',
    teamId: '',
    duplicateOf: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const directory = useDirectory();
  const knownTeams = teamsOf(directory, others);

  if (ordered.length === 0) return null;

  async function submit(kind: DeskKind) {
    const payload = payloadOf(kind, fields);
    if (typeof payload === 'string') {
      setError(t(payload));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await device.writeAction(task.caseId, kind, payload as ActionPayloads[typeof kind]);
      setOpen(undefined);
      setFields((f) => ({ ...f, text: '' }));
    } catch (err) {
      setError(t('staff.form.failed', { message: errorText(t, err) }));
    } finally {
      setBusy(false);
    }
  }

  const set = (patch: Partial<Fields>) => setFields((f) => ({ ...f, ...patch }));
  return (
    <section className="console-actions" data-testid="console-actions">
      <div className="action-buttons">
        {ordered.map((kind) => (
          <IonButton
            key={kind}
            data-testid={`console-action-${kind}`}
            color={isSideAction(kind) ? 'medium' : 'primary'}
            fill={open === kind ? 'solid' : isSideAction(kind) ? 'outline' : 'solid'}
            onClick={() => {
              setError(undefined);
              setOpen(open === kind ? undefined : kind);
            }}
          >
            {t(`staff.actions.${kind}`)}
          </IonButton>
        ))}
      </div>
      {open && (
        <div className="action-form" data-testid="console-action-form" data-kind={open}>
          {open === 'dispatch' && (
            <label>
              {t('staff.form.district')}
              <select
                data-testid="console-dispatch-district"
                value={fields.district}
                onChange={(e) => set({ district: e.target.value })}
              >
                {DISTRICT_NAMES.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {open === 'assign' && (
            <label>
              {t('staff.form.team')}
              <input
                data-testid="console-assign-team"
                list="known-teams"
                placeholder={t('staff.form.teamPlaceholder')}
                value={fields.teamId}
                onChange={(e) => set({ teamId: e.target.value })}
              />
              <datalist id="known-teams">
                {[...knownTeams].map(([id, names]) => (
                  <option key={id} value={id}>
                    {names}
                  </option>
                ))}
              </datalist>
            </label>
          )}
          {open === 'mark-duplicate' && (
            <label>
              {t('staff.form.duplicateOf')}
              <select
                data-testid="console-duplicate-of"
                value={fields.duplicateOf}
                onChange={(e) => set({ duplicateOf: e.target.value })}
              >
                <option value="">—</option>
                {others
                  .filter((o) => o.caseId !== task.caseId)
                  .map((o) => (
                    <option key={o.caseId} value={o.caseId}>
                      {caseTitle(o)}
                    </option>
                  ))}
              </select>
            </label>
          )}
          <label>
            {NEEDS_REASON.includes(open) ? t('staff.form.reason') : t('staff.form.note')}
            <textarea
              data-testid="console-action-text"
              rows={3}
              placeholder={
                NEEDS_REASON.includes(open)
                  ? t('staff.form.reasonPlaceholder')
                  : t('staff.form.notePlaceholder')
              }
              value={fields.text}
              onChange={(e) => set({ text: e.target.value })}
            />
          </label>
          {error && (
            <IonText color="danger" role="alert">
              <p data-testid="console-action-error">{error}</p>
            </IonText>
          )}
          <div className="action-buttons">
            <IonButton
              data-testid="console-action-submit"
              disabled={busy}
              onClick={() => void submit(open)}
            >
              {busy
                ? t('staff.form.saving')
                : `${t('staff.form.submit')}: ${t(`staff.actions.${open}`)}`}
            </IonButton>
            <IonButton fill="clear" onClick={() => setOpen(undefined)}>
              {t('staff.form.cancel')}
            </IonButton>
          </div>
        </div>
      )}
    </section>
  );
}
