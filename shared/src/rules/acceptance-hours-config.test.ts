import { describe, expect, it } from 'vitest';
import { judgeAcceptanceHours } from './acceptance-hours.ts';
import {
  DEFAULT_ACCEPTANCE_HOURS,
  parseAcceptanceHoursConfig,
  type AcceptanceHoursConfig,
} from './acceptance-hours-config.ts';

function withChange(change: (config: AcceptanceHoursConfig) => void): unknown {
  const config = structuredClone(DEFAULT_ACCEPTANCE_HOURS);
  change(config);
  return config;
}

describe('acceptance-hours configuration', () => {
  it('loads the shipped file with the published hours and tolerances', () => {
    expect(DEFAULT_ACCEPTANCE_HOURS.timeZone).toBe('Asia/Shanghai');
    expect(DEFAULT_ACCEPTANCE_HOURS.maxCaptureAgeHours).toBe(72);
    expect(DEFAULT_ACCEPTANCE_HOURS.maxCaptureAheadMinutes).toBe(10);
    expect(DEFAULT_ACCEPTANCE_HOURS.seasons.map((s) => [s.from, s.to])).toEqual([
      ['05-01', '09-30'],
      ['10-01', '04-30'],
    ]);
  });

  it.each([
    ['a day claimed by two seasons', (c: AcceptanceHoursConfig) => (c.seasons[0]!.to = '10-01')],
    ['a day in no season', (c: AcceptanceHoursConfig) => (c.seasons[0]!.to = '09-29')],
    ['a day that does not exist', (c: AcceptanceHoursConfig) => (c.seasons[0]!.from = '02-30')],
    [
      'a window ending before it starts',
      (c: AcceptanceHoursConfig) => {
        c.seasons[0]!.windows[0] = { start: '12:00', end: '07:30' };
      },
    ],
    [
      'overlapping windows',
      (c: AcceptanceHoursConfig) => (c.seasons[0]!.windows[1]!.start = '11:00'),
    ],
    [
      'a time that is not HH:MM',
      (c: AcceptanceHoursConfig) => (c.seasons[0]!.windows[0]!.start = '7:30'),
    ],
    ['an unknown time zone', (c: AcceptanceHoursConfig) => (c.timeZone = 'Asia/Shijiazhuang')],
    ['no hotline', (c: AcceptanceHoursConfig) => (c.hotlines = [])],
    ['a negative tolerance', (c: AcceptanceHoursConfig) => (c.maxCaptureAheadMinutes = -1)],
  ])('refuses a configuration with %s', (_what, change) => {
    expect(() => parseAcceptanceHoursConfig(withChange(change))).toThrow(
      /invalid acceptance-hours configuration/,
    );
  });

  it('judges with a configuration passed in instead of the shipped one', () => {
    const longer = parseAcceptanceHoursConfig(
      withChange((c) => {
        c.seasons[1]!.windows[1]!.end = '19:00';
        c.maxCaptureAgeHours = 1;
      }),
    );
    const receivedAt = new Date('2024-12-10T18:30:00+08:00');
    expect(judgeAcceptanceHours('2024-12-10T18:00:00+08:00', receivedAt).open).toBe(false);
    expect(judgeAcceptanceHours('2024-12-10T18:00:00+08:00', receivedAt, longer).open).toBe(true);
    const twoHoursOld = judgeAcceptanceHours('2024-12-10T16:00:00+08:00', receivedAt, longer);
    expect(twoHoursOld.judgedOn).toBe('receipt');
  });
});
