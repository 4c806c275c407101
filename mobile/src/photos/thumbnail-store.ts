import { createKvStore } from '../storage/kv-store.ts';

/**
 * Small copies of each submitted report's photos, kept on the phone so that the history shows
 * them with no connection. The photo outbox belongs to the sync layer and may let go of the
 * full photos once the server has them; these stay.
 */
const thumbnails = createKvStore<Blob[]>('smt-thumbnails', 'thumbnails');

export async function saveThumbnails(reportId: string, blobs: Blob[]): Promise<void> {
  await thumbnails.put(reportId, blobs);
}

export async function loadThumbnails(reportId: string): Promise<Blob[]> {
  return (await thumbnails.get(reportId)) ?? [];
}
