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
import { ItemFilter, type Signal } from '../graph-filter/filter.ts';
import { resolveThreads } from '../graph-filter/build.ts';
import { parseConfig, SCORE_KEYS, type SpectralFilterConfig } from './config.ts';
import { buildBasis, normalize, type SpectralBasis } from './basis.ts';
import { linearRowSums, SpectralScorer } from './scorer.ts';

/** One history item's share of a score (exact: the shares sum to the score). */
export interface HistoryContribution {
  item: number;
  weight: number;
}

/**
 * Training-free spectral graph filter (`--model spectral-filter`), a generalisation of GF-CF that keeps its cost:
 *   s_u = N_L · (r_u ⊙ d_in) V_k diag((σ/σ₁)^p) V_kᵀ ⊙ (d+μ)^o  +  γ · N_H · y_u R̃ᵀR̃,   R̃ = (D_U+μ)^-εᵤ R (D_I+μ)^-εᵢ.
 *
 * - GF-CF (Shen et al., CIKM 2021) is p = 0, o = ½, γ = 1, raw y, no row normalisation.
 * - SGFCF (Peng et al., "How Powerful is Graph Filtering for Recommendation", KDD 2024): generalised normalisation
 *   (εᵤ, εᵢ, μ), a spectral weight (σ/σ₁)^p over the top-k vectors instead of an ideal cut-off, and a full-spectrum
 *   term; each term divided by its row sum (N_L, N_H). Its individualised filter (IGF: a per-user filter by the
 *   confidence of the user's interactions) is here only in a degree-dependent form: `lowRankUserExp` κ weights the
 *   low-rank term by (d_u / d̄)^κ against the linear one (d̄ the geometric mean of the training users' degrees).
 * - BSPM (Choi et al., SIGIR 2023) and Turbo-CF (Park et al., SIGIR 2024) reshape the same spectrum by an ODE or a
 *   polynomial of R̃ᵀR̃; over the top-k vectors any such function is one (σ/σ₁)^p-like re-weighting, which is what
 *   makes it affordable here: no dense items × items matrix, one randomized SVD (Halko et al. 2011).
 * - `sharpenT` adds BSPM-EM's sharpening over the full spectrum: ds/dt = −s·R̃ᵀR̃/σ₁² from the mixed score, in Euler or
 *   RK4 steps (`sharpenSolver`; the published Gowalla run is one RK4 step of T_s 2.5, i.e. s·p(2.5·R̃ᵀR̃) with p the
 *   degree-4 Taylor polynomial of e^{−z}), as sparse products on the scored block (`ItemFilter.sharpen`).
 * The score is linear in the history once N_L and N_H are fixed, so `contributions` is exact.
 */
export class SpectralFilter implements Recommender {
  readonly kind = 'spectral-filter';
  /** Configuration with defaults filled in (score-time keys change through `reconfigure`). */
  config: SpectralFilterConfig;
  /** Binary training matrix R (users × items): the seen items and the users' signals. */
  seen: Csr;
  private basis: SpectralBasis | null = null;
  private linear: ItemFilter | null = null;
  private linearSums: Float64Array = new Float64Array(0);
  private scorer: SpectralScorer | null = null;
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

  /** Builds R̃ and its top singular vectors (no gradient training; one "epoch"). */
  async fit(data: TrainData, opts: FitOptions): Promise<FitReport> {
    const t0 = performance.now();
    this.seen = interactionCsr(this.numUsers, this.numItems, data.train.user, data.train.item);
    opts.progress?.update('spectral-filter svd', 0, 1);
    this.install(buildBasis(this.seen, this.config, new Rng(opts.seed).fork(22)));
    opts.progress?.update('spectral-filter svd', 1, 1);
    opts.progress?.end();
    this.record.fitted(opts.seed, data);
    return closedFormReport(t0, opts, { graph: graphExtra(this.seen), rank: this.basis?.rank ?? 0 });
  }

  private install(basis: SpectralBasis): void {
    this.basis = basis;
    this.linear = new ItemFilter(
      basis.rn,
      basis.itemIn,
      new Float32Array(0),
      0,
      resolveThreads(this.config.threads),
    );
    this.linearSums = linearRowSums(basis, this.linear);
    this.scorer?.close();
    this.scorer = new SpectralScorer(basis, this.config, this.linear, this.linearSums);
  }

  /** Singular values of R̃ found at fit time. */
  get singularValues(): Float64Array {
    return this.basis?.sigma ?? new Float64Array(0);
  }

  /**
   * Changes score-time settings (rank ≤ fitted, power, outExp, gamma, linearInput, rowNorm) without refitting; a
   * changed fit-time key is an error (fit a new model instead). Lets a tuner try many settings on one SVD.
   */
  reconfigure(raw: Record<string, unknown>): void {
    const next = parseConfig(raw, this.config);
    for (const key of Object.keys(next) as Array<keyof SpectralFilterConfig>) {
      if (next[key] !== this.config[key] && !SCORE_KEYS.includes(key) && key !== 'blockSize')
        throw new RangeError(`spectral-filter: ${key} is fixed at fit time (refit to change it)`);
    }
    this.config = next;
    if (this.basis && this.linear) {
      this.scorer?.close();
      this.scorer = new SpectralScorer(this.basis, next, this.linear, this.linearSums);
    }
  }

