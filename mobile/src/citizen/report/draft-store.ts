import { createKvStore } from '../../storage/kv-store.ts';
import type { GeoPoint } from '@smt/shared/docs';

/**
 * The report being written, kept in IndexedDB on every change so that nothing typed or
 * photographed is lost when the app is closed, killed or reloaded before it is submitted.
 * Photos are stored as Blobs (IndexedDB keeps them natively; localStorage could not).
 */
export interface DraftPhoto {
  blob: Blob;
  width: number;
  height: number;
}

export interface Draft {
  photos: DraftPhoto[];
  description: string;
  category?: { major: string; minor: string };
  location?: GeoPoint;
  followUpSms: boolean;
  /** When the first photo was taken, by the phone's clock, ISO 8601. */
  capturedAt?: string;
}

export const EMPTY_DRAFT: Draft = { photos: [], description: '', followUpSms: false };

const drafts = createKvStore<Draft>('smt-draft', 'draft');

// One draft per person signed in on this phone: the form they left is the one they find.
export async function loadDraft(owner: string): Promise<Draft> {
  const stored = await drafts.get(owner);
  return stored ? { ...EMPTY_DRAFT, ...stored } : EMPTY_DRAFT;
}

export async function saveDraft(owner: string, draft: Draft): Promise<void> {
  await drafts.put(owner, draft);
}

export async function clearDraft(owner: string): Promise<void> {
  await drafts.delete(owner);
}

/** Everything the citizen must give before a report can be queued. */
export type MissingField = 'photos' | 'description' | 'category' | 'location';

export function missingFields(draft: Draft): MissingField[] {
  const missing: MissingField[] = [];
  if (draft.photos.length === 0) missing.push('photos');
  if (draft.description.trim() === '') missing.push('description');
  if (!draft.category) missing.push('category');
  if (!draft.location) missing.push('location');
  return missing;
}
