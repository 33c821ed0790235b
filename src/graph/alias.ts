import type { Rng } from '../util/rng.ts';

/**
 * Walker/Vose alias tables: O(1) sampling from a discrete distribution after O(n) set-up.
 * `prob[s+i]` is the chance of keeping slot i, otherwise `alias[s+i]` (a slot offset within the same
 * segment) is taken. Many segments share one flat pair of arrays (one segment per CSR row).
 */
export interface AliasTable {
  prob: Float64Array;
  alias: Int32Array;
}

/** Fills `prob`/`alias` on `[start, end)` for the non-negative `weights` on the same range. */
export function buildAliasSegment(
  weights: ArrayLike<number>,
  start: number,
  end: number,
  prob: Float64Array,
  alias: Int32Array,
): void {
  const n = end - start;
  if (n <= 0) return;
  let sum = 0;
  for (let i = start; i < end; i++) sum += weights[i];
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    // Zero total mass degrades to uniform so sampling never divides by zero.
    const scaled = sum > 0 ? (weights[start + i] * n) / sum : 1;
    prob[start + i] = scaled;
    alias[start + i] = i;
    if (scaled < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[--nl];
    alias[start + s] = l;
    const rest = prob[start + l] + prob[start + s] - 1;
    prob[start + l] = rest;
    if (rest < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  // Leftovers are 1 up to rounding.
  while (nl > 0) prob[start + large[--nl]] = 1;
  while (ns > 0) prob[start + small[--ns]] = 1;
}

/** Alias table over one distribution (e.g. the unigram^0.75 negative-sampling table). */
export function buildAlias(weights: ArrayLike<number>): AliasTable {
  const prob = new Float64Array(weights.length);
  const alias = new Int32Array(weights.length);
  buildAliasSegment(weights, 0, weights.length, prob, alias);
  return { prob, alias };
}

/** Alias tables for every row of a weighted CSR, aligned with its `indices`. */
export function buildAliasRows(indptr: Int32Array, values: ArrayLike<number>): AliasTable {
  const nnz = indptr[indptr.length - 1];
  const prob = new Float64Array(nnz);
  const alias = new Int32Array(nnz);
  for (let r = 0; r + 1 < indptr.length; r++)
    buildAliasSegment(values, indptr[r], indptr[r + 1], prob, alias);
  return { prob, alias };
}

/** Draws a slot offset in `[0, end − start)` from the segment `[start, end)` (must be non-empty). */
export function sampleAlias(t: AliasTable, start: number, end: number, rng: Rng): number {
  const i = rng.int(end - start);
  return rng.uniform() < t.prob[start + i] ? i : t.alias[start + i];
}
