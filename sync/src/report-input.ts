import type { GeoPoint, ReportDoc } from '@smt/shared/docs';
import { SyncError } from './sync-error.ts';

export interface ReportInput {
  category: ReportDoc['category'];
  description: string;
  location: GeoPoint;
  /** ISO 8601 with offset, from the device's clock when the photo was taken. */
  capturedAt: string;
  followUpSms: boolean;
  /** Already shrunk JPEGs. */
  photos: Array<Blob | Uint8Array>;
}

/**
 * Only what would make the report unusable once it left the phone; the server judges the
 * rest (category, acceptance hours, coverage) and answers with a status and a reason.
 */
export function validateReportInput(input: ReportInput): void {
  const problems: string[] = [];
  if (!input.category?.major || !input.category?.minor) problems.push('category');
  if (typeof input.description !== 'string') problems.push('description');
  const { lat, lng } = input.location ?? {};
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) problems.push('location');
  if (Number.isNaN(Date.parse(input.capturedAt))) problems.push('capturedAt');
  if (!Array.isArray(input.photos)) problems.push('photos');
  if (problems.length > 0) {
    throw new SyncError('report-malformed', { detail: `invalid: ${problems.join(', ')}` });
  }
}
