import type { Dataset } from './types.ts';

/** Summary numbers of a dataset (what `gnnrec data stats --json` prints). */
export interface DatasetStats {
  name: string;
  format: string;
  users: number;
  items: number;
  interactions: number;
  /** interactions / (users × items); 0 when either is 0. */
  density: number;
  ratingRange: [number, number] | null;
  /** Count per distinct rating value, ascending by rating. */
  ratingHistogram: Array<{ rating: number; count: number }>;
  /** Interactions per user and per item: min, median, max (users/items with none are counted as 0). */
  perUser: { min: number; median: number; max: number };
  perItem: { min: number; median: number; max: number };
  /** Earliest and latest Unix timestamp, when the data has them. */
  timestamps: { min: number; max: number } | null;
  /** Items with any metadata (title, genres, …). */
  itemsWithMeta: number;
  /** Sizes of the provided split, when the data ships one. */
  train?: number;
  test?: number;
}

/** Computes users, items, interactions, density, rating histogram and degree summaries of a dataset. */
export function datasetStats(ds: Dataset): DatasetStats {
  const { user, item, rating, timestamp } = ds.interactions;
  const n = user.length;
  const hist = new Map<number, number>();
  for (let k = 0; k < n; k++) hist.set(rating[k]!, (hist.get(rating[k]!) ?? 0) + 1);
  const out: DatasetStats = {
    name: ds.name,
    format: ds.format,
    users: ds.users.size,
    items: ds.items.size,
    interactions: n,
    density: ds.users.size > 0 && ds.items.size > 0 ? n / (ds.users.size * ds.items.size) : 0,
    ratingRange: ds.ratingRange,
    ratingHistogram: [...hist].sort((a, b) => a[0] - b[0]).map(([r, count]) => ({ rating: r, count })),
    perUser: degreeSummary(user, ds.users.size),
    perItem: degreeSummary(item, ds.items.size),
    timestamps: timestamp && n > 0 ? range(timestamp) : null,
    itemsWithMeta: ds.itemMeta.filter((m) => Object.keys(m).length > 0).length,
  };
  if (ds.providedSplit) {
    out.train = ds.providedSplit.train.length;
    out.test = ds.providedSplit.test.length;
  }
  return out;
}

function degreeSummary(idx: Int32Array, size: number): { min: number; median: number; max: number } {
  if (size === 0) return { min: 0, median: 0, max: 0 };
  const deg = new Int32Array(size);
  for (let k = 0; k < idx.length; k++) deg[idx[k]!]!++;
  deg.sort();
  const mid = size >> 1;
  const median = size % 2 ? deg[mid]! : (deg[mid - 1]! + deg[mid]!) / 2;
  return { min: deg[0]!, median, max: deg[size - 1]! };
}

function range(a: Float64Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const x of a) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { min, max };
}

/** Formats stats as aligned human-readable lines (the non-JSON output of `data stats`). */
export function formatStats(s: DatasetStats): string {
  const lines = [
    `dataset       ${s.name} (${s.format})`,
    `users         ${s.users}`,
    `items         ${s.items}`,
    `interactions  ${s.interactions}${s.train !== undefined ? ` (train ${s.train} + test ${s.test})` : ''}`,
    `density       ${(100 * s.density).toFixed(4)}%`,
    `per user      min ${s.perUser.min} / median ${s.perUser.median} / max ${s.perUser.max}`,
    `per item      min ${s.perItem.min} / median ${s.perItem.median} / max ${s.perItem.max}`,
  ];
  if (s.ratingRange) {
    lines.push(
      `ratings       ${s.ratingRange[0]}–${s.ratingRange[1]}: ` +
        s.ratingHistogram.map((h) => `${h.rating}:${h.count}`).join(' '),
    );
  }
  if (s.timestamps)
    lines.push(
      `time          ${new Date(s.timestamps.min * 1000).toISOString().slice(0, 10)} … ${new Date(s.timestamps.max * 1000).toISOString().slice(0, 10)}`,
    );
  return lines.join('\n');
}
