import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleNegatives, sampleBprBatch, sampleBprBatchByUser, nonEmptyRows, csrHas } from './negative.ts';
import { interactionCsr } from './bipartite.ts';
import { Rng } from '../util/rng.ts';

test('negatives avoid positives, are uniform over the rest, and are seeded', () => {
  // user 0: items {1,3}; user 1: items {0,1,2,3,4} minus 2 → dense row path; user 2: everything.
  const R = interactionCsr(
    3,
    6,
    new Int32Array([0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]),
    new Int32Array([1, 3, 0, 1, 3, 4, 0, 1, 2, 3, 4, 5]),
  );
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

test('user-uniform BPR batches weigh every user the same; edge batches weigh users by degree', () => {
  // user 0 has 8 positives, user 1 has 1, user 2 none (never drawn by the user sampler).
  const u = new Int32Array([0, 0, 0, 0, 0, 0, 0, 0, 1]);
  const i = new Int32Array([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  const R = interactionCsr(3, 12, u, i);
  const active = nonEmptyRows(R);
  assert.deepEqual(Array.from(active), [0, 1]);
  const n = 9000;
  const byUser = sampleBprBatchByUser(R, active, n, new Rng(3));
  const byEdge = sampleBprBatch(u, i, R, n, new Rng(3));
  const share = (b: { users: Int32Array }): number => b.users.filter((x) => x === 1).length / n;
  assert.ok(Math.abs(share(byUser) - 0.5) < 0.03, `user sampler: user 1 share ${share(byUser)}`);
  assert.ok(Math.abs(share(byEdge) - 1 / 9) < 0.02, `edge sampler: user 1 share ${share(byEdge)}`);
  const posOf0 = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    assert.ok(csrHas(R, byUser.users[k], byUser.pos[k]));
    assert.ok(!csrHas(R, byUser.users[k], byUser.neg[k]));
    if (byUser.users[k] === 0) posOf0.set(byUser.pos[k], (posOf0.get(byUser.pos[k]) ?? 0) + 1);
  }
  // User 0's positives are drawn uniformly: about 4500 / 8 each.
  assert.equal(posOf0.size, 8);
  for (const c of posOf0.values()) assert.ok(Math.abs(c - 562) < 110, `positive count ${c}`);
  assert.deepEqual(
    sampleBprBatchByUser(R, active, 50, new Rng(4)).users,
    sampleBprBatchByUser(R, active, 50, new Rng(4)).users,
  );
});
