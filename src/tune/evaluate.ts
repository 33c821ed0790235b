import type { Csr } from '../tensor/csr.ts';
import { RankingMetrics } from '../eval/metrics.ts';
import type { Recommender } from '../models/recommender.ts';

/** Recall@k and NDCG@k of `model` on validation items of `users` (their training items excluded from rankings). */
export function validationMetrics(
  model: Recommender,
  users: Int32Array,
  val: Csr,
  k = 20,
): { recall: number; ndcg: number } {
  const acc = new RankingMetrics([k], model.numItems);
  const block = 1024;
  for (let s = 0; s < users.length; s += block) {
    const part = users.subarray(s, Math.min(users.length, s + block));
    const top = model.recommend(part, { k });
    for (let r = 0; r < part.length; r++) {
      const u = part[r];
      acc.add(top.items, r * k, val.indices.subarray(val.indptr[u], val.indptr[u + 1]));
    }
  }
  const m = acc.result();
  return { recall: m[`recall@${k}`], ndcg: m[`ndcg@${k}`] };
}
