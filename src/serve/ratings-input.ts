import type { ServeContext } from './context.ts';
import { GnnrecError } from '../util/errors.ts';
import { badRequest, HttpError } from './http-errors.ts';
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
  await storeWrite(() =>
    ctx.store?.addRatings(
      user,
      ratings.map((r) => ({ itemId: r.item, rating: r.rating })),
    ),
  );
  ctx.engine.addRatings(user, ratings);
}

/** Messages of a store that cannot be reached (pg-client's wording, and the socket errors under it). */
const UNREACHABLE = /lost the connection|cannot connect|ECONNREFUSED|ECONNRESET|terminat/i;

/**
 * Runs a store write; a store that cannot be reached (not one that refuses the data) becomes a 503, so clients
 * retry later while reads go on from memory. The cause is logged with the 5xx.
 */
export async function storeWrite<T>(write: () => Promise<T> | undefined): Promise<T | undefined> {
  try {
    return await write();
  } catch (err) {
    // The store's own refusals (an unknown id) name the data; a lost server is a StoreError naming the connection.
    if (err instanceof GnnrecError && !UNREACHABLE.test(err.message)) throw err;
    throw Object.assign(
      new HttpError(503, 'the store is unreachable: writes are refused until it returns (reads go on)'),
      { cause: err },
    );
  }
}