  private ready(): SpectralScorer {
    if (!this.scorer) throw new Error('spectral-filter: call fit (or load) before scoring');
    return this.scorer;
  }

  /** Filter output for a batch of signals, row-major signals.length × numItems. */
  scoreSignals(signals: readonly Signal[]): Float32Array {
    const out = new Float32Array(signals.length * this.numItems);
    this.ready().addScores(signals, out);
    return out;
  }

  /**
   * Exact per-history-item contributions to `item`'s score for a history (a user's training items, or a new user's):
   * each item's one-item response, scaled by the whole history's row normalisers; they sum to the score.
   */
  contributions(history: Int32Array, item: number): { score: number; contributions: HistoryContribution[] } {
    const sc = this.ready();
    const sums = sc.sums([{ items: history, weights: null }]);
    const n = this.numItems;
    const out: HistoryContribution[] = [];
    let score = 0;
    const block = 64;
    for (let s = 0; s < history.length; s += block) {
      const part = history.subarray(s, Math.min(history.length, s + block));
      const fixed = {
        lowRank: new Float64Array(part.length).fill(sums.lowRank[0]),
        linear: new Float64Array(part.length).fill(sums.linear[0]),
      };
      const resp = new Float32Array(part.length * n);
      sc.addScores(
        Array.from(part, (j) => ({ items: Int32Array.of(j), weights: null })),
        resp,
        fixed,
      );
      part.forEach((j, r) => {
        const w = resp[r * n + item];
        score += w;
        out.push({ item: j, weight: w });
      });
    }
    return { score, contributions: out };
  }

  /** The linear term alone for some users (γ = 1, no row normalisation; input as configured), for validation grids. */
  linearScores(users: Int32Array): Float32Array {
    const lin = this.linear;
    if (!lin || !this.basis) throw new Error('spectral-filter: call fit (or load) before scoring');
    const itemIn = this.basis.itemIn;
    const normalized = this.config.linearInput === 'normalized';
    const signals = Array.from(users, (u) => {
      const items = this.history(u);
      return { items, weights: normalized ? Float32Array.from(items, (i) => itemIn[i]) : null };
    });
    const out = new Float32Array(users.length * this.numItems);
    lin.addLinear(signals, out);
    return out;
  }

  /** A user's training items (their signal). */
  history(u: number): Int32Array {
    return userHistory(this.seen, u);
  }

  /** Users scored per block (the config's `blockSize`). */
  get blockSize(): number {
    return this.config.blockSize;
  }

  /** Scores of every item for each user (row-major users × items), in blocks of `blockSize` users. */
  scoreUsers(users: Int32Array): Float32Array {
    return scoreUsersInBlocks(this, users);
  }

  /** Top-K per user with seen items filtered (partial selection, blocks of `blockSize`). */
  recommend(users: Int32Array, opts: RecommendOptions): TopK {
    return recommendInBlocks(this, users, opts);
  }

  /** Items with the highest filter response to each query item (the one-item signal e_i through the filter). */
  similarItems(query: Int32Array, k: number): TopK {
    return similarByResponse(this, query, k);
  }

  /** A new user's scores: their positive items (rating > 0, weight 1 as in training) through the same filter. */
  foldIn(items: Int32Array, ratings: Float32Array): Float32Array {
    return this.scoreSignals([{ items: this.newHistory(items, ratings), weights: null }]);
  }

  /** A new user's history as the filter reads it: distinct items with a positive rating (range-checked). */
  newHistory(items: Int32Array, ratings: Float32Array): Int32Array {
    return positiveHistory(items, ratings, this.numItems);
  }

  /** Writes manifest.json (config, seed) and tensors.safetensors (R's pattern, V_k, σ). */
  async save(dir: string): Promise<void> {
    const b = this.basis;
    if (!b) throw new Error('spectral-filter: call fit (or load) before saving');
    await saveLowRankFolder(dir, this.record.head(this.kind, this.config), {
      seen: this.seen,
      v: b.v,
      rank: b.rank,
      singularValues: b.sigma,
    });
  }

  /** Loads a folder written by `save` (R̃ is rebuilt exactly from R's pattern; V_k and σ are read back). */
  static async load(dir: string): Promise<SpectralFilter> {
    const { manifest: m, parts } = await loadLowRankFolder(dir);
    const g = new SpectralFilter(m.ids.users.length, m.ids.items.length, m.config);
    g.seen = parts.seen;
    const { rn, itemIn, itemDeg } = normalize(g.seen, g.config);
    // σ was stored as float32; the scorer reads only ratios σ/σ₁, so float64 of the stored values is exact enough and deterministic.
    g.install({ rn, itemIn, itemDeg, rank: parts.rank, v: parts.v, sigma: parts.singularValues });
    g.record.loaded(m);
    return g;
  }
}
