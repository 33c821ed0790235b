import type { ServeContext } from './context.ts';
import { badRequest } from './http-errors.ts';
import type { RatingInput } from './schemas/types.ts';

/** Checks ratings a client sent: within the data's rating range, no item twice, every item known. */
export function checkRatingInput(ctx: ServeContext, ratings: readonly RatingInput[]): void {
  const [lo, hi] = ctx.ratingRange;
  const seen = new Set<string>();
  for (const r of ratings) {
    if (r.rating < lo || r.rating > hi)
      throw badRequest(`ratings: rating ${r.rating} of item '${r.item}' is outside ${lo}..${hi}`);
    if (seen.has(r.item)) throw badRequest(`ratings: item '${r.item}' is rated twice`);
    seen.add(r.item);
  }
  ctx.engine.checkRatings(ratings);
}

/** Persists ratings (the store first: a user the store lacks must not be served as if it existed), then serves them. */
export async function saveRatings(
  ctx: ServeContext,
  user: string,
  ratings: readonly RatingInput[],
): Promise<void> {
  await ctx.store?.addRatings(
    user,
    ratings.map((r) => ({ itemId: r.item, rating: r.rating })),
  );
  ctx.engine.addRatings(user, ratings);
}
