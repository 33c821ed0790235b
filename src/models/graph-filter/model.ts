import type { Csr } from '../../tensor/csr.ts';
import { interactionCsr } from '../../graph/bipartite.ts';
import { Rng } from '../../util/rng.ts';
import type {
  FitOptions,
  FitReport,
  Recommender,
  RecommendOptions,
  TopK,
  TrainData,
} from '../recommender.ts';
import { loadLowRankFolder, saveLowRankFolder } from '../shared/low-rank-folder.ts';
import {
  positiveHistory,
  recommendInBlocks,
  scoreUsersInBlocks,
  similarByResponse,
  userHistory,
} from '../shared/signal-scoring.ts';
import { closedFormReport, graphExtra } from '../shared/closed-form-fit.ts';
import { FitRecord } from '../shared/fit-record.ts';
import { parseConfig, type GraphFilterConfig } from './config.ts';
import { buildFilter, normalizeInteractions, resolveThreads } from './build.ts';
import { ItemFilter, type Signal } from './filter.ts';
import {
  CANDIDATE_MIN_USERS,
  foldInByCandidates,
  candidateOptions,
  hasRetrievalIndex,
  recommendByCandidates,
} from './candidates.ts';
import { gfTermsAt } from './terms-at.ts';

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
  private readonly record: FitRecord;

  /** An unfitted model for the given sizes. */
  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    config: Record<string, unknown> = {},
  ) {
    this.config = parseConfig(config);
    this.seen = interactionCsr(numUsers, numItems, new Int32Array(0), new Int32Array(0));
    this.record = new FitRecord(numUsers, numItems);
  }

  /** Builds R̃ from the training positives and its top-k singular vectors (no gradient training). */
  async fit(data: TrainData, opts: FitOptions): Promise<FitReport> {
    const t0 = performance.now();
    this.seen = interactionCsr(this.numUsers, this.numItems, data.train.user, data.train.item);
    opts.progress?.update('graph-filter svd', 0, 1);
    const built = buildFilter(this.seen, this.config, new Rng(opts.seed).fork(6));
    this.filter = built.filter;
    this.singularValues = built.singularValues;
    opts.progress?.update('graph-filter svd', 1, 1);
    opts.progress?.end();
    this.record.fitted(opts.seed, data);
    return closedFormReport(t0, opts, { graph: graphExtra(this.seen), rank: built.filter.rank });
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

  /** Users scored per block (the config's `blockSize`). */
  get blockSize(): number {
    return this.config.blockSize;
  }

  /** A user's training items (their signal). */
  history(u: number): Int32Array {
    return userHistory(this.seen, u);
  }

  /** Scores of every item for each user (row-major users × items), computed in blocks of `blockSize` users. */
  scoreUsers(users: Int32Array): Float32Array {
    return scoreUsersInBlocks(this, users);
  }

  /**
   * Top-K per user with seen items filtered (partial selection, blocks of `blockSize`); with `candidates` > 0 (GF-CF,
   * whole catalogue, batches of `CANDIDATE_MIN_USERS` or more, any batch with an IVF or HNSW) by candidate retrieval
   * and exact re-ranking.
   */
  recommend(users: Int32Array, opts: RecommendOptions): TopK {
    const c = this.config;
    if (
      c.candidates > 0 &&
      c.variant === 'gf-cf' &&
      // An index reads a few rows per user, so even one user (a served request) is cheaper than scoring every item.
      (users.length >= CANDIDATE_MIN_USERS || hasRetrievalIndex(c)) &&
      opts.candidates === undefined &&
      this.ready().rank > 0
    )
      return recommendByCandidates(
        this.ready(),
        this.seen,
        this.singularValues,
        c.alpha,
        users,
        opts,
        candidateOptions(c),
      );
    return recommendInBlocks(this, users, opts);
  }

  /** Items with the highest filter response to each query item (the row e_i·F of the item–item filter). */
  similarItems(query: Int32Array, k: number): TopK {
    return similarByResponse(this, query, k);
  }

  /** A new user's scores: their positive items (rating > 0, weight 1 as in training) through the same filter. */
  foldIn(items: Int32Array, ratings: Float32Array): Float32Array {
    return this.scoreSignals([{ items: positiveHistory(items, ratings, this.numItems), weights: null }]);
  }

  /**
   * A new user's top-`k` (their rated and `exclude`d items left out) by candidate retrieval over the inverted file
   * or the HNSW graph, when configured (GF-CF, `candidates` > 0 and `ivfLists` > 0 or `ann` = hnsw); undefined
   * otherwise: rank `foldIn`'s scores instead.
   */
  foldInTop(items: Int32Array, ratings: Float32Array, k: number, exclude: Int32Array): TopK | undefined {
    const c = this.config;
    if (!(c.candidates > 0 && hasRetrievalIndex(c) && c.variant === 'gf-cf' && this.ready().rank > 0))
      return undefined;
    const skip = new Int32Array(exclude.length + items.length);
    skip.set(exclude);
    skip.set(items, exclude.length);
    const positive = positiveHistory(items, ratings, this.numItems);
    return foldInByCandidates(
      this.ready(),
      positive,
      this.singularValues,
      c.alpha,
      k,
      skip,
      candidateOptions(c),
    );
  }

  /**
   * The fold-in's score as one term per rated item (`DecomposableFoldIn`, what a list's reasons read): with `at`,
   * `terms[p][q]` is rated item p's part of at[q]'s score and `scores` holds their sums at `at` (GF-CF: read from the
   * filter's factors, `gfTermsAt`, so a list's reasons cost no catalogue-sized vector per rated item); otherwise, or
   * for BSPM, each positive item's filtered one-item signal, 64 at a time, and the whole fold-in as `scores`.
   */
  foldInTerms(
    items: Int32Array,
    ratings: Float32Array,
    at?: Int32Array,
  ): { scores: Float32Array; terms: Float32Array[] } {
    const positive = positiveHistory(items, ratings, this.numItems);
    const first = new Map<number, number>();
    items.forEach((j, p) => {
      if (ratings[p]! > 0 && !first.has(j)) first.set(j, p);
    });
    const cols = at ? at.length : this.numItems;
    const terms = Array.from(items, () => new Float32Array(cols));
    if (at && this.config.variant === 'gf-cf') {
      const vals = gfTermsAt(this.ready(), this.config.alpha, positive, at);
      const scores = new Float32Array(this.numItems);
      const sums = new Float64Array(at.length);
      positive.forEach((j, r) => {
        const t = terms[first.get(j)!]!;
        for (let q = 0; q < at.length; q++) {
          t[q] = vals[r * at.length + q]!;
          sums[q]! += vals[r * at.length + q]!;
        }
      });
      at.forEach((i, q) => (scores[i] = sums[q]!));
      return { scores, terms };
    }
    const n = this.numItems;
    for (let s = 0; s < positive.length; s += 64) {
      const part = positive.subarray(s, Math.min(positive.length, s + 64));
      const out = this.scoreSignals(Array.from(part, (j) => ({ items: Int32Array.of(j), weights: null })));
      part.forEach((j, r) => {
        const t = terms[first.get(j)!]!;
        if (at) at.forEach((i, q) => (t[q] = out[r * n + i]!));
        else t.set(out.subarray(r * n, (r + 1) * n));
      });
    }
    return { scores: this.foldIn(items, ratings), terms };
  }

  /** Writes manifest.json (config, seed) and tensors.safetensors (R's pattern, V_k, singular values). */
  async save(dir: string): Promise<void> {
    const f = this.ready();
    await saveLowRankFolder(dir, this.record.head(this.kind, this.config), {
      seen: this.seen,
      v: f.v,
      rank: f.rank,
      singularValues: this.singularValues,
    });
  }

  /** Loads a folder written by `save` (R̃ is rebuilt from R's pattern; V_k is read back as stored). */
  static async load(dir: string): Promise<GraphFilter> {
    const { manifest: m, parts } = await loadLowRankFolder(dir);
    const g = new GraphFilter(m.ids.users.length, m.ids.items.length, m.config);
    g.seen = parts.seen;
    const { rn, itemDown } = normalizeInteractions(g.seen, g.config.userExp, g.config.itemExp);
    g.filter = new ItemFilter(rn, itemDown, parts.v, parts.rank, resolveThreads(g.config.threads));
    g.singularValues = parts.singularValues;
    g.record.loaded(m);
    return g;
  }
}
