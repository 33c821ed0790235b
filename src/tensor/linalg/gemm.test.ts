import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../util/rng.ts';
import { getBackend, setBackend, useBackend } from '../backend/registry.ts';
import { gemmAdd, matmul } from './gemm.ts';

/** Largest |x − y| over two equal-length arrays. */
function maxAbsDiff(x: Float64Array, y: Float64Array): number {
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return d;
}

for (const backend of ['js', 'wasm'] as const) {
  test(`gemmAdd in row blocks (both orientations, a partial last block) equals the float64 product (${backend})`, async () => {
    const prev = getBackend();
    await setBackend(backend, { threads: 2 });
    try {
      const rng = new Rng(21);
      const m = 1_003,
        k = 17,
        n = 9;
      const a = Float64Array.from({ length: m * k }, () => rng.normal());
      const b = Float64Array.from({ length: k * n }, () => rng.normal());
      const want = matmul(a, b, m, k, n);
      // 200 floats per block: 11 rows of A per call here, the last one partial; the output starts non-zero.
      const out = Float64Array.from({ length: m * n }, (_, i) => i % 7);
      gemmAdd(a, m, b, k, n, out, false, 200);
      assert.ok(
        maxAbsDiff(
          out.map((x, i) => x - (i % 7)),
          want,
        ) < 1e-4,
        'A·B',
      );
      // Aᵀ·A with A stored m×k: blocks over the m shared rows, the same array as both operands.
      const at = new Float64Array(k * m);
      for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) at[j * m + i] = a[i * k + j];
      const gram = new Float64Array(k * k);
      gemmAdd(a, k, a, m, k, gram, true, 200);
      assert.ok(maxAbsDiff(gram, matmul(at, a, k, m, k)) < 1e-3, 'AᵀA');
      // The default block size (one call for these sizes) gives the same numbers to float32 precision.
      const one = new Float64Array(k * k);
      gemmAdd(a, k, a, m, k, one, true);
      assert.ok(maxAbsDiff(gram, one) < 1e-3, 'blocked = one call');
    } finally {
      useBackend(prev);
    }
  });
}
