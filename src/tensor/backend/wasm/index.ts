import type { Csr } from '../../csr.ts';
import type { Backend, UnaryKind, BinaryKind, AdamParams, PackedB } from '../backend.ts';
import { jsBackend } from '../js/index.ts';
import { getRuntime, defaultThreads } from './runtime.ts';
import type { WasmRuntime } from './runtime.ts';
import type { ThreadPool, KernelName } from './pool.ts';
import { KernelCall } from './call.ts';
import { evenBounds } from './partition.ts';
import { itemOperands, queryOperands, rowState } from './topk-dot-operands.ts';
import { headWidth, principalBasis } from './head-rotation.ts';
import { codable } from './int16-codes.ts';

const UNARY: readonly UnaryKind[] = [
  'relu',
  'sigmoid',
  'tanh',
  'exp',
  'log',
  'logSigmoid',
  'neg',
  'sqrt',
  'square',
  'abs',
];
const BINARY: readonly BinaryKind[] = ['add', 'sub', 'mul', 'div'];
/** Work units (≈ flops or bytes) below which a kernel runs on the calling thread only. */
const PAR_MIN = 1 << 16;
/** Elementwise sizes below which arrays outside the heap are handled in JS (copying would dominate). */
const SMALL = 2048;

interface CsrPtrs {
  indptr: number;
  indices: number;
  values: number;
}

/**
 * Creates the WebAssembly SIMD backend using `threads` threads (default: all cores). All instances share
 * one module, one shared memory and its heap, so tensors move freely between thread counts.
 */
export async function createWasmBackend(threads = defaultThreads()): Promise<Backend> {
  const rt = await getRuntime();
  const pool = await rt.pool(Math.max(1, Math.floor(threads)));
  return new WasmBackend(rt, pool);
}

const csrCache = new WeakMap<Csr, CsrPtrs>();

class WasmBackend implements Backend {
  readonly name = 'wasm';
  readonly accelerated = true;
  readonly threads: number;
  private readonly rt: WasmRuntime;
  private readonly pool: ThreadPool;

  constructor(rt: WasmRuntime, pool: ThreadPool) {
    this.rt = rt;
    this.pool = pool;
    this.threads = pool.size;
  }

  allocF32(n: number, zero = true): Float32Array {
    return this.rt.heap.allocF32(n, zero);
  }

  free(a: Float32Array): void {
    this.rt.heap.free(a);
  }

  private parts(work: number): number {
    return Math.max(1, Math.min(this.threads, Math.floor(work / PAR_MIN)));
  }

  private run(kernel: KernelName, args: number[], bounds: number[]): void {
    this.pool.run(kernel, args, bounds);
  }

  /** Runs over [0, total) in claimed chunks (multiples of `align`, about 8 per thread). */
  private chunked(kernel: KernelName, args: number[], total: number, work: number, align = 1): void {
    const parts = this.parts(work);
    const chunk = Math.max(align, Math.ceil(total / (parts * 8) / align) * align);
    this.pool.runChunked(kernel, args, total, chunk, parts);
  }

