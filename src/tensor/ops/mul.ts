import type { Tensor } from '../tensor.ts';
import { binaryForward, recordBinary } from './binary.ts';

/** Elementwise a · b with broadcasting. */
export function mul(a: Tensor, b: Tensor): Tensor {
  return recordBinary(binaryForward('mul', a, b), a, b, (g, _x, y) => g * y, (g, x) => g * x);
}
