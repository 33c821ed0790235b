import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../util/rng.ts';
import { interactionCsr } from '../../graph/bipartite.ts';
import { getBackend, setBackend, useBackend } from '../../tensor/backend/registry.ts';
import { rankByDot } from './dot-rank.ts';
import { topKRow } from './topk.ts';

for (const [backend, skew] of [
  ['js', true],
  ['wasm', true],
  ['wasm', false],
] as const) {
  test(`rankByDot equals scoring every item (${backend} backend, ${skew ? 'skewed' : 'even'} norms)`, async () => {
    const prev = getBackend();
    await setBackend(backend, { threads: 2 });
    try {
      const rng = new Rng(11);
      const U = 300,
        I = 5000,
        d = 16,
        k = 20;
      // Popularity-like norms: a few long item vectors, a long tail of short ones (what makes pruning pay).
      const items = new Float32Array(I * d);
      for (let i = 0; i < I; i++) {
        // Even norms leave little to prune: the winners are spread over the whole catalogue.
        const scale = skew ? 3 / (1 + i / 50) : 1 + rng.uniform();
        for (let c = 0; c < d; c++) items[i * d + c] = scale * rng.normal();
      }
      const usersEmb = Float32Array.from({ length: U * d }, () => rng.normal());
      // Exclusions: random items, plus for user 0 everything but 5 items (fewer than k remain).
      const eu: number[] = [],
        ei: number[] = [];
      for (let u = 1; u < U; u++)
        for (let t = 0; t < 30; t++) {
          eu.push(u);
          ei.push(rng.int(60));
        }
      for (let i = 5; i < I; i++) {
        eu.push(0);
        ei.push(i);
      }
      const ex = interactionCsr(U, I, Int32Array.from(eu), Int32Array.from(ei));
      const ex2 = interactionCsr(
        U - 7,
        I,
        Int32Array.from({ length: U - 7 }, (_, u) => u),
        Int32Array.from({ length: U - 7 }, (_, u) => (u * 7) % I),
      );
      const users = Int32Array.from({ length: U }, (_, u) => u);
      // Two exclusion lists, as evaluation passes (training and validation items).
      const got = rankByDot(usersEmb, items, I, d, users, k, [ex, ex2]);
      const row = new Float32Array(I);
      const wantI = new Int32Array(k);
      const wantS = new Float32Array(k);
      for (const u of users) {
        for (let i = 0; i < I; i++) {
          let s = 0;
          for (let c = 0; c < d; c++) s += Math.fround(usersEmb[u * d + c] * items[i * d + c]);
          row[i] = s;
        }
        for (let p = ex.indptr[u]; p < ex.indptr[u + 1]; p++) row[ex.indices[p]] = -Infinity;
        if (u < ex2.rows)
          for (let p = ex2.indptr[u]; p < ex2.indptr[u + 1]; p++) row[ex2.indices[p]] = -Infinity;
        topKRow(row, 0, I, k, wantI, wantS, 0);
        assert.deepEqual(Array.from(got.items.subarray(u * k, u * k + k)), Array.from(wantI), `user ${u}`);
        for (let r = 0; r < k; r++)
          if (wantI[r] >= 0) assert.ok(Math.abs(got.scores[u * k + r] - wantS[r]) < 1e-4);
      }
      assert.deepEqual(
        Array.from(got.items.subarray(5, k)),
        new Array(k - 5).fill(-1),
        'missing slots are −1',
      );
    } finally {
      useBackend(prev);
    }
  });
}

test('recommend for a batch (ranked by topkDot on wasm) equals recommend user by user', async () => {
  const { LightGcn } = await import('../lightgcn/lightgcn.ts');
  const { generateSynthetic } = await import('../../data/synthetic.ts');
  const prev = getBackend();
  await setBackend('wasm', { threads: 2 });
  try {
    const ds = generateSynthetic({ users: 300, items: 150, seed: 6, interactionsPerUser: 15 });
    const m = new LightGcn(ds.users.size, ds.items.size, { dim: 16, layers: 2, epochs: 1, batch: 512 });
    await m.fit(
      { numUsers: ds.users.size, numItems: ds.items.size, train: ds.interactions, dataset: ds },
      { seed: 2 },
    );
    const users = Int32Array.from({ length: ds.users.size }, (_, u) => u);
    const k = 10;
    for (const filterSeen of [true, false]) {
      const batch = m.recommend(users, { k, filterSeen });
      for (const u of users) {
        const one = m.recommend(Int32Array.of(u), { k, filterSeen });
        assert.deepEqual(
          Array.from(batch.items.subarray(u * k, u * k + k)),
          Array.from(one.items),
          `user ${u} filterSeen=${filterSeen}`,
        );
        for (let p = 0; p < k; p++)
          assert.ok(
            Math.abs(batch.scores[u * k + p] - one.scores[p]) < 1e-5 * Math.max(1, Math.abs(one.scores[p])),
          );
      }
      if (filterSeen)
        for (const u of users)
          for (const i of batch.items.subarray(u * k, u * k + k))
            assert.ok(!m.seen.indices.subarray(m.seen.indptr[u], m.seen.indptr[u + 1]).includes(i));
    }
    assert.throws(
      () =>
        m.recommend(
          Int32Array.from({ length: 300 }, (_, i) => (i === 299 ? 300 : i)),
          { k },
        ),
      /out of range/,
    );
  } finally {
    useBackend(prev);
  }
});
