import type { Tensor } from '../tensor.ts';
import { binaryForward, recordBinary } from './binary.ts';

/** Elementwise a / b with broadcasting. */
export function div(a: Tensor, b: Tensor): Tensor {
  return recordBinary(binaryForward('div', a, b), a, b, (g, _x, y) => g / y, (g, x, y) => (-g * x) / (y * y));
}
