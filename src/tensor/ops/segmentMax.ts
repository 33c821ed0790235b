import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { segmentDims } from './segment.ts';
import { accumulate } from './accumulate.ts';

/** Column-wise max of rows within each CSR segment (0 for empty segments); the gradient goes to the first argmax. */
export function segmentMax(x: Tensor, indptr: Int32Array): Tensor {
  const [nSeg, w] = segmentDims(x, indptr);
  const out = Tensor.zeros([nSeg, ...x.shape.slice(1)]);
  const arg = new Int32Array(nSeg * w).fill(-1);
  const xd = x.data,
    od = out.data;
  for (let s = 0; s < nSeg; s++) {
    for (let r = indptr[s]; r < indptr[s + 1]; r++) {
      for (let j = 0; j < w; j++) {
        const k = s * w + j;
        if (arg[k] < 0 || xd[r * w + j] > od[k]) {
          od[k] = xd[r * w + j];
          arg[k] = r;
        }
      }
    }
  }
  return record(out, [x], (g) => {
    const gx = new Float32Array(x.size);
    for (let k = 0; k < arg.length; k++) if (arg[k] >= 0) gx[arg[k] * w + (k % w)] += g[k];
    accumulate(x, gx);
  });
}
