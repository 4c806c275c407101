import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IonButton, IonItem, IonText, IonTextarea } from '@ionic/react';
import type { ActionKind, CategoryCodes } from '@smt/shared/workflow/actions';
import type { TaskDoc } from '@smt/shared/workflow/task';
import { CategoryPicker } from '../../citizen/report/CategoryPicker.tsx';
import type { DraftPhoto } from '../../citizen/report/draft-store.ts';
import { PhotoPicker } from '../../citizen/report/PhotoPicker.tsx';
import { errorText } from '../../ui/error-text.ts';
import { useStaffDevice } from '../staff-context.tsx';

type Choice = 'confirm' | 'correct-category' | 'nothing-found' | 'pass' | 'fail' | 'dispose';

const CHOICES: Partial<Record<ActionKind, Choice[]>> = {
  verify: ['confirm', 'correct-category', 'nothing-found'],
  check: ['pass', 'fail'],
  dispose: ['dispose'],
};

const CHOICE_LABELS: Record<Choice, string> = {
  confirm: 'staff.form.confirm',
  'correct-category': 'staff.form.correct',
  'nothing-found': 'staff.form.nothingFound',
  pass: 'staff.form.pass',
  fail: 'staff.form.fail',
  dispose: 'staff.actions.dispose',
};

/** What the choice still lacks before it can be saved; undefined when it is complete. */
function missingOf(
  choice: Choice | undefined,
  note: string,
  photos: readonly DraftPhoto[],
  category: CategoryCodes | undefined,
): string | undefined {
  if (!choice) return undefined;
  if (choice === 'dispose' && photos.length === 0) return 'staff.form.photosRequired';
  const noteNeeded = choice === 'nothing-found' || choice === 'fail' || choice === 'dispose';
  if (noteNeeded && note.trim() === '') return 'staff.form.noteRequired';
  if (choice === 'correct-category' && !category) return 'staff.form.categoryRequired';
  return undefined;
}

/**
 * The field person's step on a task: a supervisor's verification (核实) or check (核查), a
 * team's disposal report (处置反馈), with photos taken on site. It is written on the device
 * and works with no connection; the server judges it when it arrives.
 */
export function FieldActionForm({ task, kind }: { task: TaskDoc; kind: ActionKind }) {
  const { t } = useTranslation();
  const device = useStaffDevice();
  const choices = CHOICES[kind] ?? [];
  const [choice, setChoice] = useState<Choice | undefined>(
    choices.length === 1 ? choices[0] : undefined,
  );
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<DraftPhoto[]>([]);
  const [category, setCategory] = useState<CategoryCodes>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const missing = missingOf(choice, note, photos, category);

  async function submit() {
    if (!choice || missing) return;
    setBusy(true);
    setError(undefined);
    try {
      const takenAt = new Date().toISOString();
      const photoIds: string[] = [];
      for (const photo of photos)
        photoIds.push(await device.queuePhoto(task.caseId, photo.blob, takenAt));
      const text = note.trim();
      const withNote = text ? { note: text } : {};
      const withPhotos = photoIds.length > 0 ? { photoIds } : {};
      const round = task.reworkCount;
      if (choice === 'dispose') {
        await device.writeAction(task.caseId, 'dispose', {
          reworkCount: round,
          note: text,
          photoIds,
        });
      } else if (choice === 'pass') {
        await device.writeAction(task.caseId, 'check', {
          reworkCount: round,
          outcome: 'pass',
          ...withNote,
          ...withPhotos,
        });
      } else if (choice === 'fail') {
        await device.writeAction(task.caseId, 'check', {
          reworkCount: round,
          outcome: 'fail',
          note: text,
          ...withPhotos,
        });
      } else if (choice === 'correct-category') {
        await device.writeAction(task.caseId, 'verify', {
          outcome: 'correct-category',
          category: category!,
          ...withNote,
          ...withPhotos,
        });
      } else if (choice === 'nothing-found') {
        await device.writeAction(task.caseId, 'verify', {
          outcome: 'nothing-found',
          note: text,
          ...withPhotos,
        });
      } else {
        await device.writeAction(task.caseId, 'verify', {
          outcome: 'confirm',
          ...withNote,
          ...withPhotos,
        });
      }
    } catch (err) {
      setError(t('staff.form.failed', { message: errorText(t, err) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="field-form" data-testid="field-form" data-kind={kind}>
      <h3>{t(`staff.actions.${kind}`)}</h3>
      {choices.length > 1 && (
        <div className="choice-grid big" role="group">
          {choices.map((c) => (
            <IonButton
              key={c}
              data-testid={`field-choice-${c}`}
              fill={choice === c ? 'solid' : 'outline'}
              aria-pressed={choice === c}
              onClick={() => setChoice(c)}
            >
              {t(CHOICE_LABELS[c])}
            </IonButton>
          ))}
        </div>
      )}
      {choice === 'correct-category' && <CategoryPicker value={category} onChange={setCategory} />}
      {choice && (
        <>
          <h4>{t('staff.form.photos')}</h4>
          <PhotoPicker
            photos={photos}
            onAdd={(photo) => setPhotos((list) => [...list, photo])}
            onRemove={(index) => setPhotos((list) => list.filter((_, i) => i !== index))}
          />
          <IonItem>
            <IonTextarea
              data-testid="field-note"
              label={t('staff.form.note')}
              labelPlacement="stacked"
              placeholder={t('staff.form.notePlaceholder')}
              autoGrow
              value={note}
              onIonInput={(e) => setNote(String(e.detail.value ?? ''))}
            />
          </IonItem>
          {missing && (
            <p className="muted" data-testid="field-missing">
              {t(missing)}
            </p>
          )}
          {error && (
            <IonText color="danger" role="alert">
              <p>{error}</p>
            </IonText>
          )}
          <IonButton
            data-testid="field-submit"
            expand="block"
            size="large"
            disabled={busy || missing !== undefined}
            onClick={() => void submit()}
          >
            {busy ? t('staff.form.saving') : t('staff.form.submit')}
          </IonButton>
        </>
      )}
    </section>
  );
}
