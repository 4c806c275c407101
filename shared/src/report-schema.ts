import { z } from 'zod';
import { isValidCategory } from './categories.ts';
import { REPORT_ID, type ReportDoc } from './docs.ts';
import { reason, type Reason } from './errors.ts';
import { isIsoWithOffset } from './iso-time.ts';

/**
 * The shape a report must have before any rule looks at it. The device wrote it, so nothing in
 * it is trusted: the intake worker parses every report with this schema first.
 *
 * The description is kept exactly as typed (no trimming, no normalisation, emoji welcome);
 * its length is counted in characters as a person sees them (code points), so an emoji counts
 * once. Keys the schema does not know (CouchDB's `_rev`, RxDB's `_meta`) are dropped.
 */
export const MAX_DESCRIPTION_CHARS = 10_000;
export const MAX_PHOTOS_PER_REPORT = 3;

const LONE_SURROGATE = /\p{Cs}/u;

const isoWithOffset = z.string().refine(isIsoWithOffset, 'expected ISO 8601 with an offset');

const description = z
  .string()
  .refine((text) => !LONE_SURROGATE.test(text), 'broken characters')
  .refine((text) => /\S/u.test(text), 'must not be empty')
  .refine((text) => [...text].length <= MAX_DESCRIPTION_CHARS, 'too long');

const geoPoint = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  accuracyM: z.number().min(0).optional(),
  source: z.enum(['gps', 'map']),
});

const category = z
  .object({ major: z.string(), minor: z.string() })
  .refine((c) => isValidCategory(c.major, c.minor), {
    message: 'not in the catalog',
    path: ['minor'],
  });

export const reportDocSchema = z.object({
  _id: z.string().regex(REPORT_ID),
  type: z.literal('report'),
  category,
  description,
  location: geoPoint,
  capturedAt: isoWithOffset,
  photoCount: z.number().int().min(0).max(MAX_PHOTOS_PER_REPORT),
  followUpSms: z.boolean(),
  createdAt: isoWithOffset,
}) satisfies z.ZodType<ReportDoc>;

export type ParsedReport = { ok: true; report: ReportDoc } | { ok: false; reason: Reason };

/**
 * The detail names the first bad field and what is wrong with it, never the value: a bad
 * description or location may hold exactly the personal data the detail must not carry.
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length === 0 ? 'document' : issue.path.map(String).join('.');
  const what = issue.code === 'custom' ? issue.message : issue.code.replaceAll('_', ' ');
  return `${field}: ${what}`;
}

export function parseReport(doc: unknown): ParsedReport {
  const result = reportDocSchema.safeParse(doc);
  if (result.success) return { ok: true, report: result.data };
  return { ok: false, reason: reason('report-malformed', describeIssue(result.error.issues[0]!)) };
}
