import { describe, expect, it } from 'vitest';
import { ACTION_KINDS } from '@smt/shared/workflow/actions';
import { STAFF_ROLES } from '@smt/shared/workflow/staff';
import { staffEn } from './en.ts';
import { staffZhCN } from './zh-CN.ts';

function leaves(tree: object, prefix = ''): Map<string, string> {
  return new Map(
    Object.entries(tree).flatMap(([key, value]): [string, string][] =>
      typeof value === 'string'
        ? [[`${prefix}${key}`, value]]
        : [...leaves(value as object, `${prefix}${key}.`)],
    ),
  );
}

describe('staff strings', () => {
  it('name every action kind and staff role in both languages', () => {
    for (const kind of ACTION_KINDS) {
      expect(staffZhCN.actions[kind], kind).toMatch(/\S/);
      expect(staffEn.actions[kind], kind).toMatch(/\S/);
    }
    for (const role of STAFF_ROLES) expect(staffEn.roles[role], role).toMatch(/\S/);
  });

  it('use the same placeholders in both languages and leave nothing empty', () => {
    const zh = leaves(staffZhCN);
    const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    for (const [key, text] of leaves(staffEn)) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(zh.get(key) ?? ''));
    }
  });
});
