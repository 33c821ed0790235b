import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interactionCsr } from '../graph/bipartite.ts';
import type { Recommender } from '../models/recommender.ts';
import { evaluateRanking } from './evaluate.ts';

/** A fixed-score model: item i scores numItems − i for every user (item 0 best). */
function fixedModel(numUsers: number, numItems: number): Recommender {
  return {
    kind: 'fixed',
    numUsers,
    numItems,
    fit: async () => ({ epochs: 0, seconds: 0, curve: [] }),
    scoreUsers: (users) => {
      const out = new Float32Array(users.length * numItems);
      for (let r = 0; r < users.length; r++)
        for (let i = 0; i < numItems; i++) out[r * numItems + i] = numItems - i;
      return out;
    },
    recommend: () => ({ k: 0, items: new Int32Array(0), scores: new Float32Array(0) }),
    similarItems: () => ({ k: 0, items: new Int32Array(0), scores: new Float32Array(0) }),
    foldIn: () => new Float32Array(numItems),
    save: async () => {},
  };
}

test('evaluateRanking excludes training items, skips users without truth, and is block-size independent', () => {
  const m = fixedModel(3, 6);
  // user 0: train {0,1} → ranking 2,3,4,5; truth {3} → rank 2.
  // user 1: no truth. user 2: train {}, val {0} excluded at test; truth {1} → rank 1.
  const train = interactionCsr(3, 6, new Int32Array([0, 0]), new Int32Array([0, 1]));
  const val = interactionCsr(3, 6, new Int32Array([2]), new Int32Array([0]));
  const truth = interactionCsr(3, 6, new Int32Array([0, 2]), new Int32Array([3, 1]));
  for (const blockSize of [1, 2, 100]) {
    const r = evaluateRanking(m, { truth, exclude: [train, val], ks: [1, 2], blockSize });
    assert.equal(r['recall@1'], 0.5);
    assert.equal(r['recall@2'], 1);
    assert.equal(r['mrr@2'], (1 / 2 + 1) / 2);
    assert.equal(r['ndcg@2'], (1 / Math.log2(3) + 1) / 2);
    assert.equal(r['precision@2'], 0.5);
  }
});
