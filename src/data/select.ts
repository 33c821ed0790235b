import type { Interactions } from './types.ts';

/** Returns the interactions at indices `idx` (in that order) as a new `Interactions`. */
export function selectInteractions(inter: Interactions, idx: Int32Array): Interactions {
  const n = idx.length;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const rating = new Float32Array(n);
  const ts = inter.timestamp;
  const timestamp = ts ? new Float64Array(n) : null;
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    user[k] = inter.user[i]!;
    item[k] = inter.item[i]!;
    rating[k] = inter.rating[i]!;
    if (timestamp && ts) timestamp[k] = ts[i]!;
  }
  return { user, item, rating, timestamp };
}

/** Indices (ascending) of interactions whose rating is ≥ `threshold` — the positives of ranking protocols. */
export function positiveIndices(inter: Interactions, threshold: number): Int32Array {
  const r = inter.rating;
  let count = 0;
  for (let i = 0; i < r.length; i++) if (r[i]! >= threshold) count++;
  const out = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < r.length; i++) if (r[i]! >= threshold) out[k++] = i;
  return out;
}

/** Number of interactions. */
export function interactionCount(inter: Interactions): number {
  return inter.user.length;
}
