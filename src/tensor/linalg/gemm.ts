import { wasmGemm, gemmModule, PANEL as KERNEL_PANEL, KERNEL_ROWS as KERNEL_R } from './wasm-gemm.ts';
import { GemmWorkers } from './gemm-workers.ts';
import type { WasmGemm } from './wasm-gemm.ts';

/** Inner-dimension chunk per kernel call. */
const KC = 512;
// Local copies: imported bindings can compile to getter calls under loaders, which hot loops must avoid.
const PANEL: number = KERNEL_PANEL;
const KERNEL_ROWS: number = KERNEL_R;

/**
 * Right operand B (k×n, f32) of repeated products `out += A·B`, packed once into 8-column panels.
 *
 * Why a class: the graph filter multiplies thousands of user blocks by the same k×items matrix; packing
 * it (and placing it in the SIMD kernel's memory) once keeps each block's cost at the product itself.
 * Uses the WebAssembly SIMD kernel when available and an equivalent JS loop otherwise.
 */
export class DenseProduct {
  /** Inner dimension. */
  readonly k: number;
  /** Columns of B (and of the output). */
  readonly n: number;
  private readonly panels: number;
  private readonly nPad: number;
  private wasm: WasmGemm | null;
  private workers: GemmWorkers | null = null;
  private packed: Float32Array | null = null;
  private bPtr = 0;
  private scratchRows = 0;

  /**
   * Packs `b` (row-major k×n). With `threads` > 1 the kernel memory is shared and `threads − 1` helper
   * threads take disjoint column panels of every product (worth it only for long-lived, large operands).
   */
  constructor(b: Float32Array | Float64Array, k: number, n: number, threads = 1) {
    if (b.length !== k * n) throw new RangeError(`B has ${b.length} values, expected ${k}×${n}`);
    this.k = k;
    this.n = n;
    this.panels = Math.ceil(n / PANEL);
    this.nPad = this.panels * PANEL;
    const packedLen = this.panels * k * PANEL;
    const shared = threads > 1 && typeof SharedArrayBuffer !== 'undefined';
    this.wasm = k > 0 ? (wasmGemm(packedLen * 4 + 1024, shared) ?? wasmGemm(packedLen * 4 + 1024)) : null;
    const mod = this.wasm && shared ? gemmModule(true) : null;
    if (this.wasm && mod && typeof SharedArrayBuffer !== 'undefined' && this.wasm.memory.buffer instanceof SharedArrayBuffer) {
      this.workers = new GemmWorkers(mod, this.wasm.memory, Math.min(threads, this.panels) - 1);
    }
    const dst = this.wasm ? new Float32Array(this.wasm.memory.buffer, 0, packedLen) : new Float32Array(packedLen);
    for (let p = 0; p < k; p++) {
      const row = p * n;
      for (let q = 0; q < this.panels; q++) {
        const o = q * k * 8 + p * 8;
        const j0 = q * 8;
        const cols = Math.min(8, n - j0);
        for (let c = 0; c < cols; c++) dst[o + c] = b[row + j0 + c];
      }
    }
    if (!this.wasm) this.packed = dst;
    this.bPtr = 0;
  }

  /** out[r·ldOut + j] += Σ_p a[r·k + p]·B[p, j] for r < m, j < n (a is row-major m×k). */
  mulAdd(a: Float32Array | Float64Array, m: number, out: Float32Array | Float64Array, ldOut = this.n): void {
    const { k } = this;
    if (a.length < m * k) throw new RangeError('A is shorter than m×k');
    if (k === 0 || m === 0) return;
    if (this.wasm) this.mulAddWasm(this.wasm, a, m, out, ldOut);
    else this.mulAddJs(a, m, out, ldOut);
  }

  private mulAddWasm(w: WasmGemm, a: Float32Array | Float64Array, m: number, out: Float32Array | Float64Array, ldOut: number): void {
    const { k, n, nPad, panels } = this;
    const mPad = Math.ceil(m / KERNEL_ROWS) * KERNEL_ROWS;
    const aPtr = this.bPtr + panels * k * PANEL * 4;
    const cPtr = aPtr + mPad * k * 4;
    const need = cPtr + mPad * nPad * 4;
    if (mPad > this.scratchRows || need > w.memory.buffer.byteLength) {
      const grow = Math.ceil((need - w.memory.buffer.byteLength) / 65536);
      if (grow > 0) w.memory.grow(grow);
      this.scratchRows = mPad;
    }
    const buf = w.memory.buffer;
    // Row-block-interleaved A: block rb, element (p, r) at rb·k·R + p·R + r (see the kernel's doc).
    const av = new Float32Array(buf, aPtr, mPad * k);
    const R = KERNEL_ROWS;
    for (let r = 0; r < mPad; r++) {
      const base = Math.floor(r / R) * k * R + (r % R);
      if (r < m) for (let p = 0; p < k; p++) av[base + p * R] = a[r * k + p];
      else for (let p = 0; p < k; p++) av[base + p * R] = 0;
    }
    const cv = new Float32Array(buf, cPtr, mPad * nPad);
    cv.fill(0);
    // Chunks of the inner dimension keep each panel slice (KC×8 floats) in L1 while the row blocks reuse it.
    // With helpers, each thread owns a contiguous range of column panels for all chunks (no sync per chunk).
    const parts = (this.workers?.count ?? 0) + 1;
    const calls: number[][][] = Array.from({ length: parts }, () => []);
    for (let t = 0; t < parts; t++) {
      const q0 = Math.floor((panels * t) / parts);
      const q1 = Math.floor((panels * (t + 1)) / parts);
      if (q1 <= q0) continue;
      for (let p0 = 0; p0 < k; p0 += KC) {
        calls[t].push([
          aPtr + p0 * R * 4,
          this.bPtr + q0 * k * PANEL * 4 + p0 * PANEL * 4,
          cPtr + q0 * PANEL * 4,
          mPad,
          Math.min(KC, k - p0),
          q1 - q0,
          k * R * 4,
          nPad * 4,
          k * PANEL * 4,
        ]);
      }
    }
    if (this.workers) this.workers.post(calls.slice(1));
    for (const c of calls[0]) w.gemm(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
    if (this.workers) this.workers.wait();
    for (let r = 0; r < m; r++) {
      const o = r * ldOut;
      const c = r * nPad;
      for (let j = 0; j < n; j++) out[o + j] += cv[c + j];
    }
  }

  /** Stops helper threads (the product stays usable, single-threaded). */
  close(): void {
    this.workers?.close();
    this.workers = null;
  }

  private mulAddJs(a: Float32Array | Float64Array, m: number, out: Float32Array | Float64Array, ldOut: number): void {
    const { k, n, panels } = this;
    const bp = this.packed as Float32Array;
    const acc = new Float64Array(PANEL);
    for (let q = 0; q < panels; q++) {
      const base = q * k * PANEL;
      const j0 = q * PANEL;
      const cols = Math.min(PANEL, n - j0);
      for (let r = 0; r < m; r++) {
        acc.fill(0);
        const ar = r * k;
        for (let p = 0; p < k; p++) {
          const x = a[ar + p];
          if (x === 0) continue;
          const o = base + p * PANEL;
          for (let c = 0; c < PANEL; c++) acc[c] += x * bp[o + c];
        }
        const orow = r * ldOut + j0;
        for (let c = 0; c < cols; c++) out[orow + c] += acc[c];
      }
    }
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
