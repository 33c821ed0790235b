import { IdMap } from '../idmap.ts';

/**
 * When every raw id is a non-negative integer, returns a map with the ids in numeric order and
 * rewrites `indices` to it in place — so dense indices do not depend on row order (ml-100k item 1
 * is dense 0; LightGCN ids stay equal to their dense index). Otherwise returns `ids` unchanged.
 */
export function numericOrder(ids: IdMap, ...indices: Int32Array[]): IdMap {
  const raw = ids.toJSON();
  if (!raw.every((r) => /^\d+$/.test(r))) return ids;
  const sorted = raw.slice().sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
  const next = new IdMap(sorted);
  const remap = Int32Array.from(raw, (r) => next.get(r)!);
  // Ids first seen in numeric order (LightGCN's users, line by line) need no pass over every row.
  let identity = true;
  for (let d = 0; d < remap.length && identity; d++) identity = remap[d] === d;
  if (identity) return next;
  for (const arr of indices) for (let k = 0; k < arr.length; k++) arr[k] = remap[arr[k]!]!;
  return next;
}
