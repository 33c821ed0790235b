import type { Tensor } from '../tensor.ts';

/** Validates CSR segment pointers against the rows of `x`; returns (segments, row width). */
export function segmentDims(x: Tensor, indptr: Int32Array): [number, number] {
  const nSeg = indptr.length - 1;
  if (nSeg < 0 || indptr[0] !== 0 || indptr[nSeg] !== x.shape[0]) {
    throw new RangeError(
      `segment pointers must run from 0 to ${x.shape[0]} (rows of x), got ${indptr[0]}..${indptr[nSeg]}`,
    );
  }
  return [nSeg, x.rank <= 1 ? 1 : x.size / x.shape[0]];
}
