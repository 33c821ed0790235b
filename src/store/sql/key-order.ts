import type { Dataset } from '../../data/types.ts';

/**
 * The positions `k` of `keep` (rows of `ds`) in primary-key order of `interactions` — `(user_id, item_id)` — so that
 * a COPY sends each partition's rows sorted and the key's build after the load finds them so (issue 23). Ids compare
 * in UTF-16 order, the server's `COLLATE "C"` byte order for ids below U+D800 (beyond, the build just sorts more).
 * Two stable counting sorts, by item rank then by user rank: linear in the rows, no comparison per row.
 */
export function interactionKeyOrder(ds: Dataset, keep: Int32Array): Int32Array {
  const { user, item } = ds.interactions;
  const userRank = ranks(ds.users.toJSON());
  const itemRank = ranks(ds.items.toJSON());
  const byItem = countingSort(keep.length, itemRank.length, (k) => itemRank[item[keep[k]!]!]!, null);
  return countingSort(keep.length, userRank.length, (k) => userRank[user[keep[k]!]!]!, byItem);
}

/** Rank of each id in sorted order. */
function ranks(ids: readonly string[]): Int32Array {
  const byId = Int32Array.from(ids.keys());
  byId.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const rank = new Int32Array(ids.length);
  for (let r = 0; r < byId.length; r++) rank[byId[r]!] = r;
  return rank;
}

/** `0…n-1` (in the order of `from`, when given) stably sorted by `keyOf`, whose values lie in `[0, buckets)`. */
function countingSort(
  n: number,
  buckets: number,
  keyOf: (k: number) => number,
  from: Int32Array | null,
): Int32Array {
  const start = new Int32Array(buckets + 1);
  for (let k = 0; k < n; k++) start[keyOf(k) + 1]!++;
  for (let b = 0; b < buckets; b++) start[b + 1]! += start[b]!;
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const k = from === null ? j : from[j]!;
    out[start[keyOf(k)]!++] = k;
  }
  return out;
}
