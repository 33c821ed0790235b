// Small hand-built datasets for the store tests (big ones come from generateSynthetic).
import { IdMap } from '../src/data/idmap.ts';
import type { Dataset, ItemMeta } from '../src/data/types.ts';

/** One interaction as written by hand. */
export type Edge = [user: string, item: string, rating: number, ts?: number];

/** Builds a `Dataset` from raw-id edges and item metadata, ids numbered in order of appearance. */
export function handDataset(edges: Edge[], items: Record<string, ItemMeta> = {}, name = 'hand'): Dataset {
  const users = new IdMap();
  const itemMap = new IdMap(Object.keys(items));
  const n = edges.length;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const rating = new Float32Array(n);
  const timestamp = new Float64Array(n);
  edges.forEach(([u, i, r, t], k) => {
    user[k] = users.add(u);
    item[k] = itemMap.add(i);
    rating[k] = r;
    timestamp[k] = t ?? 1_700_000_000 + k;
  });
  const itemMeta = itemMap.toJSON().map((id) => items[id] ?? {});
  return {
    name,
    format: 'csv',
    users,
    items: itemMap,
    interactions: { user, item, rating, timestamp },
    itemMeta,
    ratingRange: [0.5, 5],
  };
}

/** A tiny movie-like dataset: 3 users, 4 items with titles, genres and odd ids. */
export function tinyDataset(): Dataset {
  return handDataset(
    [
      ['u1', 'm1', 4.5],
      ['u1', 'm2', 3],
      ['u2', 'm2', 5],
      ['u2', 'm3 "quoted", {braces}', 1],
      ['u3', 'm1', 2.5],
      ['u3', 'm4/ü', 0.5],
    ],
    {
      m1: { title: 'Toy Story (1995)', genres: ['Animation', 'Comedy'], year: 1995 },
      m2: { title: 'Heat (1995)', genres: ['Action'], numeric: { runtime: 170, budget: null } },
      'm3 "quoted", {braces}': { title: 'Odd, "quoted" title' },
      'm4/ü': {},
      m5: { title: 'Never rated' },
    },
    'tiny',
  );
}

/** Copies a dataset with one rating changed. */
export function withRating(ds: Dataset, index: number, rating: number): Dataset {
  const r = ds.interactions.rating.slice();
  r[index] = rating;
  return { ...ds, interactions: { ...ds.interactions, rating: r } };
}

/** A comparable, plain-JSON view of a dataset (raw ids instead of dense indices). */
export function datasetView(ds: Dataset): unknown {
  const { user, item, rating, timestamp } = ds.interactions;
  const edges = Array.from(user, (u, k) => [
    ds.users.raw(u),
    ds.items.raw(item[k]!),
    rating[k],
    timestamp ? timestamp[k] : null,
  ]);
  return {
    name: ds.name,
    format: ds.format,
    users: ds.users.toJSON(),
    items: ds.items.toJSON(),
    itemMeta: JSON.parse(JSON.stringify(ds.itemMeta)) as unknown,
    edges,
    ratingRange: ds.ratingRange,
    split: ds.providedSplit
      ? { train: Array.from(ds.providedSplit.train), test: Array.from(ds.providedSplit.test) }
      : null,
  };
}

/** A large random dataset made fast (the kill test needs size, not realism): `perUser` distinct items per user. */
export function bulkDataset(users: number, items: number, perUser: number, seed = 1): Dataset {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    // xorshift32: deterministic and cheap.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const n = users * perUser;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const rating = new Float32Array(n);
  const timestamp = new Float64Array(n);
  for (let u = 0, k = 0; u < users; u++) {
    const start = Math.floor(next() * items);
    for (let j = 0; j < perUser; j++, k++) {
      user[k] = u;
      item[k] = (start + j * 7) % items; // distinct while perUser * 7 < items or items is prime to 7
      rating[k] = 0.5 + Math.floor(next() * 10) / 2;
      timestamp[k] = 1_600_000_000 + k;
    }
  }
  const ids = (p: string, m: number) => new IdMap(Array.from({ length: m }, (_, i) => `${p}${i}`));
  const itemMeta = Array.from({ length: items }, (_, i) => ({ title: `Item ${i}`, genres: ['g' + (i % 7)] }));
  return {
    name: 'bulk',
    format: 'synthetic',
    users: ids('u', users),
    items: ids('i', items),
    interactions: { user, item, rating, timestamp },
    itemMeta,
    ratingRange: [0.5, 5],
  };
}
