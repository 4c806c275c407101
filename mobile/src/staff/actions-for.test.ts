import { describe, expect, it } from 'vitest';
import { actionsFor } from './actions-for.ts';

describe('actionsFor', () => {
  it('offers a supervisor only the verification of a case being verified', () => {
    expect(actionsFor('verifying', 'supervisor')).toEqual(['verify']);
  });

  it('offers a team nothing but the disposal, and only while assigned', () => {
    expect(actionsFor('assigned', 'disposal-team')).toEqual(['dispose']);
    expect(actionsFor('disposed', 'disposal-team')).toEqual([]);
  });

  it('offers the centre closing, rework and cancelling of a checked case', () => {
    expect(actionsFor('checked', 'center-dispatcher').sort()).toEqual([
      'cancel',
      'close',
      'return',
    ]);
  });

  it('offers nothing on a closed case', () => {
    expect(actionsFor('closed', 'center-dispatcher')).toEqual([]);
  });
});
