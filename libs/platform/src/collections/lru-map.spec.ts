import { describe, expect, it } from '@jest/globals';
import { LruMap } from './lru-map.js';

describe('LruMap', () => {
  it('given a full map, when one more entry is set, then the least recently used one goes', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1); // now b is the least recently used

    map.set('c', 3);

    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([1, undefined, 3]);
    expect(map.size).toBe(2);
  });

  it('given an entry, when it is set again or deleted, then the map holds the new value or nothing', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('a', 2);
    expect(map.get('a')).toBe(2);
    expect(map.size).toBe(1);

    map.delete('a');

    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(0);
  });
});
