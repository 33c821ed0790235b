import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { getBackend } from '../backend/registry.ts';
import type { UnaryKind } from '../backend/backend.ts';
import { accumulate } from './accumulate.ts';

/**
 * Elementwise op through a backend kernel; `deriv(x, y)` is the local derivative from input x and
 * output y, multiplied into the incoming gradient.
 */
export function unaryOp(x: Tensor, kind: UnaryKind, deriv: (x: number, y: number) => number): Tensor {
  const out = Tensor.empty(x.shape);
  getBackend().unary(kind, x.data, out.data);
  return record(out, [x], (g) => {
    const gx = new Float32Array(g.length);
    const xd = x.data, yd = out.data;
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * deriv(xd[i], yd[i]);
    accumulate(x, gx);
  });
}

/** Elementwise op computed in JS (ops without a backend kernel), with the same derivative convention. */
export function mapOp(x: Tensor, f: (x: number) => number, deriv: (x: number, y: number) => number): Tensor {
  const out = Tensor.zeros(x.shape);
  const xd = x.data, yd = out.data;
  for (let i = 0; i < xd.length; i++) yd[i] = f(xd[i]);
  return record(out, [x], (g) => {
    const gx = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * deriv(xd[i], yd[i]);
    accumulate(x, gx);
  });
}
