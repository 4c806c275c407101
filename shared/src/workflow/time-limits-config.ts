import { z } from 'zod';
import rawConfig from '../../config/time-limits.json' with { type: 'json' };
import { CATEGORIES } from '../categories.ts';
import type { CaseState } from '../docs.ts';
import { OPEN_STATES } from './state-machine.ts';

/**
 * Time limits per stage (config/time-limits.json), checked when this module loads so that a
 * bad edit stops the process at start instead of misjudging cases later.
 *
 * Limits are elapsed hours on the clock, nights and holidays included (`clock` says so, and
 * a change to working hours must change it): simple to state to a team and the same on every
 * device. A stage's limit is `hours`, unless the case's major category has its own
 * (`byMajor`), unless its minor category has its own (`byMinor`; minor codes are unique).
 * Every open state has a limit; terminal states have none.
 */
const MAX_LIMIT_HOURS = 24 * 30;

const hours = z.number().positive().max(MAX_LIMIT_HOURS);
const MAJOR_CODES = new Set(CATEGORIES.map((major) => major.code));
const MINOR_CODES = new Set(CATEGORIES.flatMap((major) => major.minors.map((m) => m.code)));

const stageSchema = z
  .object({
    hours,
    byMajor: z.record(z.string(), hours).optional(),
    byMinor: z.record(z.string(), hours).optional(),
  })
  .superRefine((stage, ctx) => {
    const unknown = (codes: object | undefined, known: Set<string>) =>
      Object.keys(codes ?? {}).filter((code) => !known.has(code));
    for (const code of unknown(stage.byMajor, MAJOR_CODES)) {
      ctx.addIssue({ code: 'custom', path: ['byMajor', code], message: 'unknown major category' });
    }
    for (const code of unknown(stage.byMinor, MINOR_CODES)) {
      ctx.addIssue({ code: 'custom', path: ['byMinor', code], message: 'unknown minor category' });
    }
  });

export const timeLimitsConfigSchema = z
  .object({
    clock: z.literal('elapsed-hours'),
    stages: z.record(z.string(), stageSchema),
  })
  .superRefine((config, ctx) => {
    const named = Object.keys(config.stages);
    for (const state of OPEN_STATES) {
      if (!named.includes(state)) {
        ctx.addIssue({ code: 'custom', path: ['stages'], message: `no limit for ${state}` });
      }
    }
    for (const state of named) {
      if (!(OPEN_STATES as readonly string[]).includes(state)) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', state],
          message: `${state} is not an open state, so it cannot have a limit`,
        });
      }
    }
  });

export type StageLimit = z.infer<typeof stageSchema>;

export interface TimeLimitsConfig {
  clock: 'elapsed-hours';
  stages: Partial<Record<CaseState, StageLimit>>;
}

/** Validates a configuration; throws with every problem zod found. */
export function parseTimeLimitsConfig(input: unknown): TimeLimitsConfig {
  const result = timeLimitsConfigSchema.safeParse(input);
  if (!result.success) {
    throw new Error(`invalid time-limits configuration:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

export const DEFAULT_TIME_LIMITS: TimeLimitsConfig = parseTimeLimitsConfig(rawConfig);
