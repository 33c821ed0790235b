import type { Store } from '../store/store.ts';
import type { ServeContext } from './context.ts';
import type { Rated } from './history.ts';
import { applyItems } from './add-items.ts';

/** How often the store is asked for ratings written by other replicas (a write shows within about this long). */
export const FOLLOW_INTERVAL_MS = 400;
/** Seconds re-read before the newest timestamp seen: timestamps are whole seconds, and replicas' clocks differ. */
const OVERLAP_S = 2;
/**
 * Item positions re-read before the highest seen: two replicas adding items at once can take the same `seq`
 * (each counts from the stored maximum), so the last few are read again and those already held skipped.
 */
const OVERLAP_SEQ = 64;

/** What `followStore` reports. */
export interface FollowStatus {
  /** Whether the last poll reached the store. */
  reachable: boolean;
  /** Ratings taken over from other replicas so far. */
  applied: number;
  /** Items taken over from other replicas (or `gnnrec items add`) so far. */
  itemsApplied?: number;
}

/**
 * Keeps this replica's histories in step with the store that several replicas share: every `FOLLOW_INTERVAL_MS`
 * it reads the items added lately (`Store.itemsFrom`: another replica's `POST /api/items`, or `gnnrec items add`)
 * and appends those it does not hold to its catalogue, recommended through their content at once; then the ratings
 * written lately (`Store.ratingsSince`), handing those it does not hold yet to the engine, which drops the users'
 * cached lists. Items come first, so a rating of a just-added item is not skipped. A lost store only pauses following
 * (reads go on from the loaded models; writes answer 503 in `saveRatings`); it resumes when the store returns.
 * Returns a function that stops following.
 */
export function followStore(
  ctx: ServeContext,
  store: Pick<Store, 'ratingsSince' | 'itemsFrom'>,
  log: (line: string) => void,
  status: FollowStatus = { reachable: true, applied: 0 },
): () => void {
  if (!store.ratingsSince) return () => undefined;
  const since = store.ratingsSince.bind(store);
  const itemsFrom = store.itemsFrom?.bind(store);
  let watermark = Date.now() / 1000 - OVERLAP_S;
  // Positions are dense from 0 at least up to the catalogue's size (the catalogue was read from this store), so
  // the first poll reads only the last few; gaps (re-imports) only make it read more, never miss one.
  let itemSeq = Math.max(0, ctx.engine.catalog.size - OVERLAP_SEQ);
  let busy = false;
  const poll = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      if (itemsFrom) {
        const items = await itemsFrom(itemSeq);
        const fresh = items.filter((it) => !ctx.engine.catalog.has(it.id));
        for (const it of items) itemSeq = Math.max(itemSeq, it.seq - OVERLAP_SEQ);
        applyItems(
          ctx,
          fresh.map((it) => ({ id: it.id, meta: it.meta })),
        );
        status.itemsApplied = (status.itemsApplied ?? 0) + fresh.length;
      }
      const rows = await since(watermark - OVERLAP_S);
      if (!status.reachable) log('store reachable again: following other replicas’ writes');
      status.reachable = true;
      const byUser = new Map<string, Rated[]>();
      for (const r of rows) {
        if (r.timestamp !== null) watermark = Math.max(watermark, r.timestamp);
        // An item this store does not list (a store without `itemsFrom`): its ratings cannot be served.
        if (!ctx.engine.catalog.has(r.itemId)) continue;
        if (ctx.engine.history.rating(r.userId, r.itemId) === r.rating) continue;
        let list = byUser.get(r.userId);
        if (!list) byUser.set(r.userId, (list = []));
        list.push({ item: r.itemId, rating: r.rating });
      }
      for (const [user, ratings] of byUser) {
        ctx.engine.addRatings(user, ratings);
        status.applied += ratings.length;
      }
    } catch (err) {
      if (status.reachable) log(`store unreachable, serving from memory: ${(err as Error).message}`);
      status.reachable = false;
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void poll(), FOLLOW_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
