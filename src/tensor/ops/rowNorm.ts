import type { Tensor } from '../tensor.ts';
import { rowDot } from './rowDot.ts';
import { sqrt } from './sqrt.ts';

/** Euclidean norm of each row of an [n, d] tensor → [n]. */
export function rowNorm(x: Tensor): Tensor {
  return sqrt(rowDot(x, x));
}
