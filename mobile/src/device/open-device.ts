import { combineLatest, map, shareReplay } from 'rxjs';
import { addRxPlugin } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import PouchDB from 'pouchdb-core';
import IdbAdapter from 'pouchdb-adapter-idb';
import type { AuthClient, Principal } from '@smt/sync/auth-client';
import { openCitizenDevice } from '@smt/sync/citizen-device';
import { appConfig } from '../config.ts';
import { shrinkPhoto, THUMBNAIL_TARGET } from '../photos/shrink.ts';
import { loadThumbnails, saveThumbnails } from '../photos/thumbnail-store.ts';
import type { CitizenView, ReportEntry } from './citizen-view.ts';
import { standingOf } from './standing-of.ts';

// Several tabs of the web app share one database and elect one of them to replicate.
addRxPlugin(RxDBLeaderElectionPlugin);
PouchDB.plugin(IdbAdapter);

async function thumbnailsOf(photos: Blob[]): Promise<Blob[]> {
  const made = await Promise.all(
    photos.map((photo) =>
      shrinkPhoto(photo, THUMBNAIL_TARGET).then(
        (thumb) => thumb.blob,
        () => undefined,
      ),
    ),
  );
  return made.filter((blob): blob is Blob => blob !== undefined);
}

/**
 * The signed-in citizen's device (RxDB on IndexedDB through Dexie, photos in a PouchDB
 * outbox on IndexedDB), syncing from the moment it opens, seen the way the screens need it.
 */
export async function openCitizenView(
  auth: AuthClient,
  principal: Principal,
): Promise<CitizenView> {
  const device = await openCitizenDevice({
    serverUrl: appConfig.serverUrl,
    auth,
    storage: getRxStorageDexie(),
    pouch: { PouchDB, adapter: 'idb' },
    name: `smt-${principal.kind}-${principal.id}`,
  });
  device.startSync();

  const reports$ = combineLatest([device.reports$, device.statuses$, device.outbox$]).pipe(
    map(([reports, statuses, outbox]): ReportEntry[] =>
      reports.map((report) => ({
        report,
        status: statuses.get(report._id),
        standing: standingOf(outbox.get(report._id)),
      })),
    ),
    shareReplay({ bufferSize: 1, refCount: true }),
  );

  return {
    reports$,
    messages$: device.messages$,
    online$: device.isOnline$,
    async submit(input) {
      const thumbnails = await thumbnailsOf(input.photos);
      const report = await device.submitReport(input);
      // The report is safe in the outbox; a missing thumbnail only costs the offline preview.
      await saveThumbnails(report._id, thumbnails).catch(() => undefined);
      return report._id;
    },
    localPhotos: (reportId) => loadThumbnails(reportId),
    async mediaUrl(hash) {
      try {
        const token = await auth.getAccessToken();
        return `${appConfig.serverUrl}/api/media/${hash}?access_token=${encodeURIComponent(token)}`;
      } catch {
        return undefined;
      }
    },
    hasUnsent: () => device.hasUnsent(),
    close: () => device.close(),
  };
}
