import { getBackend } from '../backend/registry.ts';
import type { Backend, PackedB } from '../backend/backend.ts';
import { scratchBlock } from './scratch-block.ts';

const f32 = (x: Float32Array | Float64Array, len: number): Float32Array =>
  x instanceof Float32Array ? x.subarray(0, len) : Float32Array.from(x.subarray(0, len));

/** Adds c (m×n, dense) into out's rows of stride `ldOut`. */
function addRows(
  c: Float32Array,
  m: number,
  n: number,
  out: Float32Array | Float64Array,
  ldOut: number,
): void {
  for (let r = 0; r < m; r++) {
    const o = r * ldOut;
    const q = r * n;
    for (let j = 0; j < n; j++) out[o + j] += c[q + j];
  }
}

const packedFinalizer = new FinalizationRegistry<[Backend, Float32Array]>(([be, data]) => be.free(data));

/**
 * Right operand B (k×n) of repeated products `out += A·B`, packed once by the current backend.
 *
 * Why a class: the graph filter multiplies thousands of user blocks by the same k×items matrix; packing it once
 * (into the wasm heap, in the gemm kernel's panel layout) keeps each block's cost at the product itself.
 */
export class DenseProduct {
  /** Inner dimension. */
  readonly k: number;
  /** Columns of B (and of the output). */
  readonly n: number;
  private readonly be: Backend;
  private packed: PackedB | null;

  /** Packs `b` (row-major k×n) with the backend selected now; products run on the backend's threads. */
  constructor(b: Float32Array | Float64Array, k: number, n: number) {
    if (b.length !== k * n) throw new RangeError(`B has ${b.length} values, expected ${k}×${n}`);
    this.k = k;
    this.n = n;
    this.be = getBackend();
    this.packed = this.be.packB(f32(b, k * n), k, n);
    packedFinalizer.register(this, [this.be, this.packed.data], this);
  }

  /** out[r·ldOut + j] += Σ_p a[r·k + p]·B[p, j] for r < m, j < n (a is row-major m×k). */
  mulAdd(a: Float32Array | Float64Array, m: number, out: Float32Array | Float64Array, ldOut = this.n): void {
    const { k, n } = this;
    if (!this.packed) throw new Error('DenseProduct: used after close()');
    if (a.length < m * k) throw new RangeError('A is shorter than m×k');
    if (k === 0 || m === 0) return;
    // A dense float32 output accumulates in place (beta = 1); anything else goes through a scratch block.
    if (out instanceof Float32Array && ldOut === n) {
      this.be.gemmPacked(m, f32(a, m * k), this.packed, out.subarray(0, m * n), 1, 1);
      return;
    }
    const c = new Float32Array(m * n);
    this.be.gemmPacked(m, f32(a, m * k), this.packed, c, 1, 0);
    addRows(c, m, n, out, ldOut);
  }

  /** Frees the packed operand now (otherwise when the product is collected). */
  close(): void {
    if (!this.packed) return;
    packedFinalizer.unregister(this);
    this.be.free(this.packed.data);
    this.packed = null;
  }
}

/**
 * Floats of one operand block per backend gemm call in `gemmAdd`.
 *
 * Why: the wasm heap is 32-bit (4 GiB) and also holds the cached sparse matrices; a 500 k × 416 sketch sent whole
 * needs 4.4 GB there. Blocks of ≤ 2²⁵ floats (128 MB) keep every call small; each block's float32 partial sums land
 * in the caller's output, so a float64 output accumulates the blocks exactly.
 */
export const GEMM_BLOCK_FLOATS = 1 << 25;

/**
 * Float32 blocks `gemmAdd` converts operands into and collects products in, kept by a caller that runs many large
 * products (a fit's SVD): fresh 128 MB blocks per call were new pages the kernel faulted in every time.
 */
export interface GemmScratch {
  a: Float32Array | null;
  b: Float32Array | null;
  c: Float32Array | null;
}

/** Empty scratch (blocks grow to the largest product that uses them). */
export function gemmScratch(): GemmScratch {
  return { a: null, b: null, c: null };
}

/** `len` values of x as float32: x itself when it is float32, else converted into the scratch's block (or a new array). */
function f32In(
  x: Float32Array | Float64Array,
  len: number,
  s: GemmScratch | undefined,
  key: 'a' | 'b',
): Float32Array {
  if (x instanceof Float32Array || !s) return f32(x, len);
  const out = scratchBlock(s, key, len);
  out.set(x.subarray(0, len));
  return out;
}

/**
 * out (m×n) += op(A) · B (k×n) through the current backend's gemm (float32 products, any row-major inputs); op(A) is
 * A (m×k) or, with `transA`, the transpose of an A stored k×m. Tall operands go through in row blocks of at most
 * `blockFloats` floats (rows of A, or with `transA` the shared k rows of A and B).
 */
export function gemmAdd(
  a: Float32Array | Float64Array,
  m: number,
  b: Float32Array | Float64Array,
  k: number,
  n: number,
  out: Float32Array | Float64Array,
  transA = false,
  blockFloats = GEMM_BLOCK_FLOATS,
  scratch?: GemmScratch,
): void {
  if (m === 0 || n === 0 || k === 0) return;
  const be = getBackend();
  // The product block: fresh, or the scratch's zeroed (the same zeros: results do not depend on the scratch).
  const cBlock = (len: number): Float32Array =>
    scratch ? scratchBlock(scratch, 'c', len, true) : new Float32Array(len);
  if (!transA) {
    const rows = Math.max(1, Math.floor(blockFloats / Math.max(k, n)));
    const bb = f32In(b, k * n, scratch, 'b');
    for (let r0 = 0; r0 < m; r0 += rows) {
      const mr = Math.min(rows, m - r0);
      const c = cBlock(mr * n);
      be.gemm(
        mr,
        n,
        k,
        f32In(a.subarray(r0 * k, (r0 + mr) * k), mr * k, scratch, 'a'),
        false,
        bb,
        false,
        c,
        1,
        0,
      );
      addRows(c, mr, n, out.subarray(r0 * n, (r0 + mr) * n), n);
    }
    return;
  }
  // Aᵀ·B sums over the k rows that A and B share: blocks of those rows, each adding its m×n partial product.
  const rows = Math.max(1, Math.floor(blockFloats / Math.max(m, n)));
  for (let p0 = 0; p0 < k; p0 += rows) {
    const kr = Math.min(rows, k - p0);
    const c = cBlock(m * n);
    const ab = f32In(a.subarray(p0 * m, (p0 + kr) * m), kr * m, scratch, 'a');
    const bb = a === b ? ab : f32In(b.subarray(p0 * n, (p0 + kr) * n), kr * n, scratch, 'b');
    be.gemm(m, n, kr, ab, true, bb, false, c, 1, 0);
    addRows(c, m, n, out, n);
  }
}

/** out (m×n) = A (m×k) · B (k×n), all row-major Float64Array, plain triple loop (small matrices). */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const x = a[i * k + p];
      if (x === 0) continue;
      const bo = p * n;
      const oo = i * n;
      for (let j = 0; j < n; j++) out[oo + j] += x * b[bo + j];
    }
  }
  return out;
}
