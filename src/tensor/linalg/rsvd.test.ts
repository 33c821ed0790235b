import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csrFromCoo } from '../csr.ts';
import { Rng } from '../../util/rng.ts';
import { householderQr } from './householder.ts';
import { randomizedSvd } from './rsvd.ts';
import { symmetricEigen } from './eigh.ts';
import { DenseProduct, gemmAdd, matmul } from './gemm.ts';
import { getBackend, setBackend, useBackend } from '../backend/registry.ts';

for (const backend of ['js', 'wasm'] as const) {
  test(`randomizedSvd recovers the singular values and right vectors of a synthetic low-rank matrix (${backend} backend)`, async () => {
    const prev = getBackend();
    await setBackend(backend, { threads: 2 });
    try {
      const rng = new Rng(5);
      const m = 300,
        n = 200,
        k = 6;
      const sigma = [50, 30, 20, 10, 5, 2];
      const u = householderQr(
        Float64Array.from({ length: m * k }, () => rng.normal()),
        m,
        k,
      ).q;
      const v = householderQr(
        Float64Array.from({ length: n * k }, () => rng.normal()),
        n,
        k,
      ).q;
      const us = Float64Array.from(u, (x, i) => x * sigma[i % k]);
      const dense = matmul(
        us,
        Float64Array.from({ length: k * n }, (_, i) => v[(i % n) * k + Math.floor(i / n)]),
        m,
        k,
        n,
      );
      const r: number[] = [],
        c: number[] = [],
        val: number[] = [];
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          if (dense[i * n + j] === 0) continue;
          r.push(i);
          c.push(j);
          val.push(dense[i * n + j]);
        }
      }
      const a = csrFromCoo(m, n, Int32Array.from(r), Int32Array.from(c), Float32Array.from(val));
      const svd = randomizedSvd(a, new Rng(9), { rank: 4, oversample: 6, powerIters: 1 });
      assert.equal(svd.rank, 4);
      for (let t = 0; t < 4; t++)
        assert.ok(Math.abs(svd.values[t] - sigma[t]) / sigma[t] < 1e-4, `σ${t} = ${svd.values[t]}`);
      // Each found right vector matches the true one up to sign.
      for (let t = 0; t < 4; t++) {
        let dot = 0;
        for (let j = 0; j < n; j++) dot += svd.v[j * 4 + t] * v[j * k + t];
        assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-4, `|<v${t}, v̂${t}>| = ${Math.abs(dot)}`);
      }
    } finally {
      useBackend(prev);
    }
  });
}

test('randomizedSvd is reproducible from the seed', () => {
  const rng = new Rng(2);
  const n = 400;
  const rows = Int32Array.from({ length: n }, () => rng.int(40));
  const cols = Int32Array.from({ length: n }, () => rng.int(30));
  const a = csrFromCoo(40, 30, rows, cols);
  const x = randomizedSvd(a, new Rng(3), { rank: 5 });
  const y = randomizedSvd(a, new Rng(3), { rank: 5 });
  assert.deepEqual(Array.from(x.v), Array.from(y.v));
});

test('symmetricEigen diagonalises a random symmetric matrix', () => {
  const rng = new Rng(4);
  const n = 30;
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) s[i * n + j] = s[j * n + i] = rng.normal();
  const { values, vectors } = symmetricEigen(s, n);
  const sv = matmul(s, vectors, n, n, n);
  for (let c = 0; c < n; c++) {
    if (c > 0) assert.ok(values[c] <= values[c - 1]);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(sv[i * n + c] - values[c] * vectors[i * n + c]) < 1e-10);
  }
});

for (const backend of ['js', 'wasm'] as const) {
  test(`DenseProduct and gemmAdd match a plain product (${backend} backend)`, async () => {
    const prev = getBackend();
    await setBackend(backend, { threads: 2 });
    try {
      const rng = new Rng(8);
      const m = 13,
        k = 37,
        n = 29;
      const a = Float64Array.from({ length: m * k }, () => rng.normal());
      const b = Float64Array.from({ length: k * n }, () => rng.normal());
      const ref = matmul(a, b, m, k, n);
      const p = new DenseProduct(b, k, n);
      // float64 output with a wider row stride, then float32 in place (accumulated by the kernel).
      const wide = new Float64Array(m * (n + 3)).fill(1);
      p.mulAdd(a, m, wide, n + 3);
      const f32 = new Float32Array(m * n).fill(1);
      p.mulAdd(Float32Array.from(a), m, f32);
      const viaGemm = new Float64Array(m * n).fill(1);
      gemmAdd(a, m, b, k, n, viaGemm);
      for (let r = 0; r < m; r++) {
        for (let j = 0; j < n; j++) {
          const want = 1 + ref[r * n + j];
          assert.ok(Math.abs(wide[r * (n + 3) + j] - want) < 1e-4, `${backend} f64 out (${r}, ${j})`);
          assert.ok(Math.abs(f32[r * n + j] - want) < 1e-4, `${backend} f32 out (${r}, ${j})`);
          assert.ok(Math.abs(viaGemm[r * n + j] - want) < 1e-4, `${backend} gemmAdd (${r}, ${j})`);
        }
        assert.equal(wide[r * (n + 3) + n], 1, 'columns past n untouched');
      }
      p.close();
      assert.throws(() => p.mulAdd(a, m, wide), /after close/);
    } finally {
      useBackend(prev);
    }
  });
}
