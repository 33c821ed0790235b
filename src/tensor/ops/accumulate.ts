import type { Tensor } from '../tensor.ts';
import { getBackend } from '../backend/registry.ts';

/** Adds `g` into `t.grad` when `t` takes gradients (the one way gradient rules write). */
export function accumulate(t: Tensor, g: Float32Array): void {
  const buf = t.gradBuffer();
  if (buf !== null) getBackend().axpy(1, g, buf);
}