  private csr(a: Csr): CsrPtrs {
    let p = csrCache.get(a);
    if (p) return p;
    const heap = this.rt.heap;
    const nnz = a.indptr[a.rows];
    const copy = (src: Int32Array | Float32Array): number => {
      const off = heap.allocBytes(Math.max(src.byteLength, 4), false);
      (src instanceof Int32Array
        ? new Int32Array(heap.buffer(), off, src.length)
        : new Float32Array(heap.buffer(), off, src.length)
      ).set(src);
      return off;
    };
    p = {
      indptr: copy(a.indptr.subarray(0, a.rows + 1)),
      indices: copy(a.indices.subarray(0, nnz)),
      values: a.values ? copy(a.values.subarray(0, nnz)) : 0,
    };
    csrCache.set(a, p);
    csrFinalizer.register(a, [heap, p]);
    return p;
  }

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
  ): void {
    if (m * n * k < 32768 || m === 0 || n === 0) {
      jsBackend.gemm(m, n, k, a, transA, b, transB, c, alpha, beta);
      return;
    }
    const call = new KernelCall(this.rt.heap);
    try {
      let pa = call.input(a);
      const pb = call.input(b);
      const pc = call.output(c, beta !== 0);
      if (transA) {
        const t = call.scratch(m * k);
        this.chunked('transpose_f32', [pa, k, m, t], k, m * k);
        pa = t;
      }
      const panels = (n + 7) >> 3;
      const packed = call.scratch(Math.max(1, panels * k * 8));
      this.chunked('pack_b_f32', [pb, transB ? 1 : 0, k, n, packed], panels, n * k);
      this.chunked('gemm_packed_f32', [n, k, pa, packed, pc, alpha, beta], m, (m * n * k) / 16, 4);
    } finally {
      call.finish();
    }
  }

  packB(b: Float32Array, k: number, n: number): PackedB {
    const panels = (n + 7) >> 3;
    const data = this.rt.heap.allocF32(Math.max(1, panels * k * 8), false);
    const call = new KernelCall(this.rt.heap);
    try {
      this.chunked('pack_b_f32', [call.input(b.subarray(0, k * n)), 0, k, n, data.byteOffset], panels, n * k);
    } finally {
      call.finish();
    }
    return { k, n, data };
  }

  gemmPacked(m: number, a: Float32Array, b: PackedB, c: Float32Array, alpha: number, beta: number): void {
    const { k, n } = b;
    if (m === 0 || n === 0) return;
    if (!this.rt.heap.owns(b.data)) throw new Error('gemmPacked: B was packed by another backend');
    const call = new KernelCall(this.rt.heap);
    try {
      const pa = call.input(a.subarray(0, m * k));
      const pc = call.output(c.subarray(0, m * n), beta !== 0);
      // One row range per thread: every range streams all of B once, so fewer ranges read it fewer times.
      const parts = Math.min(this.parts((m * n * k) / 16), Math.max(1, Math.floor(m / 4)));
      this.run('gemm_packed_f32', [n, k, pa, b.data.byteOffset, pc, alpha, beta], evenBounds(m, parts, 4));
    } finally {
      call.finish();
    }
  }

  spmm(
    a: Csr,
    x: Float32Array,
    cols: number,
    out: Float32Array,
    beta: number,
    c?: Float32Array,
    rowScale?: Float32Array,
  ): void {
    if (a.rows === 0) return;
    const p = this.csr(a);
    const call = new KernelCall(this.rt.heap);
    try {
      const px = call.input(x);
      const po = call.output(out, beta !== 0 && c === undefined);
      const pc = c === undefined || beta === 0 ? po : call.input(c);
      const ps = rowScale === undefined ? 0 : call.input(rowScale);
      this.chunked(
        'spmm_f32',
        [p.indptr, p.indices, p.values, px, cols, po, pc, beta, ps],
        a.rows,
        (a.indptr[a.rows] + a.rows) * cols,
      );
    } finally {
      call.finish();
    }
  }

  spmmRows(
    a: Csr,
    x: Float32Array,
    cols: number,
    out: Float32Array,
    beta: number,
    rows: Int32Array,
    c?: Float32Array,
    rowScale?: Float32Array,
  ): void {
    if (rows.length === 0) return;
    const p = this.csr(a);
    const call = new KernelCall(this.rt.heap);
    try {
      const px = call.input(x);
      // Rows not listed keep their values, so a copied-in output must carry them in.
      const po = call.output(out, true);
      const pc = c === undefined || beta === 0 ? po : call.input(c);
      const pr = call.input(rows);
      const ps = rowScale === undefined ? 0 : call.input(rowScale);
      // Work estimate: the batch touches about rows × mean degree non-zeros.
      const work = (rows.length * (a.indptr[a.rows] + a.rows) * cols) / Math.max(1, a.rows);
      this.chunked(
        'spmm_rows_f32',
        [p.indptr, p.indices, p.values, px, cols, po, pc, beta, ps, pr],
        rows.length,
        work,
      );
    } finally {
      call.finish();
    }
  }

  spmmTPush(a: Csr, x: Float32Array, cols: number, out: Float32Array, rows: Int32Array): void {
    if (rows.length === 0 || cols === 0) return;
    const p = this.csr(a);
    const call = new KernelCall(this.rt.heap);
    try {
      const px = call.input(x);
      const po = call.output(out, true);
      const pr = call.input(rows);
      const work = (rows.length * (a.indptr[a.rows] + a.rows) * cols) / Math.max(1, a.rows);
      // Threads split the embedding columns in 4-float units: no shared writes, order fixed by `rows`.
      const quads = Math.ceil(cols / 4);
      const bounds = evenBounds(quads, Math.min(quads, this.parts(work)));
      this.run('spmm_t_push_f32', [p.indptr, p.indices, p.values, px, cols, po, pr, rows.length], bounds);
    } finally {
      call.finish();
    }
  }

  bprGrad(
    e: Float32Array,
    dim: number,
    users: Int32Array,
    pos: Int32Array,
    neg: Int32Array,
    itemOffset: number,
    scale: number,
    grad: Float32Array,
  ): number {
    if (dim % 4 !== 0 || users.length === 0)
      return jsBackend.bprGrad(e, dim, users, pos, neg, itemOffset, scale, grad);
    const call = new KernelCall(this.rt.heap);
    try {
      const loss = call.scratch(1);
      const args = [
        call.input(e),
        dim,
        call.input(users),
        call.input(pos),
        call.input(neg),
        itemOffset,
        scale,
        call.output(grad, true),
        loss,
      ];
      this.run('bpr_grad_f32', args, [0, users.length]);
      return new Float32Array(this.rt.heap.buffer(), loss, 1)[0];
    } finally {
      call.finish();
    }
  }

  l2Rows(
    param: Float32Array,
    grad: Float32Array,
    dim: number,
    idx: Int32Array,
    offset: number,
    coef: number,
    skip?: Int32Array,
  ): number {
    if (dim % 4 !== 0 || idx.length === 0) return jsBackend.l2Rows(param, grad, dim, idx, offset, coef, skip);
    const call = new KernelCall(this.rt.heap);
    try {
      const sum = call.scratch(1);
      const args = [
        call.input(param),
        call.output(grad, true),
        dim,
        call.input(idx),
        offset,
        coef,
        skip ? call.input(skip) : 0,
        sum,
      ];
      this.run('l2_rows_f32', args, [0, idx.length]);
      return new Float32Array(this.rt.heap.buffer(), sum, 1)[0];
    } finally {
      call.finish();
    }
  }

  gather(table: Float32Array, dim: number, idx: Int32Array, out: Float32Array): void {
    if (idx.length * dim < SMALL && !this.rt.heap.owns(out)) return jsBackend.gather(table, dim, idx, out);
    const call = new KernelCall(this.rt.heap);
    try {
      const args = [call.input(table), dim, call.input(idx), call.output(out, false)];
      this.chunked('gather_f32', args, idx.length, idx.length * dim);
    } finally {
      call.finish();
    }
  }

  scatterAdd(src: Float32Array, dim: number, idx: Int32Array, out: Float32Array): void {
    if (idx.length * dim < SMALL && !this.rt.heap.owns(out)) return jsBackend.scatterAdd(src, dim, idx, out);
    const call = new KernelCall(this.rt.heap);
    try {
      const rows = dim === 0 ? 0 : out.length / dim;
      const args = [call.input(src), dim, call.input(idx), idx.length, call.output(out, true)];
      this.run('scatter_add_f32', args, evenBounds(rows, this.parts(idx.length * dim)));
    } finally {
      call.finish();
    }
  }

  private elementwise(
    kernel: KernelName,
    pre: number[],
    ins: Float32Array[],
    out: Float32Array,
    readOut: boolean,
    n: number,
  ): void {
    const call = new KernelCall(this.rt.heap);
    try {
      const ptrs = ins.map((a) => call.input(a));
      const po = call.output(out, readOut);
      this.chunked(kernel, [...pre, ...ptrs, po], n, n, 4);
    } finally {
      call.finish();
    }
  }

  private small(...arrays: Float32Array[]): boolean {
    return arrays[0].length < SMALL && !arrays.every((a) => this.rt.heap.owns(a));
  }

  unary(kind: UnaryKind, x: Float32Array, out: Float32Array): void {
    if (this.small(x, out)) return jsBackend.unary(kind, x, out);
    const call = new KernelCall(this.rt.heap);
    try {
      const px = call.input(x);
      const po = call.output(out, false);
      this.chunked('unary_f32', [UNARY.indexOf(kind), px, po], out.length, out.length, 4);
    } finally {
      call.finish();
    }
  }

  binary(kind: BinaryKind, a: Float32Array, b: Float32Array, out: Float32Array): void {
    if (this.small(a, b, out)) return jsBackend.binary(kind, a, b, out);
    this.elementwise('binary_f32', [BINARY.indexOf(kind)], [a, b], out, false, out.length);
  }

  axpy(alpha: number, x: Float32Array, y: Float32Array): void {
    if (this.small(x, y)) return jsBackend.axpy(alpha, x, y);
    this.elementwise('axpy_f32', [alpha], [x], y, true, x.length);
  }

  scale(alpha: number, x: Float32Array, out: Float32Array): void {
    if (this.small(x, out)) return jsBackend.scale(alpha, x, out);
    this.elementwise('scale_f32', [alpha], [x], out, false, x.length);
  }

  rowDot(a: Float32Array, b: Float32Array, dim: number, out: Float32Array): void {
    if (this.small(a, b, out)) return jsBackend.rowDot(a, b, dim, out);
    const call = new KernelCall(this.rt.heap);
    try {
      const args = [call.input(a), call.input(b), dim, call.output(out, false)];
      this.chunked('rowdot_f32', args, out.length, a.length);
    } finally {
      call.finish();
    }
  }

  adamRows(
    param: Float32Array,
    grad: Float32Array,
    m: Float32Array,
    v: Float32Array,
    dim: number,
    rows: Int32Array,
    p: AdamParams,
  ): void {
    // Copying whole tables in and out for a few rows would cost more than the update itself.
    if (![param, grad, m, v].every((a) => this.rt.heap.owns(a)))
      return jsBackend.adamRows(param, grad, m, v, dim, rows, p);
    const call = new KernelCall(this.rt.heap);
    try {
      const args = [
        call.output(param, true),
        call.input(grad),
        call.output(m, true),
        call.output(v, true),
        dim,
        call.input(rows),
        p.lr,
        p.beta1,
        p.beta2,
        p.eps,
        p.weightDecay,
        p.decoupled ? 1 : 0,
        p.bc1,
        p.bc2,
      ];
      this.chunked('adam_rows_f32', args, rows.length, rows.length * dim * 4);
    } finally {
      call.finish();
    }
  }

  topk(x: Float32Array, rows: number, m: number, k: number, outVal: Float32Array, outIdx: Int32Array): void {
    if (rows * m < SMALL && !this.rt.heap.owns(x)) return jsBackend.topk(x, rows, m, k, outVal, outIdx);
    const call = new KernelCall(this.rt.heap);
    try {
      const px = call.input(x);
      const pv = call.output(outVal, false);
      const pi = call.outputI32(outIdx);
      this.chunked('topk_f32', [px, m, k, pv, pi], rows, rows * m);
    } finally {
      call.finish();
    }
  }

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
  ): void {
    if (rows === 0 || k === 0) return;
    // The code bounds assume normal float32 arithmetic; NaN, infinities and extreme magnitudes go to the reference.
    if (n === 0 || !codable(q, rows * dim) || !codable(items, n * dim))
      return jsBackend.topkDot(q, rows, items, n, dim, k, exclude, outVal, outIdx);
    const r = headWidth(dim);
    // Rows rotated into the items' principal basis (threaded gemm; its rounding is in the bound's slack).
    const basis = principalBasis(items, n, dim);
    const rotItems = new Float32Array(n * dim);
    const rotQ = new Float32Array(rows * dim);
    this.gemm(n, dim, dim, items.subarray(0, n * dim), false, basis, false, rotItems, 1, 0);
    this.gemm(rows, dim, dim, q.subarray(0, rows * dim), false, basis, false, rotQ, 1, 0);
    const it = itemOperands(items, rotItems, n, dim, r);
    const qo = queryOperands(q, rotQ, rows, dim, r);
    const { state, exIdx } = rowState(exclude, rows, qo.rowsPadded, it.pos);
    const call = new KernelCall(this.rt.heap);
    try {
      // The kernel's params table; slot order as in assembly/topk-dot.ts.
      const params = Int32Array.from([
        call.input(qo.codes),
        call.input(q),
        call.input(qo.meta),
        call.input(state),
        call.input(exIdx),
        call.input(it.codes),
        call.input(it.sorted),
        call.input(it.scale),
        call.input(it.headCorr),
        call.input(it.fullCorr),
        call.input(it.tail),
        call.input(it.panelNorm),
        call.input(it.order),
        rows,
        n,
        dim,
        Math.ceil(dim / 2),
        r / 2,
        k,
        call.output(outVal, false),
        call.outputI32(outIdx),
      ]);
      // Small chunks (16 groups of 4 rows): V8 swaps in the optimised kernel between calls, not during one.
      this.pool.runChunked(
        'topk_dot_i16',
        [call.input(params)],
        qo.rowsPadded,
        64,
        this.parts(qo.rowsPadded * n * dim),
      );
    } finally {
      call.finish();
    }
  }

  adamStep(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, p: AdamParams): void {
    if (this.small(param, grad, m, v)) return jsBackend.adamStep(param, grad, m, v, p);
    const call = new KernelCall(this.rt.heap);
    try {
      const args = [
        call.output(param, true),
        call.input(grad),
        call.output(m, true),
        call.output(v, true),
        p.lr,
        p.beta1,
        p.beta2,
        p.eps,
        p.weightDecay,
        p.decoupled ? 1 : 0,
        p.bc1,
        p.bc2,
      ];
      this.chunked('adam_f32', args, param.length, param.length * 4, 4);
    } finally {
      call.finish();
    }
  }
}

const csrFinalizer = new FinalizationRegistry<[WasmRuntime['heap'], CsrPtrs]>(([heap, p]) => {
  heap.release(p.indptr);
  heap.release(p.indices);
  if (p.values) heap.release(p.values);
});
