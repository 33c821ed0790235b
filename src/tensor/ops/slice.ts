import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { aroundAxis, normAxis } from '../broadcast.ts';
import { accumulate } from './accumulate.ts';

/** Elements `start..end` (end exclusive) along `axis` (rows by default), copied. */
export function slice(a: Tensor, start: number, end: number, axis = 0): Tensor {
  const ax = normAxis(axis, a.rank);
  const len = a.shape[ax];
  if (start < 0 || end > len || start > end)
    throw new RangeError(`slice ${start}..${end} out of range 0..${len} on axis ${ax}`);
  const shape = a.shape.slice();
  shape[ax] = end - start;
  const out = Tensor.zeros(shape);
  const [outer, , inner] = aroundAxis(a.shape, ax);
  const w = (end - start) * inner;
  for (let o = 0; o < outer; o++) {
    const src = (o * len + start) * inner;
    out.data.set(a.data.subarray(src, src + w), o * w);
  }
  return record(out, [a], (g) => {
    const ga = new Float32Array(a.size);
    for (let o = 0; o < outer; o++) ga.set(g.subarray(o * w, o * w + w), (o * len + start) * inner);
    accumulate(a, ga);
  });
}
