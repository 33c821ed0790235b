import { Tensor } from '../../../tensor/tensor.ts';
import { record } from '../../../tensor/autograd.ts';
import { accumulate } from '../../../tensor/ops/accumulate.ts';

/**
 * Weighted neighbour sum over CSR segments: out[v] = Σ_{q ∈ indptr[v]..indptr[v+1]} w[q] · h[nbr[q]].
 * Fused so the [S, d] message matrix is never materialised. h: [N, d]; w: [S, 1]; nbr: length S; out: [segments, d].
 * Gradients: ∂h[nbr[q]] += w[q] · ḡ[v], ∂w[q] = ḡ[v] · h[nbr[q]].
 */
export function weightedGatherSum(h: Tensor, w: Tensor, nbr: Int32Array, indptr: Int32Array): Tensor {
  const d = h.shape[1];
  const nSeg = indptr.length - 1;
  if (w.size !== nbr.length || indptr[nSeg] !== nbr.length)
    throw new RangeError('weightedGatherSum: weights, neighbours and segments disagree');
  const out = Tensor.zeros([nSeg, d]);
  const hd = h.data,
    wd = w.data,
    od = out.data;
  for (let v = 0; v < nSeg; v++) {
    const o = v * d;
    for (let q = indptr[v]; q < indptr[v + 1]; q++) {
      const c = wd[q];
      const r = nbr[q] * d;
      for (let j = 0; j < d; j++) od[o + j] += c * hd[r + j];
    }
  }
  return record(out, [h, w], (g) => {
    const gh = h.requiresGrad ? new Float32Array(h.size) : null;
    const gw = w.requiresGrad ? new Float32Array(w.size) : null;
    for (let v = 0; v < nSeg; v++) {
      const o = v * d;
      for (let q = indptr[v]; q < indptr[v + 1]; q++) {
        const r = nbr[q] * d;
        const c = wd[q];
        let dot = 0;
        for (let j = 0; j < d; j++) {
          dot += g[o + j] * hd[r + j];
          if (gh) gh[r + j] += c * g[o + j];
        }
        if (gw) gw[q] = dot;
      }
    }
    if (gh) accumulate(h, gh);
    if (gw) accumulate(w, gw);
  });
}
