import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCooccurrence, pmiWeight } from './cooccurrence.ts';
import type { Interactions } from '../data/types.ts';

function inter(rows: Array<[number, number, number]>): Interactions {
  return {
    user: Int32Array.from(rows, (r) => r[0]),
    item: Int32Array.from(rows, (r) => r[1]),
    rating: Float32Array.from(rows, (r) => r[2]),
    timestamp: null,
  };
}

// Items A=0 B=1 C=2 D=3 E=4. Liked (≥5): u0 {A,B,C}, u1 {A,B}, u2 {A,C} (D rated 3: dropped), u3 {E}.
// freq A3 B2 C2 E1, Σ=8. Pairs AB2 AC2 BC1. Weights: AB = AC = 2·ln(2·8/(3·2)) = 2·ln(8/3) ≈ 1.962,
// BC = ln(8/4) ≈ 0.693. With minWeight 1: edges AB, AC; nodes A, B, C; E and D are absent.
const tiny = inter([
  [0, 0, 5],
  [0, 1, 5],
  [0, 2, 5],
  [1, 1, 5],
  [1, 0, 5],
  [2, 2, 5],
  [2, 0, 5],
  [2, 3, 3],
  [3, 4, 5],
]);

test('co-occurrence graph matches the hand-computed tiny example', () => {
  const g = buildCooccurrence(tiny, 4, 5, { minRating: 5, minWeight: 1 });
  assert.deepEqual(Array.from(g.itemFreq), [3, 2, 2, 0, 1]);
  assert.equal(g.totalFreq, 8);
  assert.equal(g.numPairs, 3);
  assert.equal(g.numEdges, 2);
  assert.deepEqual(Array.from(g.nodeItems), [0, 1, 2]);
  assert.deepEqual(Array.from(g.itemNode), [0, 1, 2, -1, -1]);
  assert.deepEqual(Array.from(g.adj.indptr), [0, 2, 3, 4]);
  assert.deepEqual(Array.from(g.adj.indices), [1, 2, 0, 0]);
  const ab = 2 * Math.log(8 / 3);
  assert.ok(Math.abs(pmiWeight(2, 3, 2, Math.log(8)) - ab) < 1e-12);
  for (const v of g.adj.values ?? []) assert.ok(Math.abs(v - ab) < 1e-5);
});

test('lower minWeight keeps the weaker BC edge; minRating 3 brings in D', () => {
  const g = buildCooccurrence(tiny, 4, 5, { minRating: 5, minWeight: 0.5 });
  assert.equal(g.numEdges, 3);
  const g3 = buildCooccurrence(tiny, 4, 5, { minRating: 3, minWeight: -100 });
  assert.equal(g3.numPairs, 5); // AB AC BC + AD CD; E has no partner
  assert.equal(g3.totalFreq, 9);
});

test('duplicate (user, item) rows count once and rows stay sorted', () => {
  const g = buildCooccurrence(
    inter([
      [0, 2, 5],
      [0, 2, 5],
      [0, 0, 5],
      [1, 0, 5],
      [1, 2, 5],
      [1, 1, 5],
    ]),
    2,
    3,
    {
      minRating: 5,
      minWeight: -100,
    },
  );
  assert.deepEqual(Array.from(g.itemFreq), [2, 1, 2]);
  for (let v = 0; v < g.adj.rows; v++) {
    for (let p = g.adj.indptr[v] + 1; p < g.adj.indptr[v + 1]; p++)
      assert.ok(g.adj.indices[p - 1] < g.adj.indices[p]);
  }
});
