import type { Tensor } from '../tensor.ts';
import { binaryForward, recordBinary } from './binary.ts';

/** a + b with broadcasting. */
export function add(a: Tensor, b: Tensor): Tensor {
  return recordBinary(binaryForward('add', a, b), a, b, () => ({ value: null, sign: 1 }));
}
