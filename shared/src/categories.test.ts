import { describe, expect, it } from 'vitest';
import { CATEGORIES, categoryLabel, findCategory, isValidCategory } from './categories.ts';

const KEBAB_CASE = /^[a-z]+(?:-[a-z]+)*$/;

describe('category catalog', () => {
  it('has the five major categories the service opened with, five minors each', () => {
    expect(CATEGORIES.map((c) => c.name['zh-CN'])).toEqual([
      '垃圾类',
      '店外经营摆放类',
      '流动商贩类',
      '井盖缺失类',
      '占道露天烧烤',
    ]);
    expect(CATEGORIES.map((c) => c.minors.length)).toEqual([5, 5, 5, 5, 5]);
  });

  it('gives every category a unique kebab-case code and both names', () => {
    const all = CATEGORIES.flatMap((c) => [c, ...c.minors]);
    expect(all).toHaveLength(30);
    expect(new Set(all.map((c) => c.code)).size).toBe(30);
    for (const entry of all) {
      expect(entry.code).toMatch(KEBAB_CASE);
      expect(entry.name['zh-CN']).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(entry.name.en.length).toBeGreaterThan(3);
    }
  });

  it('finds a minor under its own major and nowhere else', () => {
    const match = findCategory('garbage', 'overflowing-bin');
    expect(match?.minor.name['zh-CN']).toBe('垃圾满溢');
    expect(match?.major.code).toBe('garbage');
    expect(findCategory('street-vendor', 'overflowing-bin')).toBeUndefined();
    expect(isValidCategory('garbage', 'overflowing-bin')).toBe(true);
    expect(isValidCategory('street-vendor', 'overflowing-bin')).toBe(false);
    expect(isValidCategory('garbage', '')).toBe(false);
    expect(isValidCategory('garbage/overflowing-bin', '')).toBe(false);
  });

  it('accepts every pair in the catalog and labels it in both languages', () => {
    for (const major of CATEGORIES) {
      for (const minor of major.minors) {
        expect(isValidCategory(major.code, minor.code)).toBe(true);
        expect(categoryLabel(major.code, minor.code, 'zh-CN')).toBe(
          `${major.name['zh-CN']} / ${minor.name['zh-CN']}`,
        );
      }
    }
    expect(categoryLabel('garbage', 'burning-garbage', 'en')).toBe('Garbage / Burning garbage');
  });
});
