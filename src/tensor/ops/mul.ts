import type { Tensor } from '../tensor.ts';
import { binaryForward, recordBinary, gradTimes } from './binary.ts';

/** Elementwise a · b with broadcasting. */
export function mul(a: Tensor, b: Tensor): Tensor {
  const out = binaryForward('mul', a, b);
  return recordBinary(out, a, b, (which, g) => ({
    value: gradTimes('mul', g, which === 0 ? b : a, out.shape),
    sign: 1,
  }));
}
