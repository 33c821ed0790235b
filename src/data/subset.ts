import { IdMap } from './idmap.ts';
import type { Dataset } from './types.ts';

/** A dataset with some items removed, and what was removed. */
export interface ItemSubset {
  /** The dataset without the removed items or any interaction on them (items renumbered densely, users kept). */
  dataset: Dataset;
  /** Each user's interactions on removed items, by the original dataset's user and item indices. */
  removed: Map<number, Set<number>>;
}

/**
 * `ds` without the items in `out`, named `name`: a source for training as if those items did not exist yet (item
 * cold start). Every user stays, so user indices match `ds`; a provided split and timestamps are not carried over.
 */
export function withoutItems(ds: Dataset, out: ReadonlySet<number>, name = `${ds.name}-subset`): ItemSubset {
  const keep = Array.from({ length: ds.items.size }, (_, i) => i).filter((i) => !out.has(i));
  const remap = new Int32Array(ds.items.size).fill(-1);
  keep.forEach((i, n) => (remap[i] = n));
  const { user, item, rating } = ds.interactions;
  const us: number[] = [];
  const is: number[] = [];
  const rs: number[] = [];
  const removed = new Map<number, Set<number>>();
  for (let e = 0; e < user.length; e++) {
    const i = item[e]!;
    if (out.has(i)) {
      let s = removed.get(user[e]!);
      if (!s) removed.set(user[e]!, (s = new Set()));
      s.add(i);
      continue;
    }
    us.push(user[e]!);
    is.push(remap[i]!);
    rs.push(rating[e]!);
  }
  const dataset: Dataset = {
    name,
    format: ds.format,
    users: ds.users,
    items: IdMap.fromJSON(keep.map((i) => ds.items.raw(i))),
    interactions: {
      user: Int32Array.from(us),
      item: Int32Array.from(is),
      rating: Float32Array.from(rs),
      timestamp: null,
    },
    itemMeta: keep.map((i) => ds.itemMeta[i] ?? {}),
    ratingRange: ds.ratingRange,
  };
  return { dataset, removed };
}
