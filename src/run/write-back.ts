import type { RecommendationRow } from '../store/store.ts';
import type { Run } from './open.ts';
import { recommendAll } from './recommend.ts';

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
  const lists = await recommendAll(run, k);
  const rankSeconds = (performance.now() - t0) / 1000;
  const rows: RecommendationRow[] = [];
  lists.forEach((list, u) => {
    const userId = run.users.raw(u);
    for (const x of list) rows.push({ userId, itemId: x.item, score: x.score, rank: x.rank });
  });
  const { openStore } = await import('../store/open.ts');
  const store = await openStore(storeUrl);
  try {
    const t1 = performance.now();
    const m = run.manifest;
    await store.upsertModel({ id: modelId, kind: m.kind, config: m.config, metrics: m.metrics });
    const written = await store.writeRecommendations(modelId, rows);
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
