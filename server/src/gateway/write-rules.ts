import {
  ACTION_ID,
  PlatformError,
  type PrincipalKind,
  REPORT_ID,
  type SyncAlias,
} from '@smt/shared';

/**
 * One writer per document (DESIGN.md): through the gateway a citizen's device writes only its
 * reports into its main database and only its photos into its media outbox; a staff device
 * writes only new actions into its main database and only its photos into its media outbox. Statuses and
 * messages in the same database are written by server workers, so a device that sends one is
 * refused, as is a deletion: a report is written once, and a sent photo stays sent.
 *
 * A refusal covers the whole request (403 `document-not-allowed`, naming the first offending
 * document), so nothing of a batch is written. Devices never build such batches; when one does,
 * its replication stops with a visible reason instead of half-writing.
 */
const PHOTO_ID = /^photo-(r[a-z0-9]{19,39})-(\d{1,3})$/;

/** Fields CouchDB itself understands; any other leading underscore is refused upstream anyway. */
const SPECIAL_FIELDS = new Set(['_id', '_rev', '_deleted', '_attachments', '_revisions']);

type Doc = Record<string, unknown>;

export function checkBulkDocs(kind: PrincipalKind, alias: SyncAlias, body: unknown): void {
  if (!isObject(body) || !Array.isArray(body.docs)) {
    throw new PlatformError('invalid-body', 400, '_bulk_docs needs {"docs": [...]}');
  }
  if (body.new_edits !== undefined && typeof body.new_edits !== 'boolean') {
    throw new PlatformError('invalid-body', 400, 'new_edits is true or false');
  }
  for (const doc of body.docs) {
    checkDoc(kind, alias, doc);
    // The store skips such a document without a word, and the device would take it as written.
    if (body.new_edits === false && typeof (doc as Doc)._rev !== 'string') {
      throw new PlatformError(
        'invalid-body',
        400,
        'with new_edits false every document needs _rev',
      );
    }
  }
}

/** PUT /<docid>: the same rules, and the body's _id (if any) must be the one in the path. */
export function checkPutDoc(
  kind: PrincipalKind,
  alias: SyncAlias,
  docId: string,
  body: unknown,
): Doc {
  if (!isObject(body)) throw new PlatformError('invalid-body', 400, 'a document is an object');
  if (body._id !== undefined && body._id !== docId) {
    throw new PlatformError('invalid-body', 400, '_id differs from the path');
  }
  const doc = { ...body, _id: docId };
  checkDoc(kind, alias, doc);
  return doc;
}

function checkDoc(kind: PrincipalKind, alias: SyncAlias, doc: unknown): void {
  if (!isObject(doc) || typeof doc._id !== 'string') {
    throw new PlatformError('invalid-body', 400, 'every document needs a string _id');
  }
  const problem = problemWith(kind, alias, doc);
  if (problem) throw new PlatformError('document-not-allowed', 403, `${doc._id}: ${problem}`);
}

function problemWith(kind: PrincipalKind, alias: SyncAlias, doc: Doc): string | undefined {
  const id = doc._id as string;
  if (doc._deleted === true) return 'documents cannot be deleted';
  const unknownSpecial = Object.keys(doc).find((k) => k.startsWith('_') && !SPECIAL_FIELDS.has(k));
  if (unknownSpecial) return `field ${unknownSpecial} is not allowed`;
  const badSpecial = malformedSpecialField(doc);
  if (badSpecial) return `field ${badSpecial} is not well formed`;

  if (alias === 'main' && kind === 'citizen') {
    if (doc.type !== 'report' || !REPORT_ID.test(id)) return 'only reports may be written here';
    if (hasAttachments(doc)) return 'reports carry no attachments; photos go to media';
    return undefined;
  }
  if (alias === 'main') return staffMainProblem(doc);

  const match = PHOTO_ID.exec(id);
  if (doc.type !== 'photo' || !match) return 'only photos may be written here';
  if (doc.reportId !== match[1] || doc.index !== Number(match[2])) {
    return 'reportId and index must match the id';
  }
  return undefined;
}

/**
 * Staff write only actions, and only new ones: an action is a record of what someone did, so
 * a device that sends a revision (an edit) or a deletion is refused. Whether the action makes
 * sense is the workflow worker's to judge; its answer reaches the device as an outcome.
 */
function staffMainProblem(doc: Doc): string | undefined {
  if (doc.type !== 'action' || !ACTION_ID.test(doc._id as string)) {
    return 'only actions may be written here';
  }
  if (doc._rev !== undefined || doc._revisions !== undefined) {
    return 'actions are written once and never changed';
  }
  if (hasAttachments(doc)) return 'actions carry no attachments; photos go to media';
  return undefined;
}

/** The store keeps `{"_attachments": 5}` as it is, and the document then breaks its readers. */
function malformedSpecialField(doc: Doc): string | undefined {
  if (doc._rev !== undefined && typeof doc._rev !== 'string') return '_rev';
  if (doc._deleted !== undefined && typeof doc._deleted !== 'boolean') return '_deleted';
  if (doc._attachments !== undefined && !isObject(doc._attachments)) return '_attachments';
  const revisions = doc._revisions;
  if (
    revisions !== undefined &&
    !(
      isObject(revisions) &&
      Number.isInteger(revisions.start) &&
      Array.isArray(revisions.ids) &&
      revisions.ids.every((id) => typeof id === 'string')
    )
  ) {
    return '_revisions';
  }
  return undefined;
}

function hasAttachments(doc: Doc): boolean {
  return isObject(doc._attachments) && Object.keys(doc._attachments).length > 0;
}

function isObject(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
