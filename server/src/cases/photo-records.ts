import type { PhotoRef } from '@smt/shared';
import { SERVER_DBS } from '@smt/shared';
import type { Store } from '../store/index.ts';

/**
 * What the photo worker made of one photo, in the server-only `media` database. The id starts
 * with the report and the principal, so a case can only ever collect photos sent by the citizen
 * who made the report, and a prefix scan finds them without an index.
 */
export interface PhotoRecord extends PhotoRef {
  _id: string;
  type: 'photo-record';
  reportId: string;
  principalId: string;
  index: number;
  processedAt: string;
}

export function photoRecordId(reportId: string, principalId: string, index: number): string {
  return `${photoRecordPrefix(reportId, principalId)}${index}`;
}

function photoRecordPrefix(reportId: string, principalId: string): string {
  return `photo-${reportId}-${principalId}-`;
}

export async function photoRecordsFor(
  store: Store,
  reportId: string,
  principalId: string,
): Promise<PhotoRecord[]> {
  const prefix = photoRecordPrefix(reportId, principalId);
  const media = store.couch.use<PhotoRecord>(SERVER_DBS.media);
  const rows = await media.list({
    startkey: prefix,
    endkey: `${prefix}\ufff0`,
    include_docs: true,
  });
  return rows.rows.flatMap((row) => (row.doc ? [row.doc] : []));
}

export function toPhotoRef(record: PhotoRecord): PhotoRef {
  const ref: PhotoRef = { photoId: record.photoId };
  if (record.display) ref.display = record.display;
  if (record.thumb) ref.thumb = record.thumb;
  if (record.width) ref.width = record.width;
  if (record.height) ref.height = record.height;
  if (record.refused) ref.refused = record.refused;
  return ref;
}

/** Adds or replaces photos by id, in index order; returns undefined when nothing changes. */
export function mergePhotos(current: PhotoRef[], incoming: PhotoRef[]): PhotoRef[] | undefined {
  const byId = new Map(current.map((p) => [p.photoId, p]));
  let changed = false;
  for (const photo of incoming) {
    if (JSON.stringify(byId.get(photo.photoId)) === JSON.stringify(photo)) continue;
    byId.set(photo.photoId, photo);
    changed = true;
  }
  if (!changed) return undefined;
  return [...byId.values()].sort((a, b) =>
    a.photoId.localeCompare(b.photoId, 'en', { numeric: true }),
  );
}
