import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import rawConfig from '../../config/acceptance-hours.json' with { type: 'json' };

/**
 * The acceptance-hours configuration (config/acceptance-hours.json), checked when this module
 * loads so that a bad edit stops the process at start instead of misjudging reports later.
 *
 * Seasons are ranges of month-days ("05-01" to "09-30"; a range may wrap the new year, as
 * "10-01" to "04-30" does) and together must cover every day of a leap year exactly once.
 * Windows are local wall-clock times in `timeZone`, start inclusive and end exclusive.
 */
const HOUR_MINUTE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const MONTH_DAY = /^(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
const LEAP_YEAR = 2024;
const MAX_CAPTURE_AGE_HOURS_LIMIT = 24 * 31;
const MAX_CAPTURE_AHEAD_MINUTES_LIMIT = 24 * 60;

export function minutesOfDay(hourMinute: string): number {
  const [hours, minutes] = hourMinute.split(':').map(Number);
  return hours! * 60 + minutes!;
}

const monthDay = z
  .string()
  .regex(MONTH_DAY, 'expected MM-DD')
  .refine((md) => DateTime.fromISO(`${LEAP_YEAR}-${md}`, { zone: 'UTC' }).isValid, 'no such day');

const windowSchema = z
  .object({
    start: z.string().regex(HOUR_MINUTE, 'expected HH:MM'),
    end: z.string().regex(HOUR_MINUTE, 'expected HH:MM'),
  })
  .refine((w) => minutesOfDay(w.start) < minutesOfDay(w.end), 'a window must end after it starts');

const seasonSchema = z
  .object({
    name: z.string().min(1),
    from: monthDay,
    to: monthDay,
    windows: z.array(windowSchema).min(1),
  })
  .refine(
    (season) =>
      season.windows.every(
        (w, i) => i === 0 || minutesOfDay(season.windows[i - 1]!.end) <= minutesOfDay(w.start),
      ),
    'windows must be in order and must not overlap',
  );

const localizedName = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) });

const hotlineSchema = z.object({ number: z.string().regex(/^\d{3,12}$/), name: localizedName });

export const acceptanceHoursConfigSchema = z
  .object({
    timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'unknown IANA time zone'),
    seasons: z.array(seasonSchema).min(1),
    hotlines: z.array(hotlineSchema).min(1),
    maxCaptureAgeHours: z.number().positive().max(MAX_CAPTURE_AGE_HOURS_LIMIT),
    maxCaptureAheadMinutes: z.number().min(0).max(MAX_CAPTURE_AHEAD_MINUTES_LIMIT),
  })
  .superRefine((config, ctx) => {
    const day = DateTime.fromObject({ year: LEAP_YEAR, month: 1, day: 1 }, { zone: 'UTC' });
    for (let offset = 0; offset < 366; offset += 1) {
      const md = day.plus({ days: offset }).toFormat('MM-dd');
      const matches = config.seasons.filter((season) => inSeason(season, md)).length;
      if (matches !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['seasons'],
          message: `${md} falls in ${matches} seasons; every day must fall in exactly one`,
        });
        return;
      }
    }
  });

export type AcceptanceHoursConfig = z.infer<typeof acceptanceHoursConfigSchema>;
export type AcceptanceSeason = AcceptanceHoursConfig['seasons'][number];
export type Hotline = AcceptanceHoursConfig['hotlines'][number];

/** Zero-padded month-days compare correctly as strings. */
export function inSeason(season: { from: string; to: string }, md: string): boolean {
  return season.from <= season.to
    ? md >= season.from && md <= season.to
    : md >= season.from || md <= season.to;
}

/** Validates a configuration; throws with every problem zod found. */
export function parseAcceptanceHoursConfig(input: unknown): AcceptanceHoursConfig {
  const result = acceptanceHoursConfigSchema.safeParse(input);
  if (!result.success) {
    throw new Error(`invalid acceptance-hours configuration:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

// Known shortcoming: the English fallback message of outside-acceptance-hours in errors.ts
// spells out the hours itself and does not follow an edit of this file.
export const DEFAULT_ACCEPTANCE_HOURS: AcceptanceHoursConfig =
  parseAcceptanceHoursConfig(rawConfig);
