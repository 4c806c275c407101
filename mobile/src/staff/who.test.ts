import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { whoText } from './who.ts';

const t = ((key: string) => key) as unknown as TFunction;
const directory = new Map([
  [
    'tu91l8yv8gd5pagq',
    { principalId: 'tu91l8yv8gd5pagq', role: 'supervisor' as const, displayName: '王监督' },
  ],
]);

describe('whoText', () => {
  it('names workers as the system and the signed-in person as me', () => {
    expect(whoText(t, 'intake', 'dme1234567', directory)).toBe('staff.app.system');
    expect(whoText(t, 'dme1234567', 'dme1234567', directory)).toBe('staff.app.me');
  });

  it('names a colleague from the directory, and shows an unknown account by its id', () => {
    expect(whoText(t, 'tu91l8yv8gd5pagq', 'dme1234567', directory)).toBe(
      '王监督 (staff.roles.supervisor)',
    );
    expect(whoText(t, 'tzzzzzzzzzzz', 'dme1234567', directory)).toBe('tzzzzzzzzzzz');
  });
});
