import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { getBackend } from '../backend/registry.ts';
import type { BinaryKind } from '../backend/backend.ts';
import { broadcastShape, expandInto, reduceToFast, sameShape, shapeSizeOf } from '../broadcast.ts';

/**
 * Runs `f` with `t` as a full-size array of `shape`: its own data when shapes match, else a broadcast
 * copy in backend storage (freed afterwards), so every binary op reaches the SIMD kernel.
 */
function withExpanded<R>(t: Tensor, shape: readonly number[], f: (d: Float32Array) => R): R {
  if (sameShape(t.shape, shape)) return f(t.data);
  const be = getBackend();
  const d = be.allocF32(shapeSizeOf(shape), false);
  try {
    expandInto(t.data, t.shape, shape, d);
    return f(d);
  } finally {
    be.free(d);
  }
}

/** Forward of a broadcasting binary op through the backend kernel. */
export function binaryForward(kind: BinaryKind, a: Tensor, b: Tensor): Tensor {
  const shape = sameShape(a.shape, b.shape) ? a.shape : broadcastShape(a.shape, b.shape);
  const out = Tensor.empty(shape);
  withExpanded(a, shape, (ad) => withExpanded(b, shape, (bd) => getBackend().binary(kind, ad, bd, out.data)));
  return out;
}

/** Adds `s·g` (g at the output shape) into `t.grad`, summing over the axes `t` was broadcast along. */
export function accumulateReduced(t: Tensor, g: Float32Array, outShape: readonly number[], s: number): void {
  const target = t.gradTarget();
  if (target === null) return;
  const r = reduceToFast(g, outShape, t.shape);
  const be = getBackend();
  if (target.fresh) be.scale(s, r, target.grad);
  else be.axpy(s, r, target.grad);
}

/**
 * Records a binary op's gradient. `partial(which, g, out)` returns the elementwise product of the
 * incoming gradient and ∂out/∂input at output positions (null: the gradient is g itself); the sign
 * is applied while summing back over broadcast axes.
 */
export function recordBinary(
  out: Tensor,
  a: Tensor,
  b: Tensor,
  partial: (which: 0 | 1, g: Float32Array) => { value: Float32Array | null; sign: number },
): Tensor {
  return record(out, [a, b], (g) => {
    ([a, b] as const).forEach((t, which) => {
      if (!t.requiresGrad) return;
      const { value, sign } = partial(which as 0 | 1, g);
      accumulateReduced(t, value ?? g, out.shape, sign);
    });
  });
}

/** g ∘ f(other operand broadcast to `shape`), computed by the backend into a fresh array. */
export function gradTimes(
  kind: BinaryKind,
  g: Float32Array,
  other: Tensor,
  shape: readonly number[],
): Float32Array {
  const res = new Float32Array(g.length);
  withExpanded(other, shape, (od) => getBackend().binary(kind, g, od, res));
  return res;
}
