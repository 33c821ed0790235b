import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../util/rng.ts';
import { interactionCsr } from '../../graph/bipartite.ts';
import { getBackend, setBackend, useBackend } from '../../tensor/backend/registry.ts';
import { rankByDot } from './dot-rank.ts';
import { topKRow } from './topk.ts';

for (const [backend, skew] of [['js', true], ['wasm', true], ['wasm', false]] as const) {
  test(`rankByDot equals scoring every item (${backend} backend, ${skew ? 'skewed' : 'even'} norms)`, async () => {
    const prev = getBackend();
    await setBackend(backend, { threads: 2 });
    try {
      const rng = new Rng(11);
      const U = 300, I = 5000, d = 16, k = 20;
      // Popularity-like norms: a few long item vectors, a long tail of short ones (what makes pruning pay).
      const items = new Float32Array(I * d);
      for (let i = 0; i < I; i++) {
        // Even norms leave little to prune: the winners are spread over the whole catalogue.
        const scale = skew ? 3 / (1 + i / 50) : 1 + rng.uniform();
        for (let c = 0; c < d; c++) items[i * d + c] = scale * rng.normal();
      }
      const usersEmb = Float32Array.from({ length: U * d }, () => rng.normal());
      // Exclusions: random items, plus for user 0 everything but 5 items (fewer than k remain).
      const eu: number[] = [], ei: number[] = [];
      for (let u = 1; u < U; u++) for (let t = 0; t < 30; t++) { eu.push(u); ei.push(rng.int(60)); }
      for (let i = 5; i < I; i++) { eu.push(0); ei.push(i); }
      const ex = interactionCsr(U, I, Int32Array.from(eu), Int32Array.from(ei));
      const ex2 = interactionCsr(U - 7, I, Int32Array.from({ length: U - 7 }, (_, u) => u), Int32Array.from({ length: U - 7 }, (_, u) => (u * 7) % I));
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
        if (u < ex2.rows) for (let p = ex2.indptr[u]; p < ex2.indptr[u + 1]; p++) row[ex2.indices[p]] = -Infinity;
        topKRow(row, 0, I, k, wantI, wantS, 0);
        assert.deepEqual(Array.from(got.items.subarray(u * k, u * k + k)), Array.from(wantI), `user ${u}`);
        for (let r = 0; r < k; r++) if (wantI[r] >= 0) assert.ok(Math.abs(got.scores[u * k + r] - wantS[r]) < 1e-4);
      }
      assert.deepEqual(Array.from(got.items.subarray(5, k)), new Array(k - 5).fill(-1), 'missing slots are −1');
    } finally {
      useBackend(prev);
    }
  });
}
