import { useEffect } from 'react';
import type { TaskDoc } from '@smt/shared/workflow/task';
import { useObservable } from '../../device/use-observable.ts';
import { photoHashes, prefetchPhotos } from '../photo-cache.ts';
import { useStaff, useStaffDevice } from '../staff-context.tsx';

/**
 * Keeps the citizen's photos of every task on this device while it is online, so a task
 * opened later in a basement or a lane without signal still shows them.
 */
export function usePhotoPrefetch(tasks: readonly TaskDoc[]): void {
  const { auth } = useStaff();
  const device = useStaffDevice();
  const online = useObservable(device.isOnline$, false);
  const key = tasks.flatMap((task) => photoHashes(task.photos)).join(',');

  useEffect(() => {
    if (!online || !key) return;
    void prefetchPhotos(auth, key.split(','));
  }, [auth, online, key]);
}
