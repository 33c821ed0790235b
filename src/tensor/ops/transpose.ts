import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { accumulate } from './accumulate.ts';

function transposeInto(src: Float32Array, rows: number, cols: number, dst: Float32Array): void {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
}

/** Transpose of a 2-D tensor (prefer matmul's trans flags on hot paths). */
export function transpose(a: Tensor): Tensor {
  if (a.rank !== 2) throw new RangeError(`transpose needs a 2-D tensor, got [${a.shape}]`);
  const [r, c] = a.shape;
  const out = Tensor.zeros([c, r]);
  transposeInto(a.data, r, c, out.data);
  return record(out, [a], (g) => {
    const ga = new Float32Array(a.size);
    transposeInto(g, c, r, ga);
    accumulate(a, ga);
  });
}
