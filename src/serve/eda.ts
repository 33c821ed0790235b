import type { Dataset } from '../data/types.ts';
import type { Catalog } from './catalog.ts';
import type { EdaResponse } from './schemas/types.ts';

const TOP_GENRES = 15;
const MAX_POINTS = 1500;

/** The notebook's EDA charts as data: mean rating by type and genre, rating vs episodes/year, long tail. */
export function computeEda(ds: Dataset, catalog: Catalog): EdaResponse {
  const { rating } = ds.interactions;
  const hist = new Map<number, number>();
  for (const r of rating) hist.set(r, (hist.get(r) ?? 0) + 1);
  const ratingHistogram = [...hist.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([r, count]) => ({ rating: r, count }));

  const rated = catalog.ids.map((_, i) => i).filter((i) => Number.isFinite(catalog.means[i]!));
  const byType = groupMeans(rated, catalog, (i) => (catalog.meta[i]!.type ? [catalog.meta[i]!.type!] : []));
  const byGenre = groupMeans(rated, catalog, (i) => catalog.meta[i]!.genres ?? []).slice(0, TOP_GENRES);

  // Episodes when the data has them (anime), else release year (films).
  const hasEpisodes = rated.some((i) => typeof catalog.meta[i]!.numeric?.['episodes'] === 'number');
  const xOf = (i: number): number | undefined => {
    const m = catalog.meta[i]!;
    const v = hasEpisodes ? m.numeric?.['episodes'] : m.year;
    return typeof v === 'number' ? v : undefined;
  };
  const minRatings = ds.interactions.item.length > 0 ? 5 : 0;
  const candidates = rated.filter((i) => xOf(i) !== undefined && catalog.counts[i]! >= minRatings);
  const step = Math.max(1, Math.ceil(candidates.length / MAX_POINTS));
  const points = candidates
    .filter((_, n) => n % step === 0)
    .map((i) => ({
      x: xOf(i)!,
      y: Math.round(catalog.means[i]! * 100) / 100,
      title: catalog.meta[i]!.title ?? catalog.ids[i]!,
    }));

  const sorted = Array.from(catalog.counts).sort((a, b) => b - a);
  const popularity: Array<{ rank: number; ratings: number }> = [];
  const pstep = Math.max(1, Math.ceil(sorted.length / 400));
  for (let r = 0; r < sorted.length; r += pstep) popularity.push({ rank: r + 1, ratings: sorted[r]! });

  return {
    dataset: ds.name,
    users: ds.users.size,
    items: ds.items.size,
    interactions: rating.length,
    ratingHistogram,
    byType,
    byGenre,
    scatter: { x: hasEpisodes ? 'episodes' : 'year', points },
    popularity,
  };
}

/** Mean of item mean ratings per group (each item counts once, as in the notebook's groupby), largest groups first. */
function groupMeans(
  items: number[],
  catalog: Catalog,
  groupsOf: (i: number) => string[],
): EdaResponse['byGenre'] {
  const acc = new Map<string, { n: number; sum: number }>();
  for (const i of items) {
    for (const g of groupsOf(i)) {
      const a = acc.get(g) ?? { n: 0, sum: 0 };
      a.n++;
      a.sum += catalog.means[i]!;
      acc.set(g, a);
    }
  }
  return [...acc.entries()]
    .map(([key, a]) => ({ key, meanRating: Math.round((a.sum / a.n) * 1000) / 1000, items: a.n }))
    .sort((a, b) => b.items - a.items);
}
