import { Tensor } from '../../../tensor/tensor.ts';
import { record } from '../../../tensor/autograd.ts';
import { accumulate } from '../../../tensor/ops/accumulate.ts';

/** Result of `gumbelTopK`: the kept edges of every segment and their (differentiable) weights. */
export interface GumbelTopK {
  /** Soft weights of the kept edges, [S, 1], segment by segment, heaviest first within a segment. */
  weights: Tensor;
  /** Input edge (row) index of each kept edge, length S. */
  edges: Int32Array;
  /** Kept-edge range of segment v: `indptr[v]..indptr[v+1]` (min(k, degree) per segment). */
  indptr: Int32Array;
}

/**
 * Differentiable top-k neighbour sampling over CSR segments (DSKReG, Wang et al. CIKM 2021, §3.2):
 * per segment y = softmax((s + g) / τ) with Gumbel noise g (null = no noise, for inference), a hard mask keeps the
 * k largest y, and the output weights are mask ⊙ y. softmax(log softmax(s) + g) = softmax(s + g), so the per-node
 * relevance softmax needs no separate pass. Gradient: ∂s_e = y_e (m_e ḡ_e − Σ_f y_f m_f ḡ_f) / τ (mask constant).
 * scores: [E] or [E, 1]; segIndptr: [segments + 1] over the E rows; noise: length E or null.
 */
export function gumbelTopK(
  scores: Tensor,
  segIndptr: Int32Array,
  k: number,
  tau: number,
  noise: Float32Array | null,
): GumbelTopK {
  const E = scores.size;
  const nSeg = segIndptr.length - 1;
  if (segIndptr[nSeg] !== E)
    throw new RangeError(`gumbelTopK: segments cover ${segIndptr[nSeg]} rows, scores have ${E}`);
  if (!(tau > 0) || !(k >= 1))
    throw new RangeError(`gumbelTopK: need τ > 0 and k ≥ 1 (got τ=${tau}, k=${k})`);
  const s = scores.data;
  const y = new Float32Array(E);
  const indptr = new Int32Array(nSeg + 1);
  for (let v = 0; v < nSeg; v++) indptr[v + 1] = indptr[v] + Math.min(k, segIndptr[v + 1] - segIndptr[v]);
  const S = indptr[nSeg];
  const edges = new Int32Array(S);
  const weights = Tensor.zeros([S, 1]);
  const w = weights.data;
  for (let v = 0; v < nSeg; v++) {
    const a = segIndptr[v],
      b = segIndptr[v + 1];
    if (a === b) continue;
    let mx = -Infinity;
    for (let e = a; e < b; e++) {
      const z = (s[e] + (noise ? noise[e] : 0)) / tau;
      y[e] = z;
      if (z > mx) mx = z;
    }
    let tot = 0;
    for (let e = a; e < b; e++) tot += y[e] = Math.exp(y[e] - mx);
    for (let e = a; e < b; e++) y[e] /= tot;
    // Insertion into a sorted run of at most k kept edges (k is small; most edges fail the first comparison).
    const o = indptr[v];
    let n = 0;
    const kk = indptr[v + 1] - o;
    for (let e = a; e < b; e++) {
      if (n === kk && y[e] <= y[edges[o + n - 1]]) continue;
      let p = n < kk ? n++ : n - 1;
      while (p > 0 && y[edges[o + p - 1]] < y[e]) {
        edges[o + p] = edges[o + p - 1];
        p--;
      }
      edges[o + p] = e;
    }
    for (let q = o; q < o + kk; q++) w[q] = y[edges[q]];
  }
  record(weights, [scores], (g) => {
    const gs = new Float32Array(E);
    for (let v = 0; v < nSeg; v++) {
      let dot = 0;
      for (let q = indptr[v]; q < indptr[v + 1]; q++) dot += w[q] * g[q];
      const a = segIndptr[v],
        b = segIndptr[v + 1];
      for (let e = a; e < b; e++) gs[e] = (-y[e] * dot) / tau;
      for (let q = indptr[v]; q < indptr[v + 1]; q++) gs[edges[q]] += (w[q] * g[q]) / tau;
    }
    accumulate(scores, gs);
  });
  return { weights, edges, indptr };
}
