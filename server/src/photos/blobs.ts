import { SERVER_DBS } from '@smt/shared';
import type { Store } from '../store/index.ts';
import { createOnce, getOrUndefined, isConflict, readAttachmentBytes } from '../lib/couch-docs.ts';

/**
 * Content-addressed photo derivatives in the server-only `media` database: `blob-<sha256>`
 * holds the bytes once however many cases share them, `access-<sha256>-<principal>` says which
 * citizen sent them, and `use-<sha256>-<reportId>` which cases show them, so that staff may
 * fetch them while the case is within their reach. Every lookup is by id or id prefix: no index.
 */
export interface StoredDerivative {
  bytes: Buffer;
  hash: string;
  contentType: string;
}

interface BlobDoc {
  type: 'blob';
  contentType: string;
  bytes: number;
  _attachments: Record<string, { content_type: string; data: string }>;
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
  const media = store.couch.use<BlobDoc>(SERVER_DBS.media);
  const blobId = `blob-${derivative.hash}`;
  try {
    // Inline base64, not nano's multipart/related: the embedded store (express-pouchdb)
    // parses a part without a filename as JSON and the throw takes the whole process down.
    await media.insert({
      _id: blobId,
      type: 'blob',
      contentType: derivative.contentType,
      bytes: derivative.bytes.length,
      _attachments: {
        data: { content_type: derivative.contentType, data: derivative.bytes.toString('base64') },
      },
    });
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

export async function recordUse(store: Store, hash: string, reportId: string): Promise<void> {
  await createOnce(store.couch.use<{ type: string }>(SERVER_DBS.media), {
    _id: `use-${hash}-${reportId}`,
    type: 'use',
  });
}

/** Report ids of the cases that show this derivative. */
export async function reportsUsing(store: Store, hash: string): Promise<string[]> {
  const prefix = `use-${hash}-`;
  const { rows } = await store.couch
    .use(SERVER_DBS.media)
    .list({ startkey: prefix, endkey: `${prefix}\ufff0` });
  return rows.map((row) => row.id.slice(prefix.length));
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
  const bytes = await readAttachmentBytes(media, `blob-${hash}`, 'data');
  return { bytes, contentType: doc.contentType ?? 'image/jpeg' };
}
