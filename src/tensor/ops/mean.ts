import type { Tensor } from '../tensor.ts';
import { normAxis } from '../broadcast.ts';
import { sum } from './sum.ts';
import { scale } from './scale.ts';

/** Mean of all elements (rank-0 result) or along one axis (that axis removed). */
export function mean(a: Tensor, axis?: number): Tensor {
  const n = axis === undefined ? a.size : a.shape[normAxis(axis, a.rank)];
  return scale(sum(a, axis), n === 0 ? 0 : 1 / n);
}
