import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptanceWindowsOn, judgeAcceptanceHours, nextOpening } from './acceptance-hours.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** A Shanghai wall-clock time as a Date, e.g. at('2024-07-15 07:30:00'). */
function at(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}+08:00`);
}

/** Judges a capture received five minutes later, well inside the tolerance. */
function judgeCapturedAt(local: string) {
  const captured = at(local);
  return judgeAcceptanceHours(captured.toISOString(), new Date(captured.getTime() + 5 * MINUTE_MS));
}

/**
 * An oracle that shares no code with the rule: Shanghai wall-clock fields from Intl, and the
 * published hours written out by hand.
 */
const shanghaiParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});
function openByHand(instant: Date): boolean {
  const part = (type: string) =>
    Number(shanghaiParts.formatToParts(instant).find((p) => p.type === type)!.value);
  const seconds = part('hour') * 3600 + part('minute') * 60 + part('second');
  const summer = part('month') >= 5 && part('month') <= 9;
  const afternoonEnd = summer ? 19 * 3600 : 17.5 * 3600;
  return (
    (seconds >= 7.5 * 3600 && seconds < 12 * 3600) ||
    (seconds >= 13 * 3600 && seconds < afternoonEnd)
  );
}

describe('acceptance windows', () => {
  it.each([
    ['2024-07-15 07:29:59', false],
    ['2024-07-15 07:30:00', true],
    ['2024-07-15 11:59:59', true],
    ['2024-07-15 12:00:00', false],
    ['2024-07-15 12:59:59', false],
    ['2024-07-15 13:00:00', true],
    ['2024-07-15 17:29:59', true],
    ['2024-07-15 17:30:00', true],
    ['2024-07-15 18:59:59', true],
    ['2024-07-15 19:00:00', false],
    ['2024-12-10 07:29:59', false],
    ['2024-12-10 07:30:00', true],
    ['2024-12-10 11:59:59', true],
    ['2024-12-10 12:00:00', false],
    ['2024-12-10 17:29:59', true],
    ['2024-12-10 17:30:00', false],
    ['2024-12-10 18:59:59', false],
    ['2024-12-10 19:00:00', false],
  ])('a report captured at %s Shanghai time is open: %s', (local, open) => {
    const judgement = judgeCapturedAt(local);
    expect(judgement.open).toBe(open);
    expect(judgement.judgedOn).toBe('capture');
    expect(judgement.reason?.code).toBe(open ? undefined : 'outside-acceptance-hours');
  });

  it('opens a window at its first millisecond and closes it at its last', () => {
    expect(judgeCapturedAt('2024-07-15 07:29:59.999').open).toBe(false);
    expect(judgeCapturedAt('2024-07-15 11:59:59.999').open).toBe(true);
  });

  it.each([
    ['2024-04-30 18:00:00', false, 'the last winter day'],
    ['2024-05-01 18:00:00', true, 'the first summer day'],
    ['2024-09-30 18:00:00', true, 'the last summer day'],
    ['2024-10-01 18:00:00', false, 'the first winter day'],
  ])('judges 18:00 on %s (%s: %s) by that day’s season', (local, open) => {
    expect(judgeCapturedAt(local).open).toBe(open);
  });

  it('reads the capture time in Shanghai whatever offset the device wrote', () => {
    const receivedAt = at('2024-07-15 08:40:00');
    expect(judgeAcceptanceHours('2024-07-15T00:30:00Z', receivedAt).open).toBe(true);
    expect(judgeAcceptanceHours('2024-07-14T20:30:00-04:00', receivedAt).open).toBe(true);
    expect(judgeAcceptanceHours('2024-07-14T23:00:00Z', receivedAt).open).toBe(false);
  });

  it('names the window it fell in when open, and the next opening when closed', () => {
    const open = judgeCapturedAt('2024-07-15 14:00:00');
    expect(open.window).toEqual({
      start: '2024-07-15T13:00:00.000+08:00',
      end: '2024-07-15T19:00:00.000+08:00',
    });
    const closed = judgeCapturedAt('2024-12-10 18:00:00');
    expect(closed.window).toBeUndefined();
    expect(closed.nextOpening).toBe('2024-12-11T07:30:00.000+08:00');
    expect(closed.hotlines.map((h) => h.number)).toEqual(['12319', '12345']);
  });

  it('lists the windows of a local date, and of the Shanghai date a Date falls on', () => {
    expect(acceptanceWindowsOn('2024-10-01').map((w) => w.end)).toEqual([
      '2024-10-01T12:00:00.000+08:00',
      '2024-10-01T17:30:00.000+08:00',
    ]);
    // 2024-09-30T17:00Z is already 01:00 on October 1 in Shanghai.
    expect(acceptanceWindowsOn(new Date('2024-09-30T17:00:00Z'))).toEqual(
      acceptanceWindowsOn('2024-10-01'),
    );
  });

  it('gives the next opening: this afternoon, tomorrow morning, or after new year', () => {
    expect(nextOpening(at('2024-07-15 12:10:00'))).toBe('2024-07-15T13:00:00.000+08:00');
    expect(nextOpening(at('2024-07-15 19:00:00'))).toBe('2024-07-16T07:30:00.000+08:00');
    expect(nextOpening(at('2024-12-31 23:59:59'))).toBe('2025-01-01T07:30:00.000+08:00');
    expect(nextOpening(at('2024-07-15 07:30:00'))).toBe('2024-07-15T07:30:00.000+08:00');
  });
});

describe('capture-time tolerance', () => {
  const captured = at('2024-07-14 18:30:00'); // open (summer afternoon)

  it('judges on the capture time of a report that was offline for two days', () => {
    const judgement = judgeAcceptanceHours(captured.toISOString(), at('2024-07-16 20:00:00'));
    expect(judgement).toMatchObject({ open: true, judgedOn: 'capture' });
    expect(judgement.judgedAt).toBe('2024-07-14T18:30:00.000+08:00');
  });

  it('falls back to the receipt time when the capture is older than 72 hours', () => {
    const judgement = judgeAcceptanceHours(captured.toISOString(), at('2024-07-17 20:00:00'));
    expect(judgement).toMatchObject({
      open: false,
      judgedOn: 'receipt',
      captureIgnored: 'too-old',
    });
    expect(judgement.judgedAt).toBe('2024-07-17T20:00:00.000+08:00');
  });

  it('keeps the capture time at exactly 72 hours and drops it one millisecond later', () => {
    const receivedAt = new Date(captured.getTime() + 72 * HOUR_MS);
    expect(judgeAcceptanceHours(captured.toISOString(), receivedAt).judgedOn).toBe('capture');
    const later = new Date(receivedAt.getTime() + 1);
    expect(judgeAcceptanceHours(captured.toISOString(), later).judgedOn).toBe('receipt');
  });

  it('trusts a device clock up to ten minutes fast and no further', () => {
    const receivedAt = at('2024-07-15 11:55:00');
    const tenAhead = judgeAcceptanceHours('2024-07-15T12:05:00+08:00', receivedAt);
    expect(tenAhead).toMatchObject({ open: false, judgedOn: 'capture' });
    const elevenAhead = judgeAcceptanceHours('2024-07-15T12:06:00+08:00', receivedAt);
    expect(elevenAhead).toMatchObject({
      open: true,
      judgedOn: 'receipt',
      captureIgnored: 'ahead-of-receipt',
    });
  });

  it.each(['', 'yesterday', '2024-07-15T10:00:00', '2024-02-30T10:00:00+08:00', '1721019600'])(
    'judges on receipt when the capture time %j does not parse as ISO with an offset',
    (text) => {
      const judgement = judgeAcceptanceHours(text, at('2024-07-15 21:00:00'));
      expect(judgement).toMatchObject({ judgedOn: 'receipt', captureIgnored: 'unparseable' });
      expect(judgement.open).toBe(false);
    },
  );

  it('refuses an invalid receipt time rather than guessing', () => {
    expect(() => judgeAcceptanceHours('2024-07-15T10:00:00+08:00', new Date(NaN))).toThrow(
      RangeError,
    );
  });
});

describe('acceptance-hours properties', () => {
  const instant = fc
    .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2032, 0, 1) })
    .map((ms) => new Date(ms));

  it('agrees with the published hours for any capture inside the tolerance', () => {
    const delay = fc.integer({ min: -10 * MINUTE_MS, max: 72 * HOUR_MS });
    fc.assert(
      fc.property(instant, delay, (captured, delayMs) => {
        const receivedAt = new Date(captured.getTime() + delayMs);
        const judgement = judgeAcceptanceHours(captured.toISOString(), receivedAt);
        expect(judgement.judgedOn).toBe('capture');
        expect(judgement.open).toBe(openByHand(captured));
      }),
      { numRuns: 500 },
    );
  });

  it('judges on the capture exactly when it lies within the tolerance', () => {
    const delay = fc.integer({ min: -2 * HOUR_MS, max: 80 * HOUR_MS });
    fc.assert(
      fc.property(instant, delay, (captured, delayMs) => {
        const receivedAt = new Date(captured.getTime() + delayMs);
        const within = delayMs >= -10 * MINUTE_MS && delayMs <= 72 * HOUR_MS;
        const judgement = judgeAcceptanceHours(captured.toISOString(), receivedAt);
        expect(judgement.judgedOn).toBe(within ? 'capture' : 'receipt');
        expect(judgement.open).toBe(openByHand(within ? captured : receivedAt));
      }),
      { numRuns: 500 },
    );
  });

  it('stays closed from a closed instant until the next opening, which is open', () => {
    fc.assert(
      fc.property(instant, fc.double({ min: 0, max: 1, noNaN: true }), (from, fraction) => {
        fc.pre(!openByHand(from));
        const opening = new Date(nextOpening(from));
        expect(openByHand(opening)).toBe(true);
        const between =
          from.getTime() + Math.floor((opening.getTime() - from.getTime()) * fraction);
        expect(openByHand(new Date(Math.min(between, opening.getTime() - 1)))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
