import type { Tensor } from '../tensor.ts';
import { segmentReduce } from './segmentSum.ts';

/** Mean of rows within each CSR segment (0 for empty segments) → [segments, …]. */
export function segmentMean(x: Tensor, indptr: Int32Array): Tensor {
  return segmentReduce(x, indptr, true);
}
