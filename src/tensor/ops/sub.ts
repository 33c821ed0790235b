import type { Tensor } from '../tensor.ts';
import { binaryForward, recordBinary } from './binary.ts';

/** a − b with broadcasting. */
export function sub(a: Tensor, b: Tensor): Tensor {
  return recordBinary(binaryForward('sub', a, b), a, b, (which) => ({
    value: null,
    sign: which === 0 ? 1 : -1,
  }));
}
