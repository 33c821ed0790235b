import { join } from 'node:path';
import type { Csr } from '../../tensor/csr.ts';
import { interactionCsr } from '../../graph/bipartite.ts';
import { Rng } from '../../util/rng.ts';
import { readManifest, writeManifest } from '../io/manifest.ts';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.ts';
import type {
  FitOptions,
  FitReport,
  Recommender,
  RecommendOptions,
  TopK,
  TrainData,
} from '../recommender.ts';
import { topKRow } from '../shared/topk.ts';
import { datasetInfo, type DatasetInfo } from '../shared/dataset-info.ts';
import { parseConfig, type GraphFilterConfig } from './config.ts';
import { buildFilter, normalizeInteractions, resolveThreads } from './build.ts';
import { ItemFilter, type Signal } from './filter.ts';
import { csrRow } from '../../tensor/csr.ts';

/**
 * Training-free graph-filter recommender (`--model graph-filter`).
 *
 * - GF-CF: Y. Shen et al., "How Powerful is Graph Convolution for Recommendation?", CIKM 2021:
 *   s_u = r_u R̃ᵀR̃ + α r_u D_I^-½ V_k V_kᵀ D_I^½ with R̃ = D_U^-½ R D_I^-½ (U×I) and V_k (I×k) its top
 *   right singular vectors (randomized SVD, Halko et al. 2011, seeded).
 * - BSPM: J. Choi et al., "Blurring-Sharpening Process Models for Collaborative Filtering", SIGIR 2023:
 *   the GF-CF signal (one Euler blur step plus β × ideal term) sharpened by ds/dt = −s R̃ᵀR̃ up to T_s.
 * `fit` only builds R̃ and V_k ("epochs" = 1); users are scored in blocks and never through an I×I matrix.
 */
export class GraphFilter implements Recommender {
  readonly kind = 'graph-filter';
  /** Configuration with defaults filled in. */
  readonly config: GraphFilterConfig;
  /** Binary training matrix R (users × items): the seen items and the users' signals. */
  seen: Csr;
  /** Top singular values of R̃ found by the randomized SVD. */
  singularValues: Float64Array = new Float64Array(0);
  private filter: ItemFilter | null = null;
  private seed = 0;
  private info: DatasetInfo;

