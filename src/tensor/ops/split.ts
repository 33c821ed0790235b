import type { Tensor } from '../tensor.ts';
import { normAxis } from '../broadcast.ts';
import { slice } from './slice.ts';

/** Cuts `a` along `axis` into pieces of the given sizes (or `n` equal pieces when a number). */
export function split(a: Tensor, sizes: number | readonly number[], axis = 0): Tensor[] {
  const ax = normAxis(axis, a.rank);
  const len = a.shape[ax];
  let parts: number[];
  if (typeof sizes === 'number') {
    if (len % sizes !== 0) throw new RangeError(`split: axis length ${len} is not divisible by ${sizes}`);
    parts = new Array<number>(sizes).fill(len / sizes);
  } else parts = sizes.slice();
  if (parts.reduce((s, x) => s + x, 0) !== len)
    throw new RangeError(`split sizes [${parts}] do not add up to ${len}`);
  const out: Tensor[] = [];
  let off = 0;
  for (const p of parts) {
    out.push(slice(a, off, off + p, ax));
    off += p;
  }
  return out;
}
