import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { getBackend } from '../backend/registry.ts';
import type { UnaryKind } from '../backend/backend.ts';
import { accumulate } from './accumulate.ts';

/**
 * Writes gx[i] = g[i]·f′ at every i, from input x and output y. Each op passes its own loop (not a
 * per-element callback) so V8 compiles a monomorphic loop per op.
 */
export type UnaryGrad = (g: Float32Array, x: Float32Array, y: Float32Array, gx: Float32Array) => void;

/** Elementwise op through a backend kernel, with its gradient loop. */
export function unaryOp(x: Tensor, kind: UnaryKind, grad: UnaryGrad): Tensor {
  const out = Tensor.empty(x.shape);
  getBackend().unary(kind, x.data, out.data);
  return record(out, [x], (g) => {
    const gx = new Float32Array(g.length);
    grad(g, x.data, out.data, gx);
    accumulate(x, gx);
  });
}

/** Elementwise op computed in JS (no backend kernel): `forward` fills y from x; `grad` as in unaryOp. */
export function mapOp(
  x: Tensor,
  forward: (x: Float32Array, y: Float32Array) => void,
  grad: UnaryGrad,
): Tensor {
  const out = Tensor.empty(x.shape);
  forward(x.data, out.data);
  return record(out, [x], (g) => {
    const gx = new Float32Array(g.length);
    grad(g, x.data, out.data, gx);
    accumulate(x, gx);
  });
}
