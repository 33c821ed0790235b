import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBipartite } from './bipartite.ts';
import { normalizeBipartite, type NormalizedBipartite } from './normalize.ts';
import { FactoredAdjacency } from './factored-adjacency.ts';
import { LgConv, stackedRows } from '../models/layers/lgconv.ts';
import { Rng } from '../util/rng.ts';
import { getBackend, setBackend, useBackend } from '../tensor/backend/registry.ts';

const rng = new Rng(5);
const U = 30,
  I = 45,
  d = 8;
const u = Int32Array.from({ length: 300 }, () => rng.int(U));
const i = Int32Array.from({ length: 300 }, () => rng.int(I));
const graph = normalizeBipartite(buildBipartite(U, I, u, i));
const rand = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.normal());

/** Â·x over the stacked layout, straight from the weighted blocks (float64). */
function adj(g: NormalizedBipartite, x: Float32Array): Float64Array {
  const y = new Float64Array(x.length);
  const block = (m: NormalizedBipartite['userItems'], rowOff: number, colOff: number): void => {
    for (let r = 0; r < m.rows; r++) {
      for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) {
        for (let c = 0; c < d; c++)
          y[(rowOff + r) * d + c] += (m.values as Float32Array)[p] * x[(colOff + m.indices[p]) * d + c];
      }
    }
  };
  block(g.userItems, 0, U);
  block(g.itemUsers, U, 0);
  return y;
}

test('D^-½·(D^-½·A·x) + c through the factors equals Â·x + c, also at selected rows, and addRows adds α·x there', () => {
  const f = FactoredAdjacency.of(graph);
  assert.ok(f);
  const x = rand((U + I) * d),
    c = rand((U + I) * d);
  const xc = new Float32Array(x.length);
  f.scaleHalf(x, xc, d);
  const out = new Float32Array(x.length);
  f.product(xc, out, c, d, 'half', { alpha: 2, beta: 0.5 });
  const want = adj(graph, x);
  for (let p = 0; p < out.length; p++)
    assert.ok(Math.abs(out[p] - (2 * want[p] + 0.5 * c[p])) < 1e-4, `entry ${p}`);
  const rows = stackedRows(Int32Array.of(1, 7, U + 2, U + 40), U);
  const part = new Float32Array(x.length).fill(9);
  f.product(xc, part, c, d, 'half', { rows });
  for (let r = 0; r < U + I; r++) {
    for (let k = 0; k < d; k++) {
      const p = r * d + k;
      assert.ok(Math.abs(part[p] - (rows.all.includes(r) ? want[p] + c[p] : 9)) < 1e-4, `row ${r}`);
    }
  }
  f.addRows(x, part, d, rows.all, 3);
  assert.ok(Math.abs(part[7 * d] - (want[7 * d] + c[7 * d] + 3 * x[7 * d])) < 1e-4);
  assert.equal(part[0], 9);
});

test('weights that are not the symmetric normalisation are not factored, and LgConv falls back to them', async () => {
  const w = {
    ...graph.userItems,
    values: (graph.userItems.values as Float32Array).map((v, p) => v * (1 + (p % 3))),
  };
  const t = { ...graph.itemUsers, values: null };
  const odd: NormalizedBipartite = {
    ...graph,
    userItems: w,
    itemUsers: { ...t, values: new Float32Array(t.indices.length) },
  };
  // Keep the blocks transposes of each other: rebuild the item block's weights from the user block's.
  for (let r = 0; r < U; r++) {
    for (let p = w.indptr[r]; p < w.indptr[r + 1]; p++) {
      const item = w.indices[p];
      for (let q = t.indptr[item]; q < t.indptr[item + 1]; q++)
        if (t.indices[q] === r) (odd.itemUsers.values as Float32Array)[q] = w.values[p];
    }
  }
  assert.equal(FactoredAdjacency.of(odd), null);
  const prev = getBackend();
  await setBackend('wasm', { threads: 2 });
  try {
    const conv = new LgConv(odd, 3, d, true);
    const x = rand((U + I) * d);
    const full = new Float32Array(x.length);
    conv.apply(x, full);
    const rows = stackedRows(Int32Array.of(0, 5, U + 1, U + 30), U);
    const part = new Float32Array(x.length);
    conv.applyRows(x, part, rows);
    for (const r of rows.all)
      for (let k = 0; k < d; k++) assert.ok(Math.abs(part[r * d + k] - full[r * d + k]) < 1e-4);
  } finally {
    useBackend(prev);
  }
});
