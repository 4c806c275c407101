import type { AuthClient } from '@smt/sync/auth-client';
import type { PhotoRef } from '@smt/shared/docs';
import { mediaUrl } from './open-staff.ts';

/**
 * The citizen's photos of the cases a field person holds, kept in the browser's Cache Storage
 * under their content hash, so a task opened with no connection still shows them. A hash
 * names fixed bytes, so a cached copy never goes stale.
 */
const CACHE_NAME = 'smt-case-photos-v1';
const keyOf = (hash: string) => `/case-photo-cache/${hash}`;

function cacheStorage(): CacheStorage | undefined {
  return typeof caches === 'undefined' ? undefined : caches;
}

export function photoHashes(photos: readonly PhotoRef[]): string[] {
  return photos.map((p) => p.display ?? p.thumb).filter((h): h is string => !!h);
}

/** A Blob for the photo from the cache, else from the server (and then cached). */
export async function photoBlob(
  auth: AuthClient,
  hash: string,
): Promise<
  | {
      blob: Blob;
      cached: boolean;
    }
  | undefined
> {
  const store = cacheStorage();
  const cache = store ? await store.open(CACHE_NAME) : undefined;
  const hit = await cache?.match(keyOf(hash));
  if (hit) return { blob: await hit.blob(), cached: true };

  const url = await mediaUrl(auth, hash);
  if (!url) return undefined;
  try {
    const response = await fetch(url);
    if (!response.ok) return undefined;
    const blob = await response.blob();
    await cache?.put(keyOf(hash), new Response(blob, { headers: { 'content-type': blob.type } }));
    return { blob, cached: false };
  } catch {
    return undefined;
  }
}

/** Fetches into the cache every photo not yet there; failures wait for the next call. */
export async function prefetchPhotos(auth: AuthClient, hashes: readonly string[]): Promise<number> {
  const store = cacheStorage();
  if (!store) return 0;
  const cache = await store.open(CACHE_NAME);
  let fetched = 0;
  for (const hash of hashes) {
    if (await cache.match(keyOf(hash))) continue;
    const got = await photoBlob(auth, hash);
    if (got && !got.cached) fetched++;
  }
  return fetched;
}
