import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { aroundAxis, normAxis } from '../broadcast.ts';
import { accumulate } from './accumulate.ts';

/** Joins tensors along `axis`; all other dimensions must match. */
export function concat(ts: readonly Tensor[], axis = 0): Tensor {
  if (ts.length === 0) throw new RangeError('concat of no tensors');
  const ax = normAxis(axis, ts[0].rank);
  const shape = ts[0].shape.slice();
  shape[ax] = 0;
  for (const t of ts) {
    if (t.rank !== shape.length || t.shape.some((d, i) => i !== ax && d !== shape[i])) {
      throw new RangeError(`concat: shape [${t.shape}] does not match [${ts[0].shape}] outside axis ${ax}`);
    }
    shape[ax] += t.shape[ax];
  }
  const out = Tensor.zeros(shape);
  const [outer, total, inner] = aroundAxis(shape, ax);
  let off = 0;
  const offsets: number[] = [];
  for (const t of ts) {
    offsets.push(off);
    const w = t.shape[ax] * inner;
    for (let o = 0; o < outer; o++)
      out.data.set(t.data.subarray(o * w, o * w + w), o * total * inner + off * inner);
    off += t.shape[ax];
  }
  return record(out, ts, (g) => {
    ts.forEach((t, i) => {
      if (!t.requiresGrad) return;
      const w = t.shape[ax] * inner;
      const gt = new Float32Array(t.size);
      for (let o = 0; o < outer; o++)
        gt.set(
          g.subarray(o * total * inner + offsets[i] * inner, o * total * inner + offsets[i] * inner + w),
          o * w,
        );
      accumulate(t, gt);
    });
  });
}
