import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LruCache } from './lru-cache.ts';

test('LruCache keeps the most recently used entries up to its capacity', () => {
  const c = new LruCache<string, number>(3);
  c.set('a', 1);
  c.set('b', 2);
  c.set('c', 3);
  assert.equal(c.get('a'), 1); // a is now the most recent: b is the oldest
  c.set('d', 4);
  assert.equal(c.size, 3);
  assert.equal(c.has('b'), false);
  assert.deepEqual(
    ['a', 'c', 'd'].map((k) => c.get(k)),
    [1, 3, 4],
  );
  c.set('c', 30); // replacing refreshes without growing
  c.set('e', 5); // evicts a (the oldest after the gets above)
  assert.equal(c.has('a'), false);
  assert.equal(c.get('c'), 30);
  c.delete('c');
  assert.equal(c.get('c'), undefined);
  c.clear();
  assert.equal(c.size, 0);
  assert.throws(() => new LruCache(0), /not ≥ 1/);
});

test('LruCache: hits at most half full keep insertion order; hits past half full still protect an entry', () => {
  const c = new LruCache<string, number>(4);
  c.set('a', 1);
  c.set('b', 2);
  assert.equal(c.get('a'), 1); // half full: a keeps its place, still the oldest
  c.set('c', 3);
  assert.equal(c.get('a'), 1); // over half full: a moves to the end, b is the oldest
  c.set('d', 4);
  c.set('e', 5);
  assert.equal(c.has('b'), false);
  assert.equal(c.has('a'), true);
});
