import { SERVER_DBS } from '@smt/shared';
import type { Store } from '../store/index.ts';
import { createOnce, getOrUndefined, isConflict } from '../lib/couch-docs.ts';

/**
 * Content-addressed photo derivatives in the server-only `media` database: `blob-<sha256>`
 * holds the bytes once however many cases share them, and `access-<sha256>-<principal>` says
 * who may fetch them, so the media route answers with two lookups by id and no index.
 */
export interface StoredDerivative {
  bytes: Buffer;
  hash: string;
  contentType: string;
}

const HASH = /^[a-f0-9]{64}$/;

export function isContentHash(value: string): boolean {
  return HASH.test(value);
}

export async function storeDerivative(
  store: Store,
  derivative: StoredDerivative,
  principalId: string,
): Promise<void> {
  const media = store.couch.use(SERVER_DBS.media);
  const blobId = `blob-${derivative.hash}`;
  try {
    await media.multipart.insert(
      { type: 'blob', contentType: derivative.contentType, bytes: derivative.bytes.length },
      [{ name: 'data', data: derivative.bytes, content_type: derivative.contentType }],
      blobId,
    );
  } catch (err) {
    if (!isConflict(err)) throw err;
  }
  await grantAccess(store, derivative.hash, principalId);
}

export async function grantAccess(store: Store, hash: string, principalId: string): Promise<void> {
  await createOnce(store.couch.use<{ type: string }>(SERVER_DBS.media), {
    _id: `access-${hash}-${principalId}`,
    type: 'access',
  });
}

export async function mayRead(store: Store, hash: string, principalId: string): Promise<boolean> {
  const media = store.couch.use(SERVER_DBS.media);
  return (await getOrUndefined(media, `access-${hash}-${principalId}`)) !== undefined;
}

export async function readBlob(
  store: Store,
  hash: string,
): Promise<{ bytes: Buffer; contentType: string } | undefined> {
  const media = store.couch.use<{ contentType?: string }>(SERVER_DBS.media);
  const doc = await getOrUndefined(media, `blob-${hash}`);
  if (!doc) return undefined;
  const bytes = await media.attachment.get(`blob-${hash}`, 'data');
  return { bytes, contentType: doc.contentType ?? 'image/jpeg' };
}
