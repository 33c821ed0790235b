import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBipartite } from '../../graph/bipartite.ts';
import { normalizeBipartite } from '../../graph/normalize.ts';
import { Rng } from '../../util/rng.ts';
import { LgConv, stackedRows } from './lgconv.ts';
import { getBackend, setBackend, useBackend } from '../../tensor/backend/registry.ts';

function denseReference(
  U: number,
  I: number,
  u: Int32Array,
  i: Int32Array,
  x: Float32Array,
  d: number,
  K: number,
): Float64Array {
  const N = U + I;
  const A = new Float64Array(N * N);
  for (let k = 0; k < u.length; k++) {
    A[u[k] * N + U + i[k]] = 1;
    A[(U + i[k]) * N + u[k]] = 1;
  }
  const deg = new Float64Array(N);
  for (let r = 0; r < N; r++) for (let c = 0; c < N; c++) deg[r] += A[r * N + c];
  for (let r = 0; r < N; r++)
    for (let c = 0; c < N; c++) if (A[r * N + c]) A[r * N + c] /= Math.sqrt(deg[r] * deg[c]);
  let cur = Float64Array.from(x);
  const out = Float64Array.from(x);
  for (let k = 0; k < K; k++) {
    const next = new Float64Array(N * d);
    for (let r = 0; r < N; r++)
      for (let c = 0; c < N; c++)
        for (let j = 0; j < d; j++) next[r * d + j] += A[r * N + c] * cur[c * d + j];
    for (let p = 0; p < out.length; p++) out[p] += next[p];
    cur = next;
  }
  return out.map((v) => v / (K + 1));
}

for (const [d, viaBackend] of [
  [16, false],
  [5, false],
  [16, true],
] as const) {
  test(`LgConv matches dense mean of Â^k x (d=${d}, backend spmm ${viaBackend}) and is self-adjoint`, () => {
    const rng = new Rng(4);
    const U = 7,
      I = 9,
      n = 30;
    const u = Int32Array.from({ length: n }, () => rng.int(U));
    const i = Int32Array.from({ length: n }, () => rng.int(I));
    const conv = new LgConv(normalizeBipartite(buildBipartite(U, I, u, i)), 3, d, viaBackend);
    const x = Float32Array.from({ length: (U + I) * d }, () => rng.normal());
    const y = new Float32Array(x.length);
    conv.apply(x, y);
    const ref = denseReference(U, I, u, i, x, d, 3);
    for (let p = 0; p < y.length; p++)
      assert.ok(Math.abs(y[p] - ref[p]) < 1e-5, `entry ${p}: ${y[p]} vs ${ref[p]}`);
    // <P x, z> = <x, P z>: the gradient rule (same call on the upstream gradient) is exact.
    const z = Float32Array.from({ length: x.length }, () => rng.normal());
    const pz = new Float32Array(x.length);
    conv.apply(z, pz);
    let a = 0,
      b = 0;
    for (let p = 0; p < x.length; p++) {
      a += y[p] * z[p];
      b += x[p] * pz[p];
    }
    assert.ok(Math.abs(a - b) < 1e-4 * Math.max(1, Math.abs(a)));
  });
}

for (const backend of ['js', 'wasm'] as const) {
  test(`LgConv batch-restricted propagation equals the full one at the batch's rows (${backend} backend)`, async () => {
    const prev = getBackend();
    await setBackend(backend, { threads: 2 });
    try {
      const rng = new Rng(9);
      const U = 40,
        I = 60,
        n = 400,
        d = 37;
      const u = Int32Array.from({ length: n }, () => rng.int(U));
      const i = Int32Array.from({ length: n }, () => rng.int(I));
      const graph = normalizeBipartite(buildBipartite(U, I, u, i));
      const all = Int32Array.from(new Set(Array.from({ length: 30 }, () => rng.int(U + I)))).sort();
      const rows = stackedRows(all, U);
      for (const K of [1, 2, 3]) {
        const conv = new LgConv(graph, K, d, true);
        const tol = 1e-5;
        const x = Float32Array.from({ length: (U + I) * d }, () => rng.normal());
        const full = new Float32Array(x.length);
        conv.apply(x, full);
        const part = new Float32Array(x.length);
        conv.applyRows(x, part, rows);
        for (const r of all)
          for (let j = 0; j < d; j++)
            assert.ok(Math.abs(part[r * d + j] - full[r * d + j]) < tol, `K=${K} row ${r}`);
        // An input supported on the rows: the pushed first layer gives the full propagation everywhere.
        const g = new Float32Array(x.length);
        for (const r of all) for (let j = 0; j < d; j++) g[r * d + j] = rng.normal();
        const want = new Float32Array(x.length);
        conv.apply(g, want);
        const got = new Float32Array(x.length);
        conv.applyFromRows(g, got, rows);
        for (let p = 0; p < got.length; p++)
          assert.ok(Math.abs(got[p] - want[p]) < tol, `K=${K} entry ${p}: ${got[p]} vs ${want[p]}`);
      }
    } finally {
      useBackend(prev);
    }
  });
}
