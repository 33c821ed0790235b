import { Tensor } from '../tensor.ts';
import { record } from '../autograd.ts';
import { getBackend } from '../backend/registry.ts';
import type { BinaryKind } from '../backend/backend.ts';
import { broadcastShape, forEachBroadcast, reduceTo, sameShape } from '../broadcast.ts';
import { accumulate } from './accumulate.ts';

const scalarFns: Record<BinaryKind, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
};

/** Forward of a broadcasting binary op: the backend kernel for equal shapes, a strided loop otherwise. */
export function binaryForward(kind: BinaryKind, a: Tensor, b: Tensor): Tensor {
  if (sameShape(a.shape, b.shape)) {
    const out = Tensor.empty(a.shape);
    getBackend().binary(kind, a.data, b.data, out.data);
    return out;
  }
  const shape = broadcastShape(a.shape, b.shape);
  const out = Tensor.zeros(shape);
  const f = scalarFns[kind];
  const ad = a.data, bd = b.data, od = out.data;
  forEachBroadcast(a.shape, b.shape, shape, (o, ia, ib) => { od[o] = f(ad[ia], bd[ib]); });
  return out;
}

/**
 * Records a binary op's gradient: `da(g, a, b)` and `db(g, a, b)` give the elementwise partials times g
 * at output positions; they are summed back over broadcast axes.
 */
export function recordBinary(
  out: Tensor, a: Tensor, b: Tensor,
  da: ((g: number, x: number, y: number) => number) | null,
  db: ((g: number, x: number, y: number) => number) | null,
): Tensor {
  return record(out, [a, b], (g) => {
    for (const [t, d] of [[a, da], [b, db]] as const) {
      if (!t.requiresGrad) continue;
      let full: Float32Array;
      if (d === null) full = g;
      else {
        full = new Float32Array(g.length);
        const ad = a.data, bd = b.data;
        forEachBroadcast(a.shape, b.shape, out.shape, (o, ia, ib) => { full[o] = d(g[o], ad[ia], bd[ib]); });
      }
      accumulate(t, reduceTo(full, out.shape, t.shape));
    }
  });
}
