import type { Tensor } from '../tensor.ts';
import { getBackend } from '../backend/registry.ts';

/** Adds `g` into `t.grad` when `t` takes gradients (the one way gradient rules write). */
export function accumulate(t: Tensor, g: Float32Array): void {
  const target = t.gradTarget();
  if (target === null) return;
  // The first contribution is copied rather than added to a zero-filled buffer (one pass, not two).
  if (target.fresh) target.grad.set(g);
  else getBackend().axpy(1, g, target.grad);
}
