import type nano from 'nano';
import type { CaseDoc, PhotoRef } from '@smt/shared';
import { caseIdFor, SERVER_DBS } from '@smt/shared';
import type { Store } from '../store/index.ts';
import { getOrUndefined, upsert } from '../lib/couch-docs.ts';
import { mergePhotos, photoRecordsFor, toPhotoRef } from './photo-records.ts';
import { projectToCitizen } from './projection.ts';

export function casesDb(store: Store): nano.DocumentScope<CaseDoc> {
  return store.couch.use<CaseDoc>(SERVER_DBS.cases);
}

export async function findCase(store: Store, reportId: string): Promise<CaseDoc | undefined> {
  return getOrUndefined(casesDb(store), caseIdFor(reportId));
}

/**
 * Attaches processed photos to a case and tells the citizen. The intake and photo workers both
 * call it, each after writing its own record ("write yours, then read theirs"), so whichever
 * finishes second links the photos and none is lost to the race.
 */
export async function linkPhotos(
  store: Store,
  reportId: string,
  incoming?: PhotoRef[],
): Promise<void> {
  const existing = await findCase(store, reportId);
  if (!existing) return;
  const photos =
    incoming ??
    (await photoRecordsFor(store, reportId, existing.citizen.principalId)).map(toPhotoRef);

  const { doc } = await upsert(casesDb(store), existing._id, (current) => {
    if (!current) return undefined;
    const merged = mergePhotos(current.photos, photos);
    if (!merged) return undefined;
    return { ...current, photos: merged, updatedAt: new Date().toISOString() };
  });
  // Projected even when nothing was written: a crash between the case write and the projection
  // is replayed, finds the photos already linked, and must still bring the status up to date.
  if (doc) await projectToCitizen(store, doc);
}
