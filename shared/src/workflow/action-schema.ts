import { z } from 'zod';
import { isValidCategory } from '../categories.ts';
import { isPrincipalId } from '../databases.ts';
import { reason, type Reason } from '../errors.ts';
import { isIsoWithOffset } from '../iso-time.ts';
import { ACTION_ID, CASE_ID, type ActionDoc } from './actions.ts';
import { ROLES } from './roles.ts';

/**
 * The shape an action must have before the state machine looks at it. A device wrote it, so
 * nothing in it is trusted. Keys the schema does not know (`_rev`, RxDB's `_meta`) are dropped.
 */
export const MAX_ACTION_TEXT_CHARS = 2_000;
export const MAX_ACTION_PHOTOS = 6;
const MAX_DISTRICT_CHARS = 40;
// A worker's name, such as `intake`; people are principals with ids of their own shape.
const WORKER_NAME = /^[a-z][a-z-]{1,39}$/;
const PHOTO_ID = /^photo-[a-z0-9-]{1,100}$/;

const text = z
  .string()
  .refine((value) => !/\p{Cs}/u.test(value), 'broken characters')
  .refine((value) => /\S/u.test(value), 'must not be empty')
  .refine((value) => [...value].length <= MAX_ACTION_TEXT_CHARS, 'too long');

const photoIds = z.array(z.string().regex(PHOTO_ID)).max(MAX_ACTION_PHOTOS);
const reworkCount = z.number().int().min(0);

const category = z
  .object({ major: z.string(), minor: z.string() })
  .refine((c) => isValidCategory(c.major, c.minor), {
    message: 'not in the catalog',
    path: ['minor'],
  });

const actor = z
  .object({ principalId: z.string(), role: z.enum(ROLES) })
  .refine(
    (a) => (a.role === 'system' ? WORKER_NAME.test(a.principalId) : isPrincipalId(a.principalId)),
    { message: 'not a principal id', path: ['principalId'] },
  );

const base = {
  _id: z.string().regex(ACTION_ID),
  type: z.literal('action'),
  caseId: z.string().regex(CASE_ID),
  actor,
  at: z.string().refine(isIsoWithOffset, 'expected ISO 8601 with an offset'),
};

function kind<K extends string, P extends z.ZodType>(name: K, payload: P) {
  return z.object({ ...base, kind: z.literal(name), payload });
}

const noteOnly = z.object({ note: text.optional() });
const reasonOnly = z.object({ reason: text });

const verifyPayload = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('confirm'), note: text.optional(), photoIds: photoIds.optional() }),
  z.object({
    outcome: z.literal('correct-category'),
    category,
    note: text.optional(),
    photoIds: photoIds.optional(),
  }),
  z.object({ outcome: z.literal('nothing-found'), note: text, photoIds: photoIds.optional() }),
]);

const checkPayload = z.discriminatedUnion('outcome', [
  z.object({
    reworkCount,
    outcome: z.literal('pass'),
    note: text.optional(),
    photoIds: photoIds.optional(),
  }),
  z.object({ reworkCount, outcome: z.literal('fail'), note: text, photoIds: photoIds.optional() }),
]);

export const actionDocSchema = z.discriminatedUnion('kind', [
  kind('accept', noteOnly),
  kind('reject', reasonOnly),
  kind('cancel', reasonOnly),
  kind('mark-duplicate', z.object({ of: z.string().regex(CASE_ID), note: text.optional() })),
  kind('request-verify', noteOnly),
  kind('verify', verifyPayload),
  kind(
    'dispatch',
    z.object({ district: z.string().min(1).max(MAX_DISTRICT_CHARS), note: text.optional() }),
  ),
  kind('assign', z.object({ teamId: z.string().refine(isPrincipalId), note: text.optional() })),
  // 处置反馈 always carries at least one photo of the result: the check compares against it.
  kind('dispose', z.object({ reworkCount, note: text, photoIds: photoIds.min(1) })),
  kind('request-check', noteOnly),
  kind('check', checkPayload),
  kind('return', reasonOnly),
  kind('close', noteOnly),
]) satisfies z.ZodType<ActionDoc>;

export type ParsedAction = { ok: true; action: ActionDoc } | { ok: false; reason: Reason };

/** The detail names the first bad field and what is wrong, never the value (free text). */
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length === 0 ? 'document' : issue.path.map(String).join('.');
  const what = issue.code === 'custom' ? issue.message : issue.code.replaceAll('_', ' ');
  return `${field}: ${what}`;
}

export function parseAction(doc: unknown): ParsedAction {
  const result = actionDocSchema.safeParse(doc);
  if (result.success) return { ok: true, action: result.data };
  return { ok: false, reason: reason('action-malformed', describeIssue(result.error.issues[0]!)) };
}
