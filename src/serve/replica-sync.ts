import type { Store } from '../store/store.ts';
import type { ServeContext } from './context.ts';
import type { Rated } from './history.ts';

/** How often the store is asked for ratings written by other replicas (a write shows within about this long). */
export const FOLLOW_INTERVAL_MS = 400;
/** Seconds re-read before the newest timestamp seen: timestamps are whole seconds, and replicas' clocks differ. */
const OVERLAP_S = 2;

/** What `followStore` reports. */
export interface FollowStatus {
  /** Whether the last poll reached the store. */
  reachable: boolean;
  /** Ratings taken over from other replicas so far. */
  applied: number;
}

/**
 * Keeps this replica's histories in step with the store that several replicas share: every `FOLLOW_INTERVAL_MS`
 * it reads the ratings written lately (`Store.ratingsSince`) and hands those it does not hold yet (another
 * replica's writes) to the engine, which drops the users' cached lists. A lost store only pauses following
 * (reads go on from the loaded models; writes answer 503 in `saveRatings`); it resumes when the store returns.
 * Returns a function that stops following.
 */
export function followStore(
  ctx: ServeContext,
  store: Pick<Store, 'ratingsSince'>,
  log: (line: string) => void,
  status: FollowStatus = { reachable: true, applied: 0 },
): () => void {
  if (!store.ratingsSince) return () => undefined;
  const since = store.ratingsSince.bind(store);
  let watermark = Date.now() / 1000 - OVERLAP_S;
  let busy = false;
  const poll = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const rows = await since(watermark - OVERLAP_S);
      if (!status.reachable) log('store reachable again: following other replicas’ writes');
      status.reachable = true;
      const byUser = new Map<string, Rated[]>();
      for (const r of rows) {
        if (r.timestamp !== null) watermark = Math.max(watermark, r.timestamp);
        // Items another replica added are not in this catalogue yet: their ratings wait for a restart.
        if (!ctx.engine.catalog.has(r.itemId)) continue;
        const held = ctx.engine.history.get(r.userId).find((x) => x.item === r.itemId);
        if (held?.rating === r.rating) continue;
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
