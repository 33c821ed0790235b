import type { Dataset, ItemMeta } from '../../data/types.ts';

/** Item metadata split into the `title` column and the JSON `attrs` column. */
export function itemColumns(meta: ItemMeta | undefined): { title: string | null; attrs: string } {
  if (meta === undefined) return { title: null, attrs: '{}' };
  const { title, ...rest } = meta;
  return { title: title ?? null, attrs: JSON.stringify(rest) };
}

/** Rebuilds `ItemMeta` from the `title` and `attrs` columns (inverse of `itemColumns`). */
export function itemMetaOf(title: string | null, attrs: unknown): ItemMeta {
  const rest = attrs !== null && typeof attrs === 'object' ? (attrs as ItemMeta) : {};
  return title === null ? { ...rest } : { title, ...rest };
}

/**
 * Indices of the interactions to write: one per (user, item) pair, the last occurrence winning,
 * in dataset order. A primary-key upsert cannot touch the same row twice in one statement, and
 * "last wins" is what re-reading the file line by line would give. Typed arrays only (a counting sort
 * by user and a last-row-per-item stamp): a `Map` keyed by pair stops at 2^24 entries, far below 10⁸.
 */
export function uniqueInteractions(ds: Dataset): Int32Array {
  const { user, item } = ds.interactions;
  const n = user.length;
  const nu = ds.users.size;
  const start = new Int32Array(nu + 1);
  for (let i = 0; i < n; i++) start[user[i]! + 1]!++;
  for (let u = 0; u < nu; u++) start[u + 1]! += start[u]!;
  const fill = start.slice(0, nu);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[user[i]!]!++] = i;
  const stamp = new Int32Array(ds.items.size).fill(-1);
  const lastRow = new Int32Array(ds.items.size);
  let drop: Uint8Array | null = null;
  for (let u = 0; u < nu; u++) {
    // Rows of one user come in dataset order, so the last write per item is the row that wins.
    for (let p = start[u]!; p < start[u + 1]!; p++) {
      const i = order[p]!;
      const it = item[i]!;
      if (stamp[it] === u) (drop ??= new Uint8Array(n))[lastRow[it]!] = 1;
      stamp[it] = u;
      lastRow[it] = i;
    }
  }
  if (drop === null) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  let m = 0;
  for (let i = 0; i < n; i++) m += drop[i]! ^ 1;
  const keep = new Int32Array(m);
  let k = 0;
  for (let i = 0; i < n; i++) if (!drop[i]) keep[k++] = i;
  return keep;
}

/** A timestamp as the `ts bigint` column wants it (whole seconds, null when unknown). */
export function tsColumn(ts: number | undefined): number | null {
  return ts === undefined || Number.isNaN(ts) ? null : Math.round(ts);
}

/**
 * Where the test part of a provided split (LightGCN train.txt/test.txt: train rows first) lands among
 * the written interactions: `[first, end)` positions in `keep`, or null when the dataset has no
 * provided split or its test rows are not one contiguous tail after de-duplication.
 */
export function testTail(ds: Dataset, keep: Int32Array): [number, number] | null {
  const split = ds.providedSplit;
  if (split === undefined) return null;
  const isTest = new Uint8Array(ds.interactions.user.length);
  for (const i of split.test) isTest[i] = 1;
  let first = keep.length;
  for (let k = 0; k < keep.length; k++) {
    if (isTest[keep[k]!]) {
      if (first === keep.length) first = k;
    } else if (first < keep.length) return null;
  }
  return [first, keep.length];
}
