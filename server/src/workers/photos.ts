import type { Logger } from 'pino';
import type { PhotoOutboxDoc, Reason } from '@smt/shared';
import { parsePrincipalDb, reason, SERVER_DBS } from '@smt/shared';
import type { Store } from '../store/index.ts';
import { linkPhotos } from '../cases/case-store.ts';
import { photoRecordId, type PhotoRecord, toPhotoRef } from '../cases/photo-records.ts';
import { getOrUndefined, isNotFound } from '../lib/couch-docs.ts';
import { storeDerivative } from '../photos/blobs.ts';
import type { PhotoQueue } from '../photos/queue.ts';
import type { ChangeHandler } from './follower.ts';

/**
 * Photos: turns each photo in a citizen's media outbox into a display size and a thumbnail
 * (metadata stripped, content-addressed) and links them to the report's case. A photo that
 * cannot be used is recorded with its reason, which reaches the case and the citizen; the
 * report itself is never touched by what happens to its photos.
 */
// Known gap: originals stay in the citizen's media database; no retention setting removes them yet.
export function photosHandler(store: Store, queue: PhotoQueue, log: Logger): ChangeHandler {
  const media = store.couch.use<PhotoRecord>(SERVER_DBS.media);

  return {
    name: 'photos',
    selects: (dbName) => {
      const parsed = parsePrincipalDb(dbName);
      return parsed?.kind === 'citizen' && parsed.alias === 'media';
    },
    async handle(dbName, change) {
      const doc = change.doc as (Partial<PhotoOutboxDoc> & { _deleted?: boolean }) | undefined;
      if (!doc || doc._deleted || doc.type !== 'photo') return;
      const principalId = parsePrincipalDb(dbName)!.principalId;
      if (typeof doc.reportId !== 'string' || !Number.isInteger(doc.index)) {
        log.warn({ principalId, docId: change.id }, 'photo without report id or index ignored');
        return;
      }
      const reportId = doc.reportId;
      const recordId = photoRecordId(reportId, principalId, doc.index!);

      if (await getOrUndefined(media, recordId)) {
        await linkPhotos(store, reportId);
        return;
      }

      const original = await readOriginal(store, dbName, change.id);
      const record: PhotoRecord = {
        _id: recordId,
        type: 'photo-record',
        photoId: change.id,
        reportId,
        principalId,
        index: doc.index!,
        processedAt: new Date().toISOString(),
      };
      if (!original) {
        record.refused = reason('photo-empty', 'no attachment named original');
      } else {
        const outcome = await queue.submit(change.id, original);
        if (outcome.ok) {
          await storeDerivative(store, outcome.display, principalId);
          await storeDerivative(store, outcome.thumb, principalId);
          record.display = outcome.display.hash;
          record.thumb = outcome.thumb.hash;
          record.width = outcome.display.width;
          record.height = outcome.display.height;
        } else {
          record.refused = outcome.reason;
        }
      }

      await media.insert(record).catch((err: unknown) => {
        if ((err as { statusCode?: number }).statusCode !== 409) throw err;
      });
      logOutcome(log, principalId, reportId, change.id, record.refused);
      await linkPhotos(store, reportId, [toPhotoRef(record)]);
    },
  };
}

async function readOriginal(store: Store, dbName: string, docId: string): Promise<Buffer | undefined> {
  try {
    return await store.couch.use(dbName).attachment.get(docId, 'original');
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function logOutcome(
  log: Logger,
  principalId: string,
  reportId: string,
  photoId: string,
  refused: Reason | undefined,
): void {
  if (refused) log.warn({ principalId, reportId, photoId, reason: refused.code }, 'photo refused');
  else log.info({ principalId, reportId, photoId }, 'photo processed');
}
