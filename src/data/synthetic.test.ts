import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSynthetic } from './synthetic.ts';
import { positiveIndices, selectInteractions } from './select.ts';

test('generateSynthetic is seeded, sized and explicit by default', () => {
  const a = generateSynthetic({ users: 30, items: 50, interactionsPerUser: 10, genres: 5, seed: 7 });
  const b = generateSynthetic({ users: 30, items: 50, interactionsPerUser: 10, genres: 5, seed: 7 });
  assert.deepEqual(a.interactions, b.interactions);
  assert.deepEqual(a.itemMeta, b.itemMeta);
  assert.equal(a.users.size, 30);
  assert.equal(a.items.size, 50);
  assert.equal(a.interactions.user.length, 300);
  assert.equal(a.itemMeta.length, 50);
  assert.deepEqual(a.ratingRange, [0.5, 5]);
  for (const r of a.interactions.rating) assert.ok(r >= 0.5 && r <= 5 && Number.isInteger(r * 2));
  const c = generateSynthetic({ users: 30, items: 50, interactionsPerUser: 10, genres: 5, seed: 8 });
  assert.notDeepEqual(a.interactions.item, c.interactions.item);
});

test('synthetic users never repeat an item, and items have readable unique titles and genres', () => {
  const d = generateSynthetic({ users: 20, items: 40, interactionsPerUser: 15, seed: 1 });
  const pairs = new Set<string>();
  for (let i = 0; i < d.interactions.user.length; i++)
    pairs.add(`${d.interactions.user[i]}:${d.interactions.item[i]}`);
  assert.equal(pairs.size, d.interactions.user.length);
  const titles = new Set(d.itemMeta.map((m) => m.title));
  assert.equal(titles.size, 40);
  for (const m of d.itemMeta) {
    assert.match(m.title!, /^The [A-Z][a-z]+ [A-Z][a-z]+( \d+)? \((19|20)\d\d\)$/);
    assert.ok(m.genres!.length >= 1 && m.genres!.length <= 3);
    assert.equal(m.year, Number(m.title!.slice(-5, -1)));
  }
});

test('implicit synthetic data has rating 1 and no range', () => {
  const d = generateSynthetic({ users: 5, items: 5, interactionsPerUser: 9, seed: 2, explicit: false });
  assert.equal(d.interactions.user.length, 25);
  assert.ok(d.interactions.rating.every((r) => r === 1));
  assert.equal(d.ratingRange, null);
});

test('selectInteractions and positiveIndices', () => {
  const inter = {
    user: Int32Array.of(0, 1, 2),
    item: Int32Array.of(5, 6, 7),
    rating: Float32Array.of(3, 4, 2.5),
    timestamp: Float64Array.of(10, 20, 30),
  };
  const pos = positiveIndices(inter, 3);
  assert.deepEqual(pos, Int32Array.of(0, 1));
  const sel = selectInteractions(inter, Int32Array.of(2, 0));
  assert.deepEqual(sel.item, Int32Array.of(7, 5));
  assert.deepEqual(sel.timestamp, Float64Array.of(30, 10));
  assert.equal(selectInteractions({ ...inter, timestamp: null }, pos).timestamp, null);
});
