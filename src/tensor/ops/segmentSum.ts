import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { segmentDims } from './segment.ts';
import { accumulate } from './accumulate.ts';

/**
 * Sums rows of `x` within CSR segments: out[s] = Σ x[indptr[s]..indptr[s+1]) → [segments, …].
 * `scaleBySize` divides by the segment length (used by segmentMean; empty segments give 0).
 */
export function segmentReduce(x: Tensor, indptr: Int32Array, scaleBySize: boolean): Tensor {
  const [nSeg, w] = segmentDims(x, indptr);
  const out = Tensor.zeros([nSeg, ...x.shape.slice(1)]);
  const xd = x.data,
    od = out.data;
  const factor = (s: number): number => {
    const n = indptr[s + 1] - indptr[s];
    return scaleBySize && n > 0 ? 1 / n : 1;
  };
  for (let s = 0; s < nSeg; s++) {
    const f = factor(s);
    for (let r = indptr[s]; r < indptr[s + 1]; r++)
      for (let j = 0; j < w; j++) od[s * w + j] += xd[r * w + j];
    if (f !== 1) for (let j = 0; j < w; j++) od[s * w + j] *= f;
  }
  return record(out, [x], (g) => {
    const gx = new Float32Array(x.size);
    for (let s = 0; s < nSeg; s++) {
      const f = factor(s);
      for (let r = indptr[s]; r < indptr[s + 1]; r++)
        for (let j = 0; j < w; j++) gx[r * w + j] = g[s * w + j] * f;
    }
    accumulate(x, gx);
  });
}

/** Sum of rows within each CSR segment → [segments, …]. */
export function segmentSum(x: Tensor, indptr: Int32Array): Tensor {
  return segmentReduce(x, indptr, false);
}
