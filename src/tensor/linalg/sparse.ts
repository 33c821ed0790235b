import type { Csr } from '../csr.ts';
import { getBackend } from '../backend/registry.ts';

/**
 * Y = A·X for a sparse A (rows×cols) and a dense row-major X (cols×w), returned as rows×w (Float64Array): the
 * backend's spmm (float32, threaded) on a fast backend, a float64 loop on the js reference backend.
 */
export function csrTimesDense(a: Csr, x: Float64Array | Float32Array, w: number): Float64Array {
  if (x.length !== a.cols * w) throw new RangeError(`X has ${x.length} values, expected ${a.cols}×${w}`);
  const be = getBackend();
  if (be.accelerated) {
    const out = new Float32Array(a.rows * w);
    be.spmm(a, x instanceof Float32Array ? x : Float32Array.from(x), w, out, 0);
    return Float64Array.from(out);
  }
  const y = new Float64Array(a.rows * w);
  const { indptr, indices, values } = a;
  for (let r = 0; r < a.rows; r++) {
    const yo = r * w;
    for (let p = indptr[r]; p < indptr[r + 1]; p++) {
      const v = values ? values[p] : 1;
      const xo = indices[p] * w;
      for (let j = 0; j < w; j++) y[yo + j] += v * x[xo + j];
    }
  }
  return y;
}

/**
 * out = A·X in float32 on an accelerated backend (spmm), into a caller's block: a loop that multiplies many blocks
 * (the item-side SVD's chunks) reuses its buffers instead of faulting in fresh pages per product. The values are the
 * ones `csrTimesDense` computes (it runs the same kernel on the same float32 operands).
 */
export function csrTimesDenseF32(a: Csr, x: Float32Array, w: number, out: Float32Array): void {
  if (x.length !== a.cols * w) throw new RangeError(`X has ${x.length} values, expected ${a.cols}×${w}`);
  if (out.length !== a.rows * w)
    throw new RangeError(`out has ${out.length} values, expected ${a.rows}×${w}`);
  const be = getBackend();
  if (!be.accelerated)
    throw new Error('csrTimesDenseF32 needs an accelerated backend (csrTimesDense otherwise)');
  be.spmm(a, x, w, out, 0);
}
