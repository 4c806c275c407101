import { describe, expect, it } from 'vitest';
import { logger } from '../logger.ts';
import { OpenDatabases } from './open-databases.ts';

function cache(maxOpen: number) {
  const closed: string[] = [];
  const open = new OpenDatabases<string>({
    maxOpen,
    log: logger,
    close: (name) => closed.push(name),
  });
  return { open, closed };
}

describe('open databases of the embedded store', () => {
  it('closes the least recently used database once more than the limit are open', () => {
    const { open, closed } = cache(2);
    open.set('a', 'A').set('b', 'B');
    expect(open.get('a')).toBe('A');
    open.set('c', 'C');

    expect(closed).toEqual(['b']);
    expect(open.names()).toEqual(['a', 'c']);
    expect(open.get('b')).toBeUndefined();
  });

  it('never closes a database a request holds, and catches up when the request ends', () => {
    const { open, closed } = cache(1);
    const releaseA = open.hold('a');
    open.set('a', 'A');
    open.set('b', 'B');
    expect(closed).toEqual([]);
    expect(open.size).toBe(2);

    const releaseB = open.hold('b');
    releaseA();
    releaseA();
    expect(closed).toEqual(['a']);
    releaseB();
    expect(open.names()).toEqual(['b']);
  });

  it('keeps the database just opened even when every other one is held', () => {
    const { open, closed } = cache(1);
    open.hold('a');
    open.set('a', 'A');
    open.set('b', 'B');
    expect(closed).toEqual([]);
    expect(open.names()).toEqual(['a', 'b']);
  });
});
