import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { aroundAxis, normAxis } from '../broadcast.ts';
import { accumulate } from './accumulate.ts';

/** Sum of all elements (rank-0 result) or along one axis (that axis removed). */
export function sum(a: Tensor, axis?: number): Tensor {
  if (axis === undefined) {
    let s = 0;
    for (let i = 0; i < a.size; i++) s += a.data[i];
    const out = Tensor.scalar(s);
    return record(out, [a], (g) => accumulate(a, new Float32Array(a.size).fill(g[0])));
  }
  const ax = normAxis(axis, a.rank);
  const [outer, len, inner] = aroundAxis(a.shape, ax);
  const out = Tensor.zeros(a.shape.filter((_, i) => i !== ax));
  const ad = a.data,
    od = out.data;
  for (let o = 0; o < outer; o++) {
    for (let l = 0; l < len; l++) {
      const src = (o * len + l) * inner;
      for (let i = 0; i < inner; i++) od[o * inner + i] += ad[src + i];
    }
  }
  return record(out, [a], (g) => {
    const ga = new Float32Array(a.size);
    for (let o = 0; o < outer; o++) {
      for (let l = 0; l < len; l++) ga.set(g.subarray(o * inner, o * inner + inner), (o * len + l) * inner);
    }
    accumulate(a, ga);
  });
}
