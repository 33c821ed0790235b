import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../util/rng.ts';
import { getBackend, setBackend, useBackend } from '../backend/registry.ts';
import type { Csr } from '../csr.ts';
import { gemmAdd, gemmScratch } from './gemm.ts';
import { orthonormalize, qrWork } from './qr.ts';
import { csrTimesDense, csrTimesDenseF32 } from './sparse.ts';

// The fit's reused buffers (issue 23: 31 M page faults at 10⁸) must not change a single bit of its results.
test('reused gemm / QR / spmm buffers give bit-identical results to fresh ones, call after call (wasm)', async () => {
  const prev = getBackend();
  await setBackend('wasm', { threads: 2 });
  try {
    const rng = new Rng(5);
    const scratch = gemmScratch();
    for (const [m, k, n] of [
      [1_003, 17, 9],
      [640, 33, 40],
    ] as const) {
      const a = Float64Array.from({ length: m * k }, () => rng.normal());
      const b = Float64Array.from({ length: k * n }, () => rng.normal());
      const fresh = new Float64Array(m * n);
      const reused = new Float64Array(m * n);
      gemmAdd(a, m, b, k, n, fresh, false, 200);
      gemmAdd(a, m, b, k, n, reused, false, 200, scratch);
      assert.deepEqual(reused, fresh);
      // Aᵀ·A in row blocks (the Gram), on scratch a previous product left dirty.
      const g0 = new Float64Array(k * k);
      const g1 = new Float64Array(k * k);
      gemmAdd(a, k, a, m, k, g0, true, 300);
      gemmAdd(a, k, a, m, k, g1, true, 300, scratch);
      assert.deepEqual(g1, g0);
    }

    // Tall enough (m·n² > 2·10⁷) for the Gram and the triangular product to run on the backend gemm.
    const m = 14_000,
      n = 40;
    const work = qrWork();
    for (let call = 0; call < 3; call++) {
      const a = Float64Array.from({ length: m * n }, () => rng.normal());
      const want = orthonormalize(a, m, n);
      const got = orthonormalize(a, m, n, work);
      assert.deepEqual(got.q, want.q);
      assert.deepEqual(got.r, want.r);
      assert.ok(got.q === work.blocks[0] || got.q === work.blocks[1]);
    }

    const rows = 3_000,
      cols = 500,
      w = 8;
    const indptr = new Int32Array(rows + 1);
    const idx: number[] = [];
    const val: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let e = 0; e < 1 + (r % 13); e++) {
        idx.push((r * 31 + e * 97) % cols);
        val.push(rng.normal());
      }
      indptr[r + 1] = idx.length;
    }
    const s: Csr = { rows, cols, indptr, indices: Int32Array.from(idx), values: Float32Array.from(val) };
    const x = Float32Array.from({ length: cols * w }, () => rng.normal());
    const out = Float32Array.from({ length: rows * w }, () => 7);
    csrTimesDenseF32(s, x, w, out);
    assert.deepEqual(Float64Array.from(out), csrTimesDense(s, x, w));
  } finally {
    useBackend(prev);
  }
});
