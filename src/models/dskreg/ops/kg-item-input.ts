import { Tensor } from '../../../tensor/tensor.ts';
import { record } from '../../../tensor/autograd.ts';
import { accumulate } from '../../../tensor/ops/accumulate.ts';
import { csrTranspose, type Csr } from '../../../tensor/csr.ts';
import { spmmRows } from '../../layers/lgconv.ts';

/**
 * Layer-0 rows of the collaborative channel with the sampled KG aggregation added to items, fused into one op:
 * out[v] = emb[v] for users (v < U), out[U+i] = emb[U+i] + Σ_{q ∈ indptr[i]..indptr[i+1]} w[q]·emb[nbr[q]].
 * emb: [N, d] (users, items, entities); w: [S, 1]; nbr: length S (node ids); indptr: [I + 1]; out: [U + I, d].
 * Gradients: ∂emb[v] += ḡ[v] (v < U + I), ∂emb[nbr[q]] += w[q]·ḡ[U+i], ∂w[q] = ḡ[U+i]·emb[nbr[q]].
 * The sums run as register-blocked sparse × dense products (`spmmRows`) over the kept edges and their transpose.
 */
export function kgItemInput(
  emb: Tensor,
  w: Tensor,
  nbr: Int32Array,
  indptr: Int32Array,
  numUsers: number,
): Tensor {
  const N = emb.shape[0],
    d = emb.shape[1];
  const I = indptr.length - 1;
  const rows = numUsers + I;
  if (w.size !== nbr.length || indptr[I] !== nbr.length || rows > N)
    throw new RangeError('kgItemInput: embeddings, weights, neighbours and segments disagree');
  const wd = Float32Array.from(w.data);
  const P: Csr = { rows: I, cols: N, indptr, indices: nbr, values: wd };
  const out = Tensor.empty([rows, d]);
  const ed = emb.data,
    od = out.data;
  od.set(ed.subarray(0, rows * d));
  const agg = new Float32Array(I * d);
  spmmRows(P, ed, 0, agg, 0, d);
  const off = numUsers * d;
  for (let p = 0; p < agg.length; p++) od[off + p] += agg[p];
  return record(out, [emb, w], (g) => {
    if (emb.requiresGrad) {
      const ge = new Float32Array(N * d);
      spmmRows(csrTranspose(P), g, off, ge, 0, d);
      for (let p = 0; p < rows * d; p++) ge[p] += g[p];
      accumulate(emb, ge);
    }
    if (w.requiresGrad) {
      const gw = new Float32Array(w.size);
      for (let i = 0; i < I; i++) {
        const o = off + i * d;
        for (let q = indptr[i]; q < indptr[i + 1]; q++) {
          const r = nbr[q] * d;
          let dot = 0;
          for (let j = 0; j < d; j++) dot += g[o + j] * ed[r + j];
          gw[q] = dot;
        }
      }
      accumulate(w, gw);
    }
  });
}
