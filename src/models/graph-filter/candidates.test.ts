import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomTrainData } from '../shared/train.fixture.ts';
import { GraphFilter } from './model.ts';

const U = 600,
  I = 400,
  K = 20;
const users = Int32Array.from({ length: U }, (_, u) => u);

async function fitted(config: Record<string, unknown>): Promise<GraphFilter> {
  const m = new GraphFilter(U, I, { rank: 32, ...config });
  await m.fit(randomTrainData(5, U, I), { seed: 1 });
  return m;
}

test('candidate retrieval over the whole catalogue gives the exact top-K (seen and excluded items removed)', async () => {
  const exact = await fitted({});
  // No hot columns, some (the 40 most popular items' Gram columns), every item hot.
  for (const hotItems of [0, 40, 512]) await sameAsExact(exact, await fitted({ candidates: I, hotItems }));
});

async function sameAsExact(exact: GraphFilter, cand: GraphFilter): Promise<void> {
  // Excluded ids include out-of-range ones, which both paths ignore.
  const exclude = Array.from({ length: U }, (_, u) => Int32Array.of(u % I, (u * 7) % I, -1, I + 3));
  for (const filterSeen of [true, false]) {
    const a = exact.recommend(users, { k: K, filterSeen, exclude });
    const b = cand.recommend(users, { k: K, filterSeen, exclude });
    assert.deepEqual(b.items, a.items);
    for (let x = 0; x < a.scores.length; x++) assert.ok(Math.abs(a.scores[x] - b.scores[x]) < 1e-5);
    for (let u = 0; u < U; u++) {
      const list = b.items.subarray(u * K, u * K + K);
      assert.ok(!list.includes(u % I) && !list.includes((u * 7) % I));
      if (filterSeen) for (const i of cand.history(u)) assert.ok(!list.includes(i));
    }
  }
}

test('half the catalogue as candidates keeps ≥ 99% of the exact top-20 (C = 200 of 400 items, 64 directions)', async () => {
  const a = (await fitted({})).recommend(users, { k: K });
  const b = (await fitted({ candidates: 200 })).recommend(users, { k: K });
  let hit = 0,
    total = 0;
  for (let u = 0; u < U; u++) {
    const got = new Set(b.items.subarray(u * K, u * K + K));
    for (const i of a.items.subarray(u * K, u * K + K)) {
      if (i < 0) continue;
      total++;
      if (got.has(i)) hit++;
    }
  }
  // Measured 0.9987 (and 0.887 at C = 50, so the assertion can fail).
  assert.ok(hit / total >= 0.99, `recall ${hit / total}`);
});

test('candidate ranking checks users; small batches, BSPM and an explicit candidate list keep exact scoring', async () => {
  const cand = await fitted({ candidates: 50 });
  const withStranger = Int32Array.from({ length: 300 }, (_, x) => (x === 299 ? U : x));
  assert.throws(() => cand.recommend(withStranger, { k: K }), /user 600 out of range/);
  const restricted = Int32Array.from({ length: 40 }, (_, x) => x * 3);
  const exact = await fitted({});
  assert.deepEqual(
    cand.recommend(users, { k: K, candidates: restricted }).items,
    exact.recommend(users, { k: K, candidates: restricted }).items,
  );
  // One user (below CANDIDATE_MIN_USERS): exact, so even C = 50 cannot miss.
  assert.deepEqual(
    cand.recommend(Int32Array.of(7), { k: K }).items,
    exact.recommend(Int32Array.of(7), { k: K }).items,
  );
  const bspmC = await fitted({ variant: 'bspm', candidates: 50 });
  const bspm = await fitted({ variant: 'bspm' });
  assert.deepEqual(bspmC.recommend(users, { k: K }).items, bspm.recommend(users, { k: K }).items);
});
