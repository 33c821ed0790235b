import type { Csr } from '../csr.ts';

/** Elementwise unary kernels every backend implements (forward only; gradients are composed in ops). */
export type UnaryKind =
  'relu' | 'sigmoid' | 'tanh' | 'exp' | 'log' | 'logSigmoid' | 'neg' | 'sqrt' | 'square' | 'abs';

/** Same-length elementwise binary kernels. */
export type BinaryKind = 'add' | 'sub' | 'mul' | 'div';

/** Hyper-parameters of one Adam update (bias corrections already folded in by the caller). */
export interface AdamParams {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** L2 penalty added to the gradient (coupled) or applied to the weight (decoupled, AdamW). */
  weightDecay: number;
  decoupled: boolean;
  /** 1 − beta1^t. */
  bc1: number;
  /** 1 − beta2^t. */
  bc2: number;
}

/** A right-hand operand packed once by a backend's `packB` for repeated `gemmPacked` products. */
export interface PackedB {
  /** Rows of B (the product's inner dimension). */
  readonly k: number;
  /** Columns of B. */
  readonly n: number;
  /** Backend-owned storage in the backend's own layout (give it back with `free`). */
  readonly data: Float32Array;
}

/**
 * Kernels on raw typed arrays, row-major, no shapes beyond the counts passed in. Ops and models never
 * see a backend directly, so a new backend (e.g. WebGPU) only has to implement this interface.
 * Outputs are written, never resized; `beta` = 1 means accumulate into the output.
 */
