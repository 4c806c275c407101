import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import rawConfig from '../../config/time-limits.json' with { type: 'json' };
import type { CaseState } from '../docs.ts';
import { parseTimeLimitsConfig, type TimeLimitsConfig } from './time-limits-config.ts';
import {
  compareUrgency,
  deadlineFor,
  isOverdue,
  limitHours,
  stateEnteredAt,
  urgencyKey,
  type TimedCase,
} from './time-limits.ts';

const HOUR_MS = 3_600_000;
const GARBAGE = { major: 'garbage', minor: 'exposed-garbage' };
const BURNING = { major: 'garbage', minor: 'burning-garbage' };
const SHOP = { major: 'goods-outside-shop', minor: 'sundries-piled-outside' };

/** A small configuration written here, so the tests do not move when the city retunes its own. */
const CONFIG: TimeLimitsConfig = parseTimeLimitsConfig({
  clock: 'elapsed-hours',
  stages: {
    received: { hours: 1 },
    accepted: { hours: 1 },
    verifying: { hours: 2 },
    verified: { hours: 1 },
    dispatched: { hours: 1 },
    assigned: { hours: 24, byMajor: { garbage: 4 }, byMinor: { 'burning-garbage': 1 } },
    disposed: { hours: 1 },
    checking: { hours: 2 },
    checked: { hours: 1 },
    'check-failed': { hours: 0.5 },
  },
});

function timed(state: CaseState, stateEnteredAt: string, category = GARBAGE): TimedCase {
  return { state, category, stateEnteredAt };
}

describe('deadlines', () => {
  it('counts elapsed hours from when the case entered the stage, in any offset', () => {
    const deadline = deadlineFor('assigned', GARBAGE, '2024-07-15T18:30:00+08:00', CONFIG);

    expect(deadline?.toISOString()).toBe('2024-07-15T14:30:00.000Z');
  });

  it('takes the minor category over the major, and the major over the stage', () => {
    expect(limitHours('assigned', BURNING, CONFIG)).toBe(1);
    expect(limitHours('assigned', GARBAGE, CONFIG)).toBe(4);
    expect(limitHours('assigned', SHOP, CONFIG)).toBe(24);
    expect(limitHours('verifying', BURNING, CONFIG)).toBe(2);
  });

  it.each(['closed', 'cancelled', 'rejected', 'duplicate'] as const)(
    'gives a %s case no deadline, so it is never overdue',
    (state) => {
      const longAgo = timed(state, '2000-01-01T00:00:00Z');

      expect(deadlineFor(state, GARBAGE, longAgo.stateEnteredAt, CONFIG)).toBeUndefined();
      expect(isOverdue(longAgo, new Date('2030-01-01T00:00:00Z'), CONFIG)).toBe(false);
    },
  );

  it('refuses a start time without an offset rather than guess the time zone', () => {
    expect(() => deadlineFor('received', GARBAGE, '2024-07-15T08:00:00', CONFIG)).toThrow(/offset/);
  });
});

describe('overdue', () => {
  const entered = '2024-07-15T08:00:00+08:00';
  const deadlineMs = Date.parse(entered) + 4 * HOUR_MS;

  it('is on time a millisecond before the deadline and at the deadline itself', () => {
    expect(isOverdue(timed('assigned', entered), new Date(deadlineMs - 1), CONFIG)).toBe(false);
    expect(isOverdue(timed('assigned', entered), new Date(deadlineMs), CONFIG)).toBe(false);
  });

  it('is overdue a millisecond after the deadline', () => {
    expect(isOverdue(timed('assigned', entered), new Date(deadlineMs + 1), CONFIG)).toBe(true);
  });
});

describe('urgency order', () => {
  const now = new Date('2024-07-15T12:00:00+08:00');

  it('puts overdue cases first, most overdue on top, then running ones, then finished ones', () => {
    const finished = timed('closed', '2024-07-15T07:00:00+08:00');
    const running = timed('received', '2024-07-15T11:45:00+08:00');
    const soonDue = timed('verifying', '2024-07-15T10:30:00+08:00');
    const overdue = timed('received', '2024-07-15T10:30:00+08:00');
    const longOverdue = timed('assigned', '2024-07-15T07:00:00+08:00');

    const sorted = [finished, running, soonDue, overdue, longOverdue].sort((a, b) =>
      compareUrgency(a, b, now, CONFIG),
    );

    expect(sorted).toEqual([longOverdue, overdue, soonDue, running, finished]);
    expect(urgencyKey(overdue, now, CONFIG)[0]).toBe(0);
  });

  it('never puts a case on time above an overdue one', () => {
    const states = ['received', 'verifying', 'assigned', 'checking', 'closed'] as const;
    const caseArb = fc.record({
      state: fc.constantFrom(...states),
      category: fc.constantFrom(GARBAGE, BURNING, SHOP),
      stateEnteredAt: fc
        .integer({ min: -48 * HOUR_MS, max: 0 })
        .map((offsetMs) => new Date(now.getTime() + offsetMs).toISOString()),
    });

    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 20 }), (cases) => {
        const flags = [...cases]
          .sort((a, b) => compareUrgency(a, b, now, CONFIG))
          .map((c) => isOverdue(c, now, CONFIG));

        expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('when a case entered its state', () => {
  it('keeps the clock running through a reassignment and restarts it for a rework round', () => {
    const history = [
      { state: 'assigned' as const, at: '2024-07-15T08:00:00+08:00' },
      { state: 'assigned' as const, at: '2024-07-15T09:00:00+08:00' },
      { state: 'disposed' as const, at: '2024-07-15T10:00:00+08:00' },
      { state: 'assigned' as const, at: '2024-07-15T11:00:00+08:00' },
      { state: 'assigned' as const, at: '2024-07-15T11:30:00+08:00' },
    ];

    expect(stateEnteredAt(history, 'assigned')).toBe('2024-07-15T11:00:00+08:00');
    expect(stateEnteredAt(history.slice(0, 2), 'assigned')).toBe('2024-07-15T08:00:00+08:00');
    expect(stateEnteredAt(history, 'disposed')).toBeUndefined();
  });
});

describe('the time-limits configuration', () => {
  const stages = (rawConfig as { stages: Record<string, unknown> }).stages;

  it('loads the shipped configuration', () => {
    expect(parseTimeLimitsConfig(rawConfig).stages.assigned?.hours).toBeGreaterThan(0);
  });

  it.each([
    [
      'a missing open stage',
      { ...rawConfig, stages: Object.fromEntries(Object.entries(stages).slice(1)) },
      /no limit for received/,
    ],
    [
      'a limit on a terminal state',
      { ...rawConfig, stages: { ...stages, closed: { hours: 1 } } },
      /closed/,
    ],
    [
      'an unknown category',
      { ...rawConfig, stages: { ...stages, received: { hours: 1, byMinor: { potholes: 2 } } } },
      /unknown minor/,
    ],
    ['a zero limit', { ...rawConfig, stages: { ...stages, received: { hours: 0 } } }, /received/],
    ['working-hours clock', { ...rawConfig, clock: 'working-hours' }, /clock/],
  ])('refuses %s', (_, config, message) => {
    expect(() => parseTimeLimitsConfig(config)).toThrow(message);
  });
});
