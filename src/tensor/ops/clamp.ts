import type { Tensor } from '../tensor.ts';
import { mapOp } from './unary.ts';

/** Clips values to [lo, hi]; the gradient is zero where clipped. */
export function clamp(x: Tensor, lo: number, hi: number): Tensor {
  return mapOp(x, (v) => (v < lo ? lo : v > hi ? hi : v), (v) => (v < lo || v > hi ? 0 : 1));
}