export interface Backend {
  /** Backend name as passed to `setBackend`. */
  readonly name: string;
  /**
   * Whether the bulk kernels (gemm, spmm, topk, topkDot) beat plain loops over typed arrays, so callers route whole
   * batches through them; false for the reference backend, whose kernels are those loops.
   */
  readonly accelerated: boolean;
  /** Worker threads used by the hot kernels (1 for the reference backend). */
  readonly threads: number;
  /**
   * Storage of `n` floats (may live in backend memory, e.g. the shared wasm heap), zero-filled unless
   * `zero` is false, in which case the caller must write every element before reading any.
   */
  allocF32(n: number, zero?: boolean): Float32Array;
  /** Returns storage obtained from `allocF32`; arrays from elsewhere are ignored. */
  free(a: Float32Array): void;
  /** C[m×n] = alpha·op(A)·op(B) + beta·C, op(A) is m×k, op(B) is k×n. */
  gemm(
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    transA: boolean,
    b: Float32Array,
    transB: boolean,
    c: Float32Array,
    alpha: number,
    beta: number,
  ): void;
  /** B (k×n, row-major) prepared once for many `gemmPacked` products against it (e.g. a k × items factor). */
  packB(b: Float32Array, k: number, n: number): PackedB;
  /** C[m×n] = alpha·A·B + beta·C for A (m×k, row-major) and B from this backend's `packB`; as `gemm` computes it. */
  gemmPacked(m: number, a: Float32Array, b: PackedB, c: Float32Array, alpha: number, beta: number): void;
  /**
   * out[rows×cols] = S·A·X + beta·C, where X is [A.cols × cols], C is `c` (default `out`; another matrix saves
   * copying it into `out` first) and S = diag(`rowScale`) (default I; with a unit-weight A it replaces per-non-zero
   * weights of a row-and-column scaled matrix). Backends may cache a device copy per `Csr` object (the wasm one
   * does), so treat a Csr as immutable once used: build a new one to change it.
   */
  spmm(
    a: Csr,
    x: Float32Array,
    cols: number,
    out: Float32Array,
    beta: number,
    c?: Float32Array,
    rowScale?: Float32Array,
  ): void;
  /** As `spmm` for the listed output rows only (others untouched): a mini-batch's rows of a full-graph product. */
  spmmRows(
    a: Csr,
    x: Float32Array,
    cols: number,
    out: Float32Array,
    beta: number,
    rows: Int32Array,
    c?: Float32Array,
    rowScale?: Float32Array,
  ): void;
  /**
   * out += Aᵀ·X using only the listed rows of A and of X (X is `A.rows × cols`, out `A.cols × cols`): pushes a
   * gradient that is non-zero on a few rows through the graph at the cost of their non-zeros. Each output element
   * sums in the order of `rows`, whatever the thread count.
   */
  spmmTPush(a: Csr, x: Float32Array, cols: number, out: Float32Array, rows: Int32Array): void;
  /** out[i,:] = table[idx[i],:] (rows of width `dim`). */
  gather(table: Float32Array, dim: number, idx: Int32Array, out: Float32Array): void;
  /** out[idx[i],:] += src[i,:], deterministic whatever the thread count. */
  scatterAdd(src: Float32Array, dim: number, idx: Int32Array, out: Float32Array): void;
  /** out = f(x), elementwise. */
  unary(kind: UnaryKind, x: Float32Array, out: Float32Array): void;
  /** out = a ∘ b, elementwise on equal lengths. */
  binary(kind: BinaryKind, a: Float32Array, b: Float32Array, out: Float32Array): void;
  /** out = alpha·x. */
  scale(alpha: number, x: Float32Array, out: Float32Array): void;
  /** y += alpha·x. */
  axpy(alpha: number, x: Float32Array, y: Float32Array): void;
  /** out[i] = Σ_j a[i,j]·b[i,j] for rows of width `dim`. */
  rowDot(a: Float32Array, b: Float32Array, dim: number, out: Float32Array): void;
  /**
   * `adamStep` restricted to the given rows (width `dim`) of param/grad/m/v: lazy Adam for embedding
   * tables, where a batch touches a few thousand of many rows. `rows` must be unique.
   */
  adamRows(
    param: Float32Array,
    grad: Float32Array,
    m: Float32Array,
    v: Float32Array,
    dim: number,
    rows: Int32Array,
    p: AdamParams,
  ): void;
  /**
   * Per-row top-k of a rows×m score matrix: outVal/outIdx (rows×k, k ≤ m) get the k best columns of
   * each row by descending score, ties by lower column, NaN counting as −∞ (values are the scores, NaN → −∞).
   */
  topk(x: Float32Array, rows: number, m: number, k: number, outVal: Float32Array, outIdx: Int32Array): void;
  /**
   * Exact per-row top-k of the scores s[r, j] = Σ_p q[r, p]·items[j, p] (each summed in float32 in p order, as the
   * wasm gemm does), without the columns of row r of `exclude` (a rows × n Csr): outVal/outIdx (rows×k) best first,
   * ties by lower column, −∞ / −1 where fewer than k remain; NaN and −∞ scores are never returned. Ranks a catalogue
   * without materialising rows × n scores.
   */
  topkDot(
    q: Float32Array,
    rows: number,
    items: Float32Array,
    n: number,
    dim: number,
    k: number,
    exclude: Csr,
    outVal: Float32Array,
    outIdx: Int32Array,
  ): void;
  /**
   * BPR (Rendle et al. 2009) over a batch of triples, fused: with x = e_u·(e_i − e_j), returns Σ softplus(−x) and adds
   * −σ(−x)·scale·∂x/∂e into `grad`. Item rows sit at `itemOffset` + item in `e`/`grad`; triples with neg < 0 are
   * skipped. Sequential in triple order (rows repeat), so deterministic.
   */
  bprGrad(
    e: Float32Array,
    dim: number,
    users: Int32Array,
    pos: Int32Array,
    neg: Int32Array,
    itemOffset: number,
    scale: number,
    grad: Float32Array,
  ): number;
  /**
   * L2 on gathered rows r = offset + idx[k] (repeats count; k skipped where skip[k] < 0): grad[r] += coef·param[r];
   * returns Σ‖param[r]‖². Sequential, so deterministic.
   */
  l2Rows(
    param: Float32Array,
    grad: Float32Array,
    dim: number,
    idx: Int32Array,
    offset: number,
    coef: number,
    skip?: Int32Array,
  ): number;
  /** One Adam update of `param` in place from `grad`, updating moments `m` and `v`. */
  adamStep(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, p: AdamParams): void;
}
