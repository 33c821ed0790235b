import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdMap } from '../data/idmap.ts';
import type { Dataset } from '../data/types.ts';
import { History } from './history.ts';

/** Three users' ratings interleaved as a reader delivers them; user `c` is known but has none. */
function dataset(): Dataset {
  const users = new IdMap(['a', 'b', 'c']);
  const items = new IdMap(['i0', 'i1', 'i2', 'i3']);
  return {
    name: 'history',
    format: 'synthetic',
    users,
    items,
    interactions: {
      user: Int32Array.of(1, 0, 1, 0, 0),
      item: Int32Array.of(2, 3, 0, 1, 0),
      rating: Float32Array.of(4, 5, 2.5, 1, 3),
      timestamp: null,
    },
    itemMeta: [{}, {}, {}, {}],
    ratingRange: [0.5, 5],
  };
}

test('History holds each user’s dataset ratings in dataset order, by raw ids', () => {
  const h = History.fromDataset(dataset());
  assert.deepEqual(h.get('a'), [
    { item: 'i3', rating: 5 },
    { item: 'i1', rating: 1 },
    { item: 'i0', rating: 3 },
  ]);
  assert.deepEqual(h.get('b'), [
    { item: 'i2', rating: 4 },
    { item: 'i0', rating: 2.5 },
  ]);
  assert.deepEqual(h.get('c'), []);
  assert.deepEqual(h.get('nobody'), []);
  assert.equal(h.has('a'), true);
  assert.equal(h.has('c'), false, 'a user without ratings is not in the history');
  assert.equal(h.has('nobody'), false);
  assert.equal(h.rating('a', 'i1'), 1);
  assert.equal(h.rating('b', 'i1'), undefined);
  assert.equal(h.rating('nobody', 'i1'), undefined);
  assert.deepEqual(
    h.top('a', 2).map((r) => r.item),
    ['i3', 'i0'],
  );
});

test('History.add re-rates in place, appends new items and creates new users, leaving other users alone', () => {
  const ds = dataset();
  const h = History.fromDataset(ds);
  const before = h.get('b');
  h.add('a', [
    { item: 'i1', rating: 4.5 },
    { item: 'i2', rating: 2 },
  ]);
  assert.deepEqual(h.get('a'), [
    { item: 'i3', rating: 5 },
    { item: 'i1', rating: 4.5 },
    { item: 'i0', rating: 3 },
    { item: 'i2', rating: 2 },
  ]);
  assert.equal(h.rating('a', 'i1'), 4.5);
  assert.deepEqual(h.get('b'), before);
  h.add('new', [{ item: 'x', rating: 5 }]);
  h.add('c', [{ item: 'i0', rating: 1 }]);
  assert.equal(h.has('new'), true);
  assert.equal(h.has('c'), true);
  assert.deepEqual(h.get('c'), [{ item: 'i0', rating: 1 }]);
  // A user the dataset's id map gains later (past the columns' rows) is not read out of bounds.
  ds.users.add('late');
  assert.equal(h.has('late'), false);
  assert.deepEqual(h.get('late'), []);
});

test('History returns a fresh list per call, so a caller cannot change what is held', () => {
  const h = History.fromDataset(dataset());
  const list = h.get('a') as { item: string; rating: number }[];
  list[0]!.rating = 0.5;
  list.pop();
  assert.equal(h.get('a').length, 3);
  assert.equal(h.rating('a', 'i3'), 5);
});
