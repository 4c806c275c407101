import type { Logger } from 'pino';
import type { PhotoOutboxDoc, Reason } from '@smt/shared';
import { parsePrincipalDb, PlatformError, reason, SERVER_DBS } from '@smt/shared';
import type { Store } from '../store/index.ts';
import { linkPhotos } from '../cases/case-store.ts';
import { photoRecordId, type PhotoRecord } from '../cases/photo-records.ts';
import { getOrUndefined, isNotFound, readAttachmentBytes } from '../lib/couch-docs.ts';
import { recordUse, storeDerivative } from '../photos/blobs.ts';
import {
  applyOriginalsRetention,
  ORIGINAL_ATTACHMENT,
  type PhotoOriginalsRetention,
} from '../photos/originals.ts';
import type { PhotoOutcome } from '../photos/pipeline.ts';
import type { PhotoQueue } from '../photos/queue.ts';
import type { ChangeHandler } from './follower.ts';

export interface PhotosHandlerOptions {
  /** Config PHOTO_ORIGINALS_RETENTION; the same default as there. */
  originals?: PhotoOriginalsRetention;
}

const QUEUE_FULL_RETRY_DELAY_MS = 1_000;
// The follower reads a few databases at once, each one photo at a time, so the queue is full
// only when something else submits too; past this the change is retried by the follower.
const QUEUE_FULL_ATTEMPTS = 120;

/**
 * Photos: turns each photo in a citizen's media outbox into a display size and a thumbnail
 * (metadata stripped, content-addressed) and links them to the report's case. A photo that
 * cannot be used is recorded with its reason, which reaches the case and the citizen; the
 * report itself is never touched by what happens to its photos. Once the outcome is recorded
 * and linked, the original is kept or removed as configured.
 */
export function photosHandler(
  store: Store,
  queue: PhotoQueue,
  log: Logger,
  options: PhotosHandlerOptions = {},
): ChangeHandler {
  const media = store.couch.use<PhotoRecord>(SERVER_DBS.media);
  const retention = options.originals ?? 'remove';

  // Only after the outcome is recorded and linked: a crash before this leaves the original in
  // place, and the replayed change (which finds the record) removes it then.
  const retain = async (dbName: string, doc: Partial<PhotoOutboxDoc> & HasAttachments) => {
    if (!doc._attachments?.[ORIGINAL_ATTACHMENT]) return;
    const result = await applyOriginalsRetention(store, dbName, doc._id!, retention, log);
    if (result === 'removed') log.info({ photoId: doc._id }, 'original removed');
  };

  return {
    name: 'photos',
    selects: (dbName) => {
      const parsed = parsePrincipalDb(dbName);
      return parsed?.kind === 'citizen' && parsed.alias === 'media';
    },
    async handle(dbName, change) {
      const doc = change.doc as (Partial<PhotoOutboxDoc> & HasAttachments) | undefined;
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
        await retain(dbName, doc);
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
        const outcome = await submitWhenRoom(queue, change.id, original);
        if (outcome.ok) {
          await storeDerivative(store, outcome.display, principalId);
          await storeDerivative(store, outcome.thumb, principalId);
          await recordUse(store, outcome.display.hash, reportId);
          await recordUse(store, outcome.thumb.hash, reportId);
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
      // Linked from the records of the case's own citizen, never from this change: a photo sent
      // by someone else under another citizen's report id must not replace that report's photo.
      await linkPhotos(store, reportId);
      await retain(dbName, doc);
    },
  };
}

interface HasAttachments {
  _id?: string;
  _deleted?: boolean;
  _attachments?: Record<string, unknown>;
}

async function readOriginal(
  store: Store,
  dbName: string,
  docId: string,
): Promise<Buffer | undefined> {
  try {
    return await readAttachmentBytes(store.couch.use(dbName), docId, ORIGINAL_ATTACHMENT);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** A full queue is back-pressure, not a fault of the photo: wait for room rather than refuse. */
async function submitWhenRoom(
  queue: PhotoQueue,
  name: string,
  input: Buffer,
): Promise<PhotoOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await queue.submit(name, input);
    } catch (err) {
      const full = err instanceof PlatformError && err.code === 'photo-queue-full';
      if (!full || attempt >= QUEUE_FULL_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, QUEUE_FULL_RETRY_DELAY_MS));
    }
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
