import type { Dataset } from '../../data/types.ts';

/** Mean rating of one group of items (a type, a genre, an episodes bucket). */
export interface GroupStat {
  group: string;
  /** Distinct items in the group with at least one rating. */
  items: number;
  ratings: number;
  mean: number;
}

/** Item popularity summary (the long tail): how concentrated ratings are on few items. */
export interface PopularityStats {
  items: number;
  ratings: number;
  /** Share of all ratings held by the top p% most-rated items. */
  topShare: { percent: number; share: number }[];
  /** Items with at most n ratings. */
  atMost: { n: number; items: number }[];
  /** Rating count by popularity rank, sampled at 50 log-spaced ranks (for a long-tail plot). */
  curve: { rank: number; count: number }[];
}

/** EDA tables of the notebooks, as JSON for the UI. */
export interface EdaTables {
  byType: GroupStat[];
  byGenre: GroupStat[];
  byEpisodes: GroupStat[];
  popularity: PopularityStats;
}

/** Episode-count buckets (anime): single films, one/two cours, long runners, unknown. */
const EPISODE_BUCKETS: [string, number, number][] = [
  ['1', 1, 1],
  ['2-12', 2, 12],
  ['13-26', 13, 26],
  ['27-52', 27, 52],
  ['53-100', 53, 100],
  ['>100', 101, Infinity],
];

function groupStats(ds: Dataset, groupsOf: (item: number) => string[]): GroupStat[] {
  const acc = new Map<string, { items: Set<number>; n: number; sum: number }>();
  const { item, rating } = ds.interactions;
  for (let k = 0; k < item.length; k++) {
    for (const g of groupsOf(item[k])) {
      let a = acc.get(g);
      if (!a) acc.set(g, (a = { items: new Set(), n: 0, sum: 0 }));
      a.items.add(item[k]);
      a.n++;
      a.sum += rating[k];
    }
  }
  return [...acc.entries()]
    .map(([group, a]) => ({ group, items: a.items.size, ratings: a.n, mean: a.sum / a.n }))
    .sort((a, b) => b.ratings - a.ratings);
}

/** Item popularity long-tail statistics of a dataset's interactions. */
export function popularityStats(ds: Dataset): PopularityStats {
  const counts = new Int32Array(ds.items.size);
  for (const i of ds.interactions.item) counts[i]++;
  const sorted = Array.from(counts).sort((a, b) => b - a);
  const total = ds.interactions.item.length;
  const prefix = (k: number): number => sorted.slice(0, k).reduce((s, v) => s + v, 0);
  const topShare = [1, 5, 10, 20, 50].map((percent) => ({
    percent,
    share: total ? prefix(Math.max(1, Math.round((percent / 100) * sorted.length))) / total : 0,
  }));
  const atMost = [0, 1, 5, 10, 50].map((n) => ({ n, items: sorted.filter((c) => c <= n).length }));
  const curve: { rank: number; count: number }[] = [];
  let last = -1;
  for (let s = 0; s < 50; s++) {
    const rank = Math.min(
      sorted.length,
      Math.round(Math.exp((s / 49) * Math.log(Math.max(1, sorted.length)))),
    );
    if (rank !== last && rank >= 1) curve.push({ rank, count: sorted[rank - 1] });
    last = rank;
  }
  return { items: sorted.length, ratings: total, topShare, atMost, curve };
}

/**
 * The notebooks' EDA: mean rating by item type, by genre, and by episode-count bucket, plus the
 * item-popularity long tail. Means are over user ratings (the interactions), so they describe the data the model sees.
 */
export function edaTables(ds: Dataset): EdaTables {
  const meta = ds.itemMeta;
  const byType = groupStats(ds, (i) => (meta[i]?.type ? [meta[i].type as string] : []));
  const byGenre = groupStats(ds, (i) => meta[i]?.genres ?? []);
  const hasEpisodes = meta.some((m) => m.numeric && 'episodes' in m.numeric);
  const byEpisodes = hasEpisodes
    ? groupStats(ds, (i) => {
        const e = meta[i]?.numeric?.episodes;
        if (e === undefined) return [];
        if (e === null) return ['Unknown'];
        const b = EPISODE_BUCKETS.find(([, lo, hi]) => e >= lo && e <= hi);
        return [b ? b[0] : 'Unknown'];
      })
    : [];
  return { byType, byGenre, byEpisodes, popularity: popularityStats(ds) };
}

/** Counts of rounded predictions per true rating (the anime notebook's faceted bar chart). */
export interface PredictedVsTrue {
  /** Rounding step of predictions (1 = nearest integer, as the notebook). */
  step: number;
  rows: { truth: number; count: number; predicted: Record<string, number> }[];
}

/** Tabulates rounded predictions against true ratings. */
export function predictedVsTrue(pred: Float32Array, truth: Float32Array, step = 1): PredictedVsTrue {
  const byTruth = new Map<number, Map<number, number>>();
  for (let k = 0; k < pred.length; k++) {
    const p = Math.round(pred[k] / step) * step;
    let m = byTruth.get(truth[k]);
    if (!m) byTruth.set(truth[k], (m = new Map()));
    m.set(p, (m.get(p) ?? 0) + 1);
  }
  const rows = [...byTruth.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, m]) => {
      const predicted: Record<string, number> = {};
      let count = 0;
      for (const [p, c] of [...m.entries()].sort((a, b) => a[0] - b[0])) {
        predicted[String(p)] = c;
        count += c;
      }
      return { truth: t, count, predicted };
    });
  return { step, rows };
}
