import { IonProgressBar } from '@ionic/react';
import type { ReportStanding } from '../device/citizen-view.ts';
import { standingProgress } from '../citizen/history/standing.ts';

/** The upload of one report as a bar under its sentence; nothing once it has arrived. */
export function StandingProgress({ standing }: { standing: ReportStanding }) {
  const progress = standingProgress(standing);
  if (progress === undefined) return null;
  return (
    <IonProgressBar
      className="standing-progress"
      data-testid="report-progress"
      type={progress === 'indeterminate' ? 'indeterminate' : 'determinate'}
      value={progress === 'indeterminate' ? undefined : progress}
    />
  );
}
