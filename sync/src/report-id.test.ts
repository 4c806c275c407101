import { describe, expect, test } from 'vitest';
import { REPORT_ID } from '@smt/shared/docs';
import { newReportId } from './report-id.ts';

describe('newReportId', () => {
  test('makes r followed by 25 lowercase letters and digits, valid as a shared REPORT_ID', () => {
    for (let i = 0; i < 200; i++) {
      const id = newReportId();
      expect(id).toMatch(/^r[a-z0-9]{25}$/);
      expect(REPORT_ID.test(id)).toBe(true);
    }
  });

  test('makes a different id every time', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newReportId()));
    expect(ids.size).toBe(1000);
  });

  test('skips random bytes of 252 and above so no character is favoured', () => {
    const sequence = [255, 252, 0, 35, 251];
    const id = newReportId((bytes) => bytes.map((_, i) => sequence[i % sequence.length]!));
    // 0 -> a, 35 -> 9, 251 % 36 = 35 -> 9; 255 and 252 are dropped.
    expect(id.slice(0, 7)).toBe('ra99a99');
  });
});
