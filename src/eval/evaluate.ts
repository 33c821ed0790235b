import type { Csr } from '../tensor/csr.ts';
import type { Recommender } from '../models/recommender.ts';
import { topKRow } from '../models/shared/topk.ts';
import { RankingMetrics } from './metrics.ts';
import { csrRow } from '../tensor/csr.ts';
import { getBackend } from '../tensor/backend/registry.ts';

/** Options of `evaluateRanking`. */
export interface RankingEvalOptions {
  /** Held-out items per user (users × items); users with an empty row are not evaluated. */
  truth: Csr;
  /** Items removed from each user's ranking (training, and validation when testing). */
  exclude: readonly Csr[];
  /** Cut-offs, e.g. [10, 20]. */
  ks: readonly number[];
  /** Users scored per `scoreUsers` call (bounds memory at block × numItems floats). */
  blockSize?: number;
}

/**
 * Full-ranking evaluation through the `Recommender` interface only: scores every item for each test user
 * in blocks, removes excluded items, keeps a partial top-K (no full sort) and accumulates every metric in one pass.
 */
export function evaluateRanking(model: Recommender, opts: RankingEvalOptions): Record<string, number> {
  const { truth } = opts;
  const n = model.numItems;
  const acc = new RankingMetrics(opts.ks, n);
  const kmax = acc.kmax;
  const users: number[] = [];
  for (let u = 0; u < truth.rows; u++) if (truth.indptr[u + 1] > truth.indptr[u]) users.push(u);
  // Models that rank without scoring every item (exact, e.g. norm-bound pruning) do so on the fast backends.
  if (model.rankUsers !== undefined && getBackend().accelerated && kmax <= n) {
    const all = Int32Array.from(users);
    const r = model.rankUsers(all, kmax, opts.exclude);
    for (let b = 0; b < all.length; b++) acc.add(r.items, b * kmax, csrRow(truth, all[b]));
    return acc.result();
  }
  const block = opts.blockSize ?? Math.max(1, Math.min(1024, Math.floor(8_000_000 / Math.max(1, n))));
  const top = new Int32Array(block * kmax);
  const topScores = new Float32Array(block * kmax);
  const be = getBackend();
  // The backend's threaded top-k when it has one; it needs k ≤ n, and returns excluded (−∞) slots, mapped to −1.
  const fast = be.accelerated && kmax <= n;
  for (let s = 0; s < users.length; s += block) {
    const batch = Int32Array.from(users.slice(s, s + block));
    const scores = model.scoreUsers(batch);
    for (let b = 0; b < batch.length; b++) {
      const u = batch[b];
      const off = b * n;
      for (const ex of opts.exclude) {
        if (u >= ex.rows) continue;
        for (let p = ex.indptr[u]; p < ex.indptr[u + 1]; p++) scores[off + ex.indices[p]] = -Infinity;
      }
      if (!fast) topKRow(scores, off, n, kmax, top, topScores, b * kmax);
    }
    if (fast) {
      be.topk(scores, batch.length, n, kmax, topScores, top);
      for (let p = 0; p < batch.length * kmax; p++) if (topScores[p] === -Infinity) top[p] = -1;
    }
    for (let b = 0; b < batch.length; b++) acc.add(top, b * kmax, csrRow(truth, batch[b]));
  }
  return acc.result();
}
