import { GnnrecError } from '../util/errors.ts';
import type { Dataset } from './types.ts';

/** Fewest interactions a held-out protocol splits 80/10/10 so that validation and test each get one. */
export const MIN_SPLIT_INTERACTIONS = 10;

/** Where the interactions of a catalogue-only dataset come from, by reader format. */
const WHERE_RATINGS: Record<string, string> = {
  anime:
    "anime.csv is the catalogue only; the ratings are rating.csv from the same Kaggle dataset (CooperUnion, 'Anime Recommendations Database': kaggle.com/datasets/CooperUnion/anime-recommendations-database): put rating.csv beside anime.csv",
  movielens:
    "the ratings are ratings.csv (or u.data, ratings.dat) in the MovieLens folder: 'gnnrec data fetch ml-latest-small' downloads one",
  'movies-dataset': 'the ratings are ratings_small.csv (or ratings.csv) of The Movies Dataset',
  lightgcn: 'train.txt and test.txt list the interactions (user item item …)',
  store: "the store has no interactions: load a dataset first with 'gnnrec import --data D --store URL'",
};

/**
 * Fails fast — before any training — when `ds` cannot feed protocol `protocol`: no interactions at all
 * (saying where they come from), or fewer positives than the protocol `needs` (default: 10 ratings ≥ 3.5 on explicit data) or ratings for
 * the protocol's 80/10/10 split, or a provided split with an empty part.
 */
export function assertTrainable(
  ds: Dataset,
  protocol: string,
  needs: { threshold: number | null; min: number } = {
    threshold: 3.5,
    min: protocol === 'full' ? 1 : MIN_SPLIT_INTERACTIONS,
  },
): void {
  const n = ds.interactions.user.length;
  const what = `dataset '${ds.name}' (${ds.users.size} users, ${ds.items.size} items)`;
  if (n === 0) {
    const hint = WHERE_RATINGS[ds.format] ?? 'give a file with user and item columns and at least one row';
    throw new GnnrecError(`${what} has no interactions, so there is nothing to train on; ${hint}`);
  }
  if (protocol === 'lightgcn') {
    const s = ds.providedSplit;
    if (s && (s.train.length === 0 || s.test.length === 0))
      throw new GnnrecError(
        `${what}: protocol lightgcn needs interactions in both train.txt and test.txt (train ${s.train.length}, test ${s.test.length})`,
      );
    return;
  }
  if (protocol === 'rating') {
    let rated = 0;
    for (const r of ds.interactions.rating) if (r >= 0) rated++;
    if (ds.ratingRange === null || rated < MIN_SPLIT_INTERACTIONS)
      throw new GnnrecError(
        `${what}: protocol rating needs at least ${MIN_SPLIT_INTERACTIONS} rated interactions on explicit data for its 80/10/10 split; it has ${ds.ratingRange === null ? 'implicit data (no ratings)' : `${rated}`}`,
      );
    return;
  }
  let pos = 0;
  const r = ds.interactions.rating;
  const counted = ds.ratingRange !== null && needs.threshold !== null;
  const threshold = counted ? needs.threshold! : -Infinity;
  for (let k = 0; k < n; k++) if (r[k]! >= threshold) pos++;
  const which = counted ? `positive interactions (ratings ≥ ${threshold})` : 'interactions';
  const need = needs.min;
  if (pos < need) {
    const split = need > 1 ? ' for its 80/10/10 split' : '';
    const alt = need > 1 ? '; add data, or use --protocol full to train on what there is (no metrics)' : '';
    throw new GnnrecError(
      `${what}: protocol ${protocol} needs at least ${need} ${which}${split}; it has ${pos} of ${n}${alt}`,
    );
  }
}
