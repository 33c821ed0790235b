// Float64 reference implementations and input generators for the backend conformance suite.
import type { Rng } from '../src/util/rng.ts';
import { Tensor } from '../src/tensor/index.ts';
import { csrFromCoo } from '../src/tensor/csr.ts';
import type { Csr } from '../src/tensor/csr.ts';

/** Random tensor with entries U(lo, hi). */
export function randT(rng: Rng, shape: number[], lo = -1, hi = 1, requiresGrad = true): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = lo + (hi - lo) * rng.uniform();
  return Tensor.from(d, shape, requiresGrad);
}

/** Random tensor whose entries stay at least `gap` away from 0 (for kinks like relu). */
export function randAwayFromZero(rng: Rng, shape: number[], gap = 0.1): Tensor {
  const t = randT(rng, shape);
  for (let i = 0; i < t.size; i++) t.data[i] = Math.sign(t.data[i] || 1) * (gap + Math.abs(t.data[i]));
  return t;
}

/** Random CSR with about `nnz` entries and random values. */
export function randCsr(rng: Rng, rows: number, cols: number, nnz: number, withValues = true): Csr {
  const r = new Int32Array(nnz),
    c = new Int32Array(nnz);
  const v = new Float32Array(nnz);
  for (let i = 0; i < nnz; i++) {
    r[i] = rng.int(rows);
    c[i] = rng.int(cols);
    v[i] = rng.uniform() * 2 - 1;
  }
  return csrFromCoo(rows, cols, r, c, withValues ? v : null);
}

/** Random segment pointers over `rows` rows into `segs` segments (some empty). */
export function randIndptr(rng: Rng, rows: number, segs: number): Int32Array {
  const cuts = Array.from({ length: segs - 1 }, () => rng.int(rows + 1)).sort((a, b) => a - b);
  return Int32Array.from([0, ...cuts, rows]);
}

/** Float64 C = op(A)·op(B). */
export function refGemm(
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  tA: boolean,
  tB: boolean,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++)
        s += (tA ? a[p * m + i] : a[i * k + p]) * (tB ? b[j * k + p] : b[p * n + j]);
      c[i * n + j] = s;
    }
  }
  return c;
}

/** Float64 CSR·X. */
export function refSpmm(a: Csr, x: Float32Array, cols: number): Float64Array {
  const out = new Float64Array(a.rows * cols);
  for (let r = 0; r < a.rows; r++) {
    for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) {
      const v = a.values ? a.values[p] : 1;
      for (let j = 0; j < cols; j++) out[r * cols + j] += v * x[a.indices[p] * cols + j];
    }
  }
  return out;
}

/** Asserts two arrays agree within atol + rtol·|expected|, naming the first bad index and the seed. */
export function assertClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  what: string,
  seed: number,
  rtol = 1e-5,
  atol = 1e-5,
): void {
  if (got.length !== want.length)
    throw new Error(`${what}: length ${got.length} ≠ ${want.length} (seed ${seed})`);
  for (let i = 0; i < got.length; i++) {
    const g = got[i],
      w = want[i];
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) {
      throw new Error(
        `${what}: index ${i}: got ${g}, want ${w} (seed ${seed}; rerun with GNNREC_SEED=${seed})`,
      );
    }
  }
}

/** The seed of this run: GNNREC_SEED when set, else fresh. */
export function runSeed(): number {
  const env = process.env.GNNREC_SEED;
  return env ? Number(env) : Math.floor(Math.random() * 2 ** 31);
}
