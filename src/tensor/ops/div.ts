import type { Tensor } from '../tensor.ts';
import { getBackend } from '../backend/registry.ts';
import { binaryForward, recordBinary, gradTimes } from './binary.ts';

/** Elementwise a / b with broadcasting. */
export function div(a: Tensor, b: Tensor): Tensor {
  const out = binaryForward('div', a, b);
  return recordBinary(out, a, b, (which, g) => {
    const gOverB = gradTimes('div', g, b, out.shape);
    if (which === 0) return { value: gOverB, sign: 1 };
    // ∂(a/b)/∂b = −(a/b)/b, so the term is −(g/b)·out.
    getBackend().binary('mul', gOverB, out.data, gOverB);
    return { value: gOverB, sign: -1 };
  });
}
