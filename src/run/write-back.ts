import { listRows } from '../store/sql/lists.ts';
import type { Run } from './open.ts';
import { rankAll } from './recommend.ts';

/** What `writeBack` changed in the store. */
export interface WriteBackReport {
  model: string;
  model_id: string;
  store: string;
  users: number;
  k: number;
  deleted: number;
  inserted: number;
  rank_seconds: number;
  write_seconds: number;
}

/**
 * Ranks every user of the run (known-rated items excluded), upserts the model's registry row in the store, then
 * replaces the model's `recommendations` rows in one transaction.
 */
export async function writeBack(
  run: Run,
  storeUrl: string,
  modelId: string,
  k: number,
): Promise<WriteBackReport> {
  const t0 = performance.now();
  const top = await rankAll(run, k);
  const rankSeconds = (performance.now() - t0) / 1000;
  const { openStore } = await import('../store/open.ts');
  const store = await openStore(storeUrl);
  try {
    const t1 = performance.now();
    const m = run.manifest;
    await store.upsertModel({ id: modelId, kind: m.kind, config: m.config, metrics: m.metrics });
    // SQL stores take the typed arrays as they are (no object per row: 4·10⁷ rows at 10⁸ interactions).
    const lists = {
      k: top.k,
      userIds: run.users.toJSON(),
      itemIds: run.items.toJSON(),
      items: top.items,
      scores: top.scores,
    };
    const written = store.writeRecommendationLists
      ? await store.writeRecommendationLists(modelId, lists)
      : await store.writeRecommendations(modelId, listRows(lists));
    return {
      model: m.kind,
      model_id: modelId,
      store: store.url,
      users: run.users.size,
      k,
      ...written,
      rank_seconds: Math.round(rankSeconds * 1000) / 1000,
      write_seconds: Math.round(performance.now() - t1) / 1000,
    };
  } finally {
    await store.close();
  }
}
