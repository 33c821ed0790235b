import type { Csr } from '../../tensor/csr.ts';
import { randomizedSvd } from '../../tensor/linalg/rsvd.ts';
import { csrTranspose } from '../../tensor/csr.ts';
import type { Rng } from '../../util/rng.ts';
import type { GraphFilterConfig } from './config.ts';
import { cappedRank } from '../shared/filter-keys.ts';
import { availableParallelism } from 'node:os';
import { ItemFilter } from './filter.ts';
import { itemSideSvd } from './item-sketch.ts';

/** Users-side sketch blocks from this many values on are replaced by the item side when items are fewer (`auto`). */
const USERS_SKETCH_MAX = 1 << 24;

/** Whether the SVD sketches on the item side: asked for, or (`auto`) users outnumber items and their block is big. */
export function sketchOnItems(cfg: GraphFilterConfig, users: number, items: number, rank: number): boolean {
  if (cfg.sketch !== 'auto') return cfg.sketch === 'items';
  return users > items && users * (rank + cfg.oversample) >= USERS_SKETCH_MAX;
}

/** Thread count for a config value (0 = all available cores, at most 8). */
export function resolveThreads(threads: number): number {
  return threads > 0 ? threads : Math.min(8, availableParallelism());
}

/** R̃ = D_U^-a R D_I^-b of a binary R (users × items), and D_I^-b (zero where an item has no interactions). */
export function normalizeInteractions(
  r: Csr,
  userExp: number,
  itemExp: number,
): { rn: Csr; itemDown: Float64Array } {
  const degI = new Float64Array(r.cols);
  const nnz = r.indptr[r.rows];
  for (let p = 0; p < nnz; p++) degI[r.indices[p]]++;
  const itemDown = new Float64Array(r.cols);
  for (let i = 0; i < r.cols; i++) itemDown[i] = degI[i] > 0 ? Math.pow(degI[i], -itemExp) : 0;
  const values = new Float32Array(nnz);
  for (let u = 0; u < r.rows; u++) {
    const d = r.indptr[u + 1] - r.indptr[u];
    if (d === 0) continue;
    const su = Math.pow(d, -userExp);
    for (let p = r.indptr[u]; p < r.indptr[u + 1]; p++) values[p] = su * itemDown[r.indices[p]];
  }
  return { rn: { rows: r.rows, cols: r.cols, indptr: r.indptr, indices: r.indices, values }, itemDown };
}

/** k actually used: `rank`, capped at `maxRankFraction` × min(users, items) (at least 1 when rank > 0). */
export function effectiveRank(cfg: GraphFilterConfig, users: number, items: number): number {
  return cappedRank(cfg.rank, cfg.maxRankFraction, users, items);
}

/** Fits the filter: normalises R and, when `rank` > 0, takes the top-k right singular vectors of R̃ by randomized SVD. */
export function buildFilter(
  r: Csr,
  cfg: GraphFilterConfig,
  rng: Rng,
): { filter: ItemFilter; singularValues: Float64Array } {
  const { rn, itemDown } = normalizeInteractions(r, cfg.userExp, cfg.itemExp);
  let v = new Float32Array(0);
  let values: Float64Array = new Float64Array(0);
  let rank = 0;
  const k = effectiveRank(cfg, r.rows, r.cols);
  const rnT = csrTranspose(rn);
  if (k > 0 && r.indptr[r.rows] > 0) {
    const sketch = { rank: k, oversample: cfg.oversample, powerIters: cfg.powerIters };
    const svd = sketchOnItems(cfg, r.rows, r.cols, k)
      ? itemSideSvd(rn, rnT, rng, sketch)
      : randomizedSvd(rn, rng, { ...sketch, transposed: rnT });
    rank = svd.rank;
    v = Float32Array.from(svd.v);
    values = svd.values;
  }
  return {
    filter: new ItemFilter(rn, itemDown, v, rank, resolveThreads(cfg.threads), rnT),
    singularValues: values,
  };
}
