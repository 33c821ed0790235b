import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interactionCsr } from '../../graph/bipartite.ts';
import type { Recommender } from '../recommender.ts';
import { rareItems, restrictedRecall } from './cold-recall.ts';

test('restrictedRecall counts only test items in the set, after exclusions', () => {
  // 2 users, 4 items; scores rank items 3 > 2 > 1 > 0 for everyone.
  const stub = {
    numItems: 4,
    scoreUsers: (u: Int32Array) => Float32Array.from({ length: u.length * 4 }, (_, p) => p % 4),
  } as unknown as Recommender;
  const train = interactionCsr(2, 4, Int32Array.from([0, 0, 1]), Int32Array.from([3, 3, 2]));
  const rare = rareItems(4, Int32Array.from([3, 3, 2]), 1);
  assert.deepEqual(Array.from(rare), [1, 1, 1, 0]);
  // User 0 holds out items 1 and 0 (both rare); user 1 holds out item 3 (not rare: skipped) and 0.
  const truth = interactionCsr(2, 4, Int32Array.from([0, 0, 1, 1]), Int32Array.from([1, 0, 3, 0]));
  const r = restrictedRecall(stub, truth, [train], rare, 1);
  // Top-1 after excluding training items: user 0 → item 2 (miss, 0/2), user 1 → item 3 (not in the set: 0/1).
  assert.deepEqual(r, { recall: 0, users: 2, testItems: 3 });
  const r2 = restrictedRecall(stub, truth, [train], rare, 3);
  // Top-3: user 0 → 2,1,0 (2/2); user 1 → 3,1,0 (1/1).
  assert.deepEqual(r2, { recall: 1, users: 2, testItems: 3 });
});
