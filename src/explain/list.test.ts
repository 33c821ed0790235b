// A folded-in user's reasons: a kind that declares `linearSignals` (graph-filter) gets exact per-rating terms that
// add up to the score; a kind that does not (mf-bpr) gets occlusion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel, findKind } from '../models/index.ts';
import { Rng } from '../util/rng.ts';
import { explainItems } from './list.ts';

const U = 40;
const I = 30;

function interactions(): { user: Int32Array; item: Int32Array; rating: Float32Array; timestamp: null } {
  const rng = new Rng(3);
  const user: number[] = [];
  const item: number[] = [];
  for (let u = 0; u < U; u++) {
    const seen = new Set<number>();
    while (seen.size < 8) seen.add(rng.int(I));
    for (const i of seen) {
      user.push(u);
      item.push(i);
    }
  }
  return {
    user: Int32Array.from(user),
    item: Int32Array.from(item),
    rating: new Float32Array(user.length).fill(1),
    timestamp: null,
  };
}

const history = { items: Int32Array.of(1, 4, 9), ratings: Float32Array.of(5, 4, 3) };

test('a linear-signal kind explains a fold-in exactly; other kinds by occlusion', async () => {
  assert.equal(findKind('graph-filter')?.capabilities.linearSignals, true);
  assert.notEqual(findKind('mf-bpr')?.capabilities.linearSignals, true);
  const gf = createModel('graph-filter', {}, { numUsers: U, numItems: I });
  await gf.fit({ numUsers: U, numItems: I, train: interactions() }, { seed: 1 });
  const [ex] = explainItems(gf, Int32Array.of(7), { history, top: 10 });
  assert.equal(ex!.method, 'graph-filter-exact');
  const sum = ex!.contributions.reduce((s, c) => s + c.weight, 0);
  // Linear in the binary history: the terms are the whole score.
  assert.ok(Math.abs(ex!.score - sum) <= 1e-4 * Math.max(1, Math.abs(ex!.score)), `${ex!.score} vs ${sum}`);
  assert.ok(Math.abs(ex!.residual) <= 1e-4 * Math.max(1, Math.abs(ex!.score)));
  const mf = createModel('mf-bpr', { dim: 4, epochs: 1 }, { numUsers: U, numItems: I });
  await mf.fit({ numUsers: U, numItems: I, train: interactions() }, { seed: 1 });
  assert.equal(explainItems(mf, Int32Array.of(7), { history })[0]!.method, 'occlusion');
});