  /** An unfitted model for the given sizes. */
  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    config: Record<string, unknown> = {},
  ) {
    this.config = parseConfig(config);
    this.seen = interactionCsr(numUsers, numItems, new Int32Array(0), new Int32Array(0));
    this.info = datasetInfo(undefined, numUsers, numItems);
  }

  /** Builds R̃ from the training positives and its top-k singular vectors (no gradient training). */
  async fit(data: TrainData, opts: FitOptions): Promise<FitReport> {
    const t0 = performance.now();
    this.seed = opts.seed;
    this.seen = interactionCsr(this.numUsers, this.numItems, data.train.user, data.train.item);
    opts.progress?.update('graph-filter svd', 0, 1);
    const built = buildFilter(this.seen, this.config, new Rng(opts.seed).fork(6));
    this.filter = built.filter;
    this.singularValues = built.singularValues;
    opts.progress?.update('graph-filter svd', 1, 1);
    opts.progress?.end();
    this.info = datasetInfo(data.dataset, this.numUsers, this.numItems, data.train.user.length);
    const seconds = (performance.now() - t0) / 1000;
    const report = { epoch: 1, loss: 0, seconds };
    opts.onEpoch?.(report);
    const edges = this.seen.indptr[this.numUsers];
    return {
      epochs: 1,
      seconds,
      curve: [report],
      extra: { graph: { nodes: this.numUsers + this.numItems, edges }, rank: built.filter.rank },
    };
  }

  /** The fitted item filter itself (EASE's exact per-rating explanation reads its factors; throws before fit). */
  itemFilter(): ItemFilter {
    return this.ready();
  }

  private ready(): ItemFilter {
    if (!this.filter) throw new Error('graph-filter: call fit (or load) before scoring');
    return this.filter;
  }

  /** Filter output for a batch of signals, row-major signals.length × numItems. */
  scoreSignals(signals: readonly Signal[]): Float32Array {
    const f = this.ready();
    const c = this.config;
    const out = new Float32Array(signals.length * this.numItems);
    f.addLinear(signals, out);
    f.addIdeal(signals, out, c.alpha);
    if (c.variant === 'bspm' && c.sharpenT > 0)
      f.sharpen(out, signals.length, c.sharpenT, c.sharpenSteps, c.solver);
    return out;
  }

  private userSignal(u: number): Signal {
    const s = this.seen;
    if (u < 0 || u >= s.rows) throw new RangeError(`user ${u} out of range 0..${s.rows - 1}`);
    return { items: csrRow(s, u), weights: null };
  }

  /** Scores of every item for each user (row-major users × items), computed in blocks of `blockSize` users. */
  scoreUsers(users: Int32Array): Float32Array {
    const n = this.numItems;
    const bs = this.config.blockSize;
    // One block (the evaluator's usual request): return the block itself, no second copy.
    if (users.length <= bs) return this.scoreSignals(Array.from(users, (u) => this.userSignal(u)));
    const out = new Float32Array(users.length * n);
    for (let s = 0; s < users.length; s += bs) {
      const part = Array.from(users.subarray(s, Math.min(users.length, s + bs)), (u) => this.userSignal(u));
      out.set(this.scoreSignals(part), s * n);
    }
    return out;
  }

  /** Top-K per user with seen items filtered (partial selection, blocks of `blockSize`). */
  recommend(users: Int32Array, opts: RecommendOptions): TopK {
    const { k } = opts;
    const n = this.numItems;
    const items = new Int32Array(users.length * k);
    const scores = new Float32Array(users.length * k);
    const bs = this.config.blockSize;
    for (let s = 0; s < users.length; s += bs) {
      const block = users.subarray(s, Math.min(users.length, s + bs));
      const sc = this.scoreSignals(Array.from(block, (u) => this.userSignal(u)));
      for (let b = 0; b < block.length; b++) {
        const r = s + b;
        const off = b * n;
        if (opts.filterSeen !== false) {
          const sig = this.userSignal(block[b]);
          for (const i of sig.items) sc[off + i] = -Infinity;
        }
        for (const i of opts.exclude?.[r] ?? []) if (i >= 0 && i < n) sc[off + i] = -Infinity;
        topKRow(sc, off, n, k, items, scores, r * k, opts.candidates);
      }
    }
    return { k, items, scores };
  }

  /** Items with the highest filter response to each query item (the row e_i·F of the item–item filter). */
  similarItems(query: Int32Array, k: number): TopK {
    const n = this.numItems;
    const items = new Int32Array(query.length * k);
    const scores = new Float32Array(query.length * k);
    const sc = this.scoreSignals(Array.from(query, (i) => ({ items: Int32Array.of(i), weights: null })));
    for (let r = 0; r < query.length; r++) {
      sc[r * n + query[r]] = -Infinity;
      topKRow(sc, r * n, n, k, items, scores, r * k);
    }
    return { k, items, scores };
  }

  /** A new user's scores: their positive items (rating > 0, weight 1 as in training) through the same filter. */
  foldIn(items: Int32Array, ratings: Float32Array): Float32Array {
    const keep: number[] = [];
    for (let p = 0; p < items.length; p++) {
      if (items[p] < 0 || items[p] >= this.numItems)
        throw new RangeError(`item ${items[p]} out of range 0..${this.numItems - 1}`);
      if (!(ratings[p] <= 0)) keep.push(items[p]);
    }
    return this.scoreSignals([{ items: Int32Array.from(new Set(keep)), weights: null }]);
  }

  /** Writes manifest.json (config, seed) and tensors.safetensors (R's pattern, V_k, singular values). */
  async save(dir: string): Promise<void> {
    const f = this.ready();
    await saveSafetensors(join(dir, 'tensors.safetensors'), {
      r_indptr: { shape: [this.seen.indptr.length], data: this.seen.indptr },
      r_indices: { shape: [this.seen.indices.length], data: this.seen.indices },
      v: { shape: [this.numItems, f.rank], data: f.v },
      singular_values: { shape: [this.singularValues.length], data: Float32Array.from(this.singularValues) },
    });
    await writeManifest(dir, {
      kind: this.kind,
      config: { ...this.config },
      seed: this.seed,
      dataset: this.info.dataset,
      ids: this.info.ids,
      metrics: {},
      extra: { rank: f.rank },
    });
  }

  /** Loads a folder written by `save` (R̃ is rebuilt from R's pattern; V_k is read back as stored). */
  static async load(dir: string): Promise<GraphFilter> {
    const m = await readManifest(dir);
    const t = await loadSafetensors(join(dir, 'tensors.safetensors'));
    const g = new GraphFilter(m.ids.users.length, m.ids.items.length, m.config);
    g.seen = {
      rows: g.numUsers,
      cols: g.numItems,
      indptr: t.r_indptr.data as Int32Array,
      indices: t.r_indices.data as Int32Array,
      values: null,
    };
    const { rn, itemDown } = normalizeInteractions(g.seen, g.config.userExp, g.config.itemExp);
    const rank = t.v.shape[1] ?? 0;
    g.filter = new ItemFilter(rn, itemDown, t.v.data as Float32Array, rank, resolveThreads(g.config.threads));
    g.singularValues = Float64Array.from(t.singular_values.data);
    g.seed = m.seed;
    g.info = { dataset: m.dataset, ids: m.ids };
    return g;
  }
}
