import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng.ts';
import type { TrainData } from '../models/recommender.ts';
import { LightGcn } from '../models/lightgcn/lightgcn.ts';
import { GraphFilter } from '../models/graph-filter/model.ts';
import { explain, explainerFor } from './explain.ts';

const U = 30,
  I = 40;

function randomData(seed: number): TrainData {
  const rng = new Rng(seed);
  const user: number[] = [],
    item: number[] = [];
  for (let u = 0; u < U; u++) {
    const seen = new Set<number>();
    const n = 3 + rng.int(8);
    while (seen.size < n) seen.add(rng.int(I));
    for (const i of seen) {
      user.push(u);
      item.push(i);
    }
  }
  return {
    numUsers: U,
    numItems: I,
    train: {
      user: Int32Array.from(user),
      item: Int32Array.from(item),
      rating: new Float32Array(user.length).fill(1),
      timestamp: null,
    },
  };
}

test('LightGCN: item contributions + residual sum to the model score', async () => {
  const m = new LightGcn(U, I, { dim: 8, layers: 3, epochs: 3, batch: 64 });
  await m.fit(randomData(1), { seed: 1 });
  for (const [u, i] of [
    [0, 5],
    [7, 12],
    [29, 39],
  ]) {
    const ex = explain(m, null, u, i, { top: 1000 });
    const sum = ex.contributions.reduce((s, c) => s + c.weight, 0) + ex.residual;
    const model = m.scoreUsers(Int32Array.of(u))[i];
    assert.ok(Math.abs(sum - ex.score) < 1e-5, `${sum} vs ${ex.score}`);
    assert.ok(
      Math.abs(sum - model) < 1e-4 * Math.max(1, Math.abs(model)),
      `decomposition ${sum} vs model ${model}`,
    );
    assert.equal(ex.contributions.length, m.seen.indptr[u + 1] - m.seen.indptr[u]);
    // The item side (users who interacted with the item + the item's own embedding) sums to the score too.
    const side = (ex.detail as { itemSide: { sum: number } }).itemSide;
    assert.ok(
      Math.abs(side.sum - model) < 1e-4 * Math.max(1, Math.abs(model)),
      `item side ${side.sum} vs ${model}`,
    );
    // Removing nothing re-propagates to the model's own scores.
    const ex2 = explainerFor(m);
    assert.ok(Math.abs(ex2.scoreHistory(u, ex2.history(u))[i] - model) < 1e-4);
  }
});

test('graph filter: per-item contributions sum to the score (GF-CF and BSPM)', async () => {
  for (const variant of ['gf-cf', 'bspm']) {
    const m = new GraphFilter(U, I, { variant, rank: 4 });
    await m.fit(randomData(2), { seed: 2 });
    for (const [u, i] of [
      [0, 3],
      [11, 20],
    ]) {
      const ex = explain(m, null, u, i, { top: 1000 });
      const sum = ex.contributions.reduce((s, c) => s + c.weight, 0);
      const model = m.scoreUsers(Int32Array.of(u))[i];
      assert.ok(
        Math.abs(sum - model) < 1e-4 * Math.max(1, Math.abs(model)),
        `${variant}: ${sum} vs ${model}`,
      );
      const shares = ex.contributions.reduce((s, c) => s + Math.abs(c.share), 0);
      assert.ok(Math.abs(shares - 1) < 1e-6);
    }
  }
});
