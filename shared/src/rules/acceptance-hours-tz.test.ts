import { afterAll, describe, expect, it } from 'vitest';
import { acceptanceWindowsOn, judgeAcceptanceHours, nextOpening } from './acceptance-hours.ts';

const HOST_ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Asia/Shanghai'];
const STEP_MS = 17 * 60_000;

/** Instants around the season changes and a few ordinary days, every 17 minutes for 34 hours. */
function sampleInstants(): Date[] {
  const starts = ['2024-04-29T12:00:00Z', '2024-09-29T12:00:00Z', '2025-03-09T00:00:00Z'];
  return starts.flatMap((start) =>
    Array.from({ length: 120 }, (_, i) => new Date(Date.parse(start) + i * STEP_MS)),
  );
}

/** Every answer the module gives for the samples, as plain data. */
function answers() {
  return sampleInstants().map((instant) => ({
    judged: judgeAcceptanceHours(instant.toISOString(), new Date(instant.getTime() + 60_000)),
    receipt: judgeAcceptanceHours('no clock', instant),
    windows: acceptanceWindowsOn(instant),
    next: nextOpening(instant),
  }));
}

describe('independence from the host time zone', () => {
  const original = process.env.TZ;
  afterAll(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it('gives identical answers whatever TZ the host runs in', () => {
    const probe = new Date('2024-07-01T00:00:00Z');
    const offsets = new Set<number>();
    const results = HOST_ZONES.map((zone) => {
      process.env.TZ = zone;
      offsets.add(probe.getTimezoneOffset());
      return answers();
    });

    // Proves the host zone really changed between runs (UTC 0, New York 240, ...).
    expect(offsets.size).toBe(HOST_ZONES.length);
    for (const result of results.slice(1)) expect(result).toEqual(results[0]);
    expect(results[0]!.some((a) => a.judged.open)).toBe(true);
    expect(results[0]!.some((a) => !a.judged.open)).toBe(true);
  });
});
