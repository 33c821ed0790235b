import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../util/rng.ts';
import { getBackend, setBackend, useBackend } from '../backend/registry.ts';
import { csrTranspose, type Csr } from '../csr.ts';
import { gemmAdd, gemmScratch } from './gemm.ts';
import { gram, orthonormalize, qrWork } from './qr.ts';
import { symmetricEigen } from './eigh.ts';
import { randomizedSvd, type TruncatedSvd } from './rsvd.ts';
import { csrColumnPanels, csrTimesDense, csrTimesDenseF32, panelsTimesDenseF32 } from './sparse.ts';

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

/** `randomizedSvd` as it was before its blocks were reused: a fresh block for every product and every QR. */
function freshRsvd(a: Csr, rng: Rng, rank: number, oversample: number, powerIters: number): TruncatedSvd {
  const at = csrTranspose(a);
  const l = Math.min(rank + oversample, Math.min(a.rows, a.cols));
  const omega = new Float64Array(a.cols * l);
  for (let i = 0; i < omega.length; i++) omega[i] = rng.normal();
  let q = orthonormalize(csrTimesDense(a, omega, l), a.rows, l).q;
  for (let it = 0; it < powerIters; it++) {
    const z = orthonormalize(csrTimesDense(at, q, l), a.cols, l).q;
    q = orthonormalize(csrTimesDense(a, z, l), a.rows, l).q;
  }
  const bt = csrTimesDense(at, q, l);
  const { values, vectors } = symmetricEigen(gram(bt, a.cols, l), l);
  const sv = new Float64Array(rank);
  const w = new Float64Array(l * rank);
  for (let t = 0; t < rank; t++) {
    const s = Math.sqrt(Math.max(values[t], 0));
    sv[t] = s;
    if (s <= 1e-12 * Math.max(Math.sqrt(Math.max(values[0], 0)), 1e-300)) continue;
    for (let p = 0; p < l; p++) w[p * rank + t] = vectors[p * l + t] / s;
  }
  const v = new Float64Array(a.cols * rank);
  if (a.cols * l * rank > 2e7) gemmAdd(bt, a.cols, w, l, rank, v);
  else {
    for (let j = 0; j < a.cols; j++)
      for (let p = 0; p < l; p++) {
        const x = bt[j * l + p];
        for (let t = 0; t < rank; t++) v[j * rank + t] += x * w[p * rank + t];
      }
  }
  return { rank, values: sv, v };
}

/** A seeded sparse rows × cols matrix with `perRow` to `perRow + 6` non-zeros per row (power-law-ish columns). */
function sparse(rows: number, cols: number, perRow: number, rng: Rng): Csr {
  const indptr = new Int32Array(rows + 1);
  const idx: number[] = [];
  const val: number[] = [];
  for (let r = 0; r < rows; r++) {
    const seen = new Set<number>();
    const d = perRow + (r % 7);
    while (seen.size < d) seen.add(Math.floor(cols * Math.pow(rng.uniform(), 2)));
    for (const c of [...seen].sort((x, y) => x - y)) {
      idx.push(c);
      val.push(0.5 + rng.uniform());
    }
    indptr[r + 1] = idx.length;
  }
  return { rows, cols, indptr, indices: Int32Array.from(idx), values: Float32Array.from(val) };
}

// wasm: sizes where both sides' CholeskyQR and (first shape) V = Bᵀ·W run on the backend gemm (m·l² and
// cols·l·rank > 2·10⁷); js: the float64 spmm loop on small shapes. Rows < cols (the users-side case) and rows > cols,
// two power iterations, so every reused block is written and read again.
const SHAPES = {
  wasm: [
    [9_000, 13_000, 9],
    [14_000, 9_500, 6],
  ],
  js: [
    [700, 1_100, 5],
    [1_200, 800, 4],
  ],
} as const;
for (const backend of ['wasm', 'js'] as const) {
  test(`randomizedSvd with its reused blocks equals the fresh-block version bit for bit (${backend})`, async () => {
    const prev = getBackend();
    await setBackend(backend, { threads: 2 });
    try {
      for (const [rows, cols, perRow] of SHAPES[backend]) {
        const a = sparse(rows, cols, perRow, new Rng(rows));
        const want = freshRsvd(a, new Rng(3), 40, 8, 2);
        const got = randomizedSvd(a, new Rng(3), { rank: 40, oversample: 8, powerIters: 2 });
        assert.equal(got.rank, 40);
        assert.ok(got.values[0] > got.values[39] && got.values[39] > 0);
        assert.deepEqual(got.values, want.values);
        assert.deepEqual(got.v, want.v);
      }
    } finally {
      useBackend(prev);
    }
  });
}

// The item-side fit multiplies by R̃ and R̃ᵀ through column panels (cache-sized blocks of X): same bits as whole.
test('a product through column panels equals the whole product bit for bit, into a block of the backend heap (wasm)', async () => {
  const prev = getBackend();
  await setBackend('wasm', { threads: 2 });
  try {
    const a = sparse(2_500, 1_700, 6, new Rng(8));
    const rng = new Rng(4);
    for (const w of [32, 7]) {
      const x = Float32Array.from({ length: a.cols * w }, () => rng.normal());
      const want = new Float32Array(a.rows * w);
      csrTimesDenseF32(a, x, w, want);
      for (const parts of [1, 2, 5, 64]) {
        const panels = csrColumnPanels(a, parts);
        // Ranges of ⌈1 700 / parts⌉ columns: 1, 2, 5 and 63 panels.
        assert.equal(panels.length, Math.ceil(a.cols / Math.ceil(a.cols / parts)));
        assert.equal(
          panels.reduce((t, p) => t + p.indptr[p.rows], 0),
          a.indptr[a.rows],
        );
        const got = getBackend().allocF32(a.rows * w, false);
        got.fill(Number.NaN);
        panelsTimesDenseF32(panels, x, w, got);
        assert.deepEqual(got, want, `${parts} panels, ${w} columns`);
        getBackend().free(got);
      }
    }
  } finally {
    useBackend(prev);
  }
});
