import type { Catalog } from './catalog.ts';
import type { ServedModel } from './served-model.ts';

/** Ratings an item needs before a rating model may recommend it. */
export const RATING_MODEL_MIN_RATINGS = 10;

/**
 * Model indices a rating model should not recommend: items with fewer than `RATING_MODEL_MIN_RATINGS`
 * ratings. Predicted ratings of rarely rated items saturate at the top of the scale (many ties at 5),
 * so ranking by them alone fills lists with obscure titles. Ranking models need no such filter (empty).
 * When too few items would remain for a full list, nothing is filtered.
 */
export function rareItems(
  model: ServedModel,
  catalog: Catalog,
  minRatings = RATING_MODEL_MIN_RATINGS,
  listLength = 100,
): Int32Array {
  if (model.task !== 'rating') return new Int32Array(0);
  const rare: number[] = [];
  for (let i = 0; i < model.items.size; i++) {
    const c = catalog.indexOf(model.items.raw(i));
    if (c === undefined || catalog.counts[c]! < minRatings) rare.push(i);
  }
  return model.items.size - rare.length < listLength ? new Int32Array(0) : Int32Array.from(rare);
}
