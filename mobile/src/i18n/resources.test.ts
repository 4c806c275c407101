import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '@smt/shared/errors';
import { zhCN } from './zh-CN.ts';
import { en } from './en.ts';

function leafKeys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : leafKeys(value as object, `${prefix}${key}.`),
  );
}

function leafEntries(tree: object, prefix = ''): Map<string, string> {
  const entries = Object.entries(tree).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string'
      ? [[`${prefix}${key}`, value]]
      : [...leafEntries(value as object, `${prefix}${key}.`)],
  );
  return new Map(entries);
}

function leafValues(tree: object): string[] {
  return Object.values(tree).flatMap((v) =>
    typeof v === 'string' ? [v] : leafValues(v as object),
  );
}

describe('translations', () => {
  it('give every error code a Chinese and an English text', () => {
    for (const code of Object.keys(ERROR_MESSAGES)) {
      expect(zhCN.errors[code as keyof typeof zhCN.errors], code).toMatch(/\S/);
      expect(en.errors[code as keyof typeof en.errors], code).toMatch(/\S/);
    }
  });

  it('have the same keys in both languages', () => {
    expect(leafKeys(en).sort()).toEqual(leafKeys(zhCN).sort());
  });

  it('leave no text empty', () => {
    for (const text of [...leafValues(zhCN), ...leafValues(en)]) expect(text.trim()).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const zhTexts = leafEntries(zhCN);
    for (const [key, text] of leafEntries(en)) {
      expect(placeholders(text), key).toEqual(placeholders(zhTexts.get(key) ?? ''));
    }
  });
});
