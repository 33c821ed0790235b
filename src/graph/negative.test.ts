import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleNegatives, sampleBprBatch, csrHas } from './negative.ts';
import { interactionCsr } from './bipartite.ts';
import { Rng } from '../util/rng.ts';

test('negatives avoid positives, are uniform over the rest, and are seeded', () => {
  // user 0: items {1,3}; user 1: items {0,1,2,3,4} minus 2 → dense row path; user 2: everything.
  const R = interactionCsr(3, 6, new Int32Array([0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]), new Int32Array([1, 3, 0, 1, 3, 4, 0, 1, 2, 3, 4, 5]));
  const users = new Int32Array(6000).map((_, i) => i % 2);
  const a = sampleNegatives(R, users, new Rng(1));
  const b = sampleNegatives(R, users, new Rng(1));
  assert.deepEqual(a, b);
  const counts = [new Map<number, number>(), new Map<number, number>()];
  for (let k = 0; k < users.length; k++) {
    assert.ok(!csrHas(R, users[k], a[k]), 'negative is not a positive');
    counts[users[k]].set(a[k], (counts[users[k]].get(a[k]) ?? 0) + 1);
  }
  assert.deepEqual([...counts[0].keys()].sort(), [0, 2, 4, 5]);
  assert.deepEqual([...counts[1].keys()].sort(), [2, 5]);
  for (const c of counts[0].values()) assert.ok(Math.abs(c - 750) < 120);
  assert.deepEqual(Array.from(sampleNegatives(R, new Int32Array([2]), new Rng(1))), [-1]);
});

test('BPR batches take real edges', () => {
  const u = new Int32Array([0, 0, 1, 2]);
  const i = new Int32Array([1, 2, 0, 3]);
  const R = interactionCsr(3, 5, u, i);
  const b = sampleBprBatch(u, i, R, 100, new Rng(2));
  for (let k = 0; k < 100; k++) {
    assert.ok(csrHas(R, b.users[k], b.pos[k]));
    assert.ok(!csrHas(R, b.users[k], b.neg[k]));
  }
});
