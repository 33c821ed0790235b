import type { Csr } from '../tensor/csr.ts';
import type { Rng } from '../util/rng.ts';

/** True when `item` is in row `u` of a CSR with sorted columns (binary search). */
export function csrHas(m: Csr, u: number, item: number): boolean {
  let lo = m.indptr[u];
  let hi = m.indptr[u + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = m.indices[mid];
    if (v === item) return true;
    if (v < item) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Fills `out[b]` with an item drawn uniformly among the items user `users[b]` has no edge to in `positives`
 * (rejection against the sorted per-user row; exact uniform over non-positives). Users who have every item get −1.
 */
export function sampleNegatives(
  positives: Csr,
  users: Int32Array,
  rng: Rng,
  out: Int32Array = new Int32Array(users.length),
): Int32Array {
  const n = positives.cols;
  for (let b = 0; b < users.length; b++) {
    const u = users[b];
    const deg = positives.indptr[u + 1] - positives.indptr[u];
    if (deg >= n) {
      out[b] = -1;
      continue;
    }
    if (deg > n / 2) {
      // Dense rows would need many rejections: pick the r-th non-positive directly.
      out[b] = nthAbsent(positives, u, rng.int(n - deg));
      continue;
    }
    let j = rng.int(n);
    while (csrHas(positives, u, j)) j = rng.int(n);
    out[b] = j;
  }
  return out;
}

function nthAbsent(m: Csr, u: number, r: number): number {
  // Walk the sorted row: each positive at or below the candidate shifts it by one.
  let cand = r;
  for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) {
    if (m.indices[p] <= cand) cand++;
    else break;
  }
  return cand;
}

/** A BPR mini-batch: users, their positive items, and sampled negatives. */
export interface BprBatch {
  users: Int32Array;
  pos: Int32Array;
  neg: Int32Array;
}

/**
 * Samples `size` training edges uniformly with replacement (as the reference code does) and one uniform
 * non-positive item per edge. `edgeUsers/edgeItems` are the training edges; `positives` their CSR for rejection.
 */
export function sampleBprBatch(
  edgeUsers: Int32Array,
  edgeItems: Int32Array,
  positives: Csr,
  size: number,
  rng: Rng,
  out?: BprBatch,
): BprBatch {
  const b = out ?? { users: new Int32Array(size), pos: new Int32Array(size), neg: new Int32Array(size) };
  const m = edgeUsers.length;
  for (let k = 0; k < size; k++) {
    const e = rng.int(m);
    b.users[k] = edgeUsers[e];
    b.pos[k] = edgeItems[e];
  }
  sampleNegatives(positives, b.users, rng, b.neg);
  return b;
}

/** Ascending ids of the rows of `m` that have at least one entry (the users a user-uniform sampler draws from). */
export function nonEmptyRows(m: Csr): Int32Array {
  let n = 0;
  for (let u = 0; u < m.rows; u++) if (m.indptr[u + 1] > m.indptr[u]) n++;
  const out = new Int32Array(n);
  for (let u = 0, q = 0; u < m.rows; u++) if (m.indptr[u + 1] > m.indptr[u]) out[q++] = u;
  return out;
}

/**
 * Samples `size` BPR triples the way the LightGCN authors' code does (`UniformSample_original`): a user drawn
 * uniformly among `users` (those with positives), one of that user's positives uniformly, one uniform non-positive.
 * Every user weighs the same, as in the per-user averaged metrics, where edge sampling favours heavy users.
 */
export function sampleBprBatchByUser(
  positives: Csr,
  users: Int32Array,
  size: number,
  rng: Rng,
  out?: BprBatch,
): BprBatch {
  const b = out ?? { users: new Int32Array(size), pos: new Int32Array(size), neg: new Int32Array(size) };
  const { indptr, indices } = positives;
  for (let k = 0; k < size; k++) {
    const u = users[rng.int(users.length)];
    b.users[k] = u;
    b.pos[k] = indices[indptr[u] + rng.int(indptr[u + 1] - indptr[u])];
  }
  sampleNegatives(positives, b.users, rng, b.neg);
  return b;
}
