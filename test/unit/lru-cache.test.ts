import { describe, expect, it } from 'vitest';
import { LruCache } from '../../src/common/lru-cache.js';

describe('LruCache', () => {
  it('evicts the least recently used entry once full', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1); // a is now the most recently used; b the least
    cache.set('d', 4);
    expect(cache.size).toBe(3);
    expect(cache.has('b')).toBe(false);
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([1, 3, 4]);
  });

  it('replacing a key does not grow the cache and makes it the youngest', () => {
    const cache = new LruCache<string, string | null>(2);
    cache.set('x', 'one');
    cache.set('y', null);
    cache.set('x', 'two');
    cache.set('z', 'three');
    expect(cache.size).toBe(2);
    expect(cache.has('y')).toBe(false);
    expect(cache.get('x')).toBe('two');
  });

  it('remembers null values as hits (a verdict of "valid")', () => {
    const cache = new LruCache<string, null>(1);
    cache.set('k', null);
    expect(cache.has('k')).toBe(true);
    expect(cache.get('k')).toBeNull();
    expect(cache.get('missing')).toBeUndefined();
  });

  it('refuses a capacity below one', () => {
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});
