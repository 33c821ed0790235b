import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { segmentDims } from './segment.ts';
import { accumulate } from './accumulate.ts';

/** Softmax over the rows of each CSR segment, per column (attention over a node's edges); same shape as x. */
export function segmentSoftmax(x: Tensor, indptr: Int32Array): Tensor {
  const [nSeg, w] = segmentDims(x, indptr);
  const out = Tensor.zeros(x.shape);
  const xd = x.data,
    yd = out.data;
  for (let s = 0; s < nSeg; s++) {
    const a = indptr[s],
      b = indptr[s + 1];
    if (a === b) continue;
    for (let j = 0; j < w; j++) {
      let mx = -Infinity;
      for (let r = a; r < b; r++) mx = Math.max(mx, xd[r * w + j]);
      let z = 0;
      for (let r = a; r < b; r++) z += yd[r * w + j] = Math.exp(xd[r * w + j] - mx);
      for (let r = a; r < b; r++) yd[r * w + j] /= z;
    }
  }
  return record(out, [x], (g) => {
    const gx = new Float32Array(x.size);
    for (let s = 0; s < nSeg; s++) {
      const a = indptr[s],
        b = indptr[s + 1];
      for (let j = 0; j < w; j++) {
        let dot = 0;
        for (let r = a; r < b; r++) dot += g[r * w + j] * yd[r * w + j];
        for (let r = a; r < b; r++) gx[r * w + j] = yd[r * w + j] * (g[r * w + j] - dot);
      }
    }
    accumulate(x, gx);
  });
}
