import { csrStackRows, type Csr } from '../../tensor/csr.ts';
import { getBackend } from '../../tensor/backend/registry.ts';

/**
 * Exact top-`k` items of each listed user by dot product of final embeddings, without the items of the user's
 * rows in `exclude`: the backend's `topkDot` ranks the whole catalogue without materialising users × items
 * scores (the wasm one bounds most scores from int16 codes and norms, and scores only the contenders exactly).
 * Best first, ties by lower item index, −1 / −∞ where fewer than `k` items remain.
 */
export function rankByDot(
  userEmb: Float32Array,
  itemEmb: Float32Array,
  numItems: number,
  dim: number,
  users: Int32Array,
  k: number,
  exclude: readonly Csr[],
): { items: Int32Array; scores: Float32Array } {
  const q = new Float32Array(users.length * dim);
  for (let b = 0; b < users.length; b++)
    q.set(userEmb.subarray(users[b] * dim, users[b] * dim + dim), b * dim);
  const items = new Int32Array(users.length * k);
  const scores = new Float32Array(users.length * k);
  getBackend().topkDot(
    q,
    users.length,
    itemEmb,
    numItems,
    dim,
    k,
    csrStackRows(exclude, users, numItems),
    scores,
    items,
  );
  return { items, scores };
}
