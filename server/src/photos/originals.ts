import type { Logger } from 'pino';
import type { PhotoOriginalsRetention } from '../config.ts';
import type { Store } from '../store/index.ts';
import { getOrUndefined, isConflict, isNotFound } from '../lib/couch-docs.ts';

export type { PhotoOriginalsRetention } from '../config.ts';

/** The attachment a device's photo outbox carries the photo in (see sync/photo-outbox.ts). */
export const ORIGINAL_ATTACHMENT = 'original';

const REMOVE_ATTEMPTS = 3;

export type RetentionResult = 'kept' | 'removed' | 'absent';

/**
 * Applies the originals retention to one photo in a citizen's media outbox, once its outcome
 * is recorded. Under `remove` the attachment goes and the database is compacted, because
 * CouchDB (and the embedded store) keep an old revision's attachment until compaction: only
 * then are the original's bytes, GPS position and serial number gone from disk.
 *
 * This is the one place the server writes a device's photo document, against "one writer per
 * document": the write only removes, the outbox replicates push-only so the device never
 * reads it back, and the device's revision is an ancestor of ours, so a device that lost its
 * checkpoint is told by `_revs_diff` that the server already has it and sends nothing again.
 * The document itself stays as the record that the photo was sent.
 */
export async function applyOriginalsRetention(
  store: Store,
  dbName: string,
  photoId: string,
  retention: PhotoOriginalsRetention,
  log: Logger,
): Promise<RetentionResult> {
  if (retention === 'keep') return 'kept';
  const db = store.couch.use<{ _attachments?: Record<string, unknown> }>(dbName);

  for (let attempt = 1; ; attempt += 1) {
    const doc = await getOrUndefined(db, photoId);
    if (!doc?._attachments?.[ORIGINAL_ATTACHMENT]) return 'absent';
    try {
      await db.attachment.destroy(photoId, ORIGINAL_ATTACHMENT, { rev: doc._rev });
      break;
    } catch (err) {
      // The device sent a new revision meanwhile: read it again and remove from that one.
      if (isNotFound(err)) return 'absent';
      if (!isConflict(err) || attempt >= REMOVE_ATTEMPTS) throw err;
    }
  }

  await compact(store, dbName, log);
  return 'removed';
}

/**
 * Compaction failing leaves the bytes in an old revision until the next compaction of the
 * database, so it is logged, not retried: the photo's outcome is already recorded and linked.
 */
async function compact(store: Store, dbName: string, log: Logger): Promise<void> {
  try {
    await store.couch.db.compact(dbName);
  } catch (err) {
    log.warn({ err, db: dbName }, 'compaction after removing an original failed');
  }
}
