import { join } from 'node:path';
import { csrFromCoo, type Csr } from '../../tensor/csr.ts';
import { readManifest } from '../io/manifest.ts';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.ts';
import { Rng } from '../../util/rng.ts';
import type {
  EpochReport,
  FitOptions,
  FitReport,
  RatingPredictor,
  RecommendOptions,
  Recommender,
  TopK,
  TrainData,
} from '../recommender.ts';
import { FitRecord } from '../shared/fit-record.ts';
import { topKFiltered } from '../shared/topk.ts';
import { cosineSimilarItems } from '../shared/cosine-similar.ts';
import { storedPattern, writeModelManifest } from '../shared/model-folder.ts';
import { parseSvdppConfig, type SvdppConfig } from './config.ts';
import { implicitSums, initSvdpp, svdppEpoch, svdppPredict, type SvdppParams } from './train.ts';
import { foldInSvdpp } from './fold-in.ts';
import { minMax } from '../shared/rating-stats.ts';

/** Model kind of SVD++. */
export const SVDPP_KIND = 'svdpp';

/**
 * SVD++ (Y. Koren, "Factorization Meets the Neighborhood", KDD 2008): a biased matrix factorisation whose user is
 * also the normalised sum of implicit item factors over the user's neighbourhood in the rating graph,
 * r̂ = μ + b_u + b_i + q_i·(p_u + |N(u)|^-½ Σ_{j∈N(u)} y_j), fitted by SGD (early stopping on validation RMSE by the
 * trainer's loop).
 * Scores are predicted ratings, clamped to the training rating range.
 */
export class SvdppModel implements Recommender, RatingPredictor {
  readonly kind = SVDPP_KIND;
  readonly config: SvdppConfig;
  /** Rating range predictions are clamped to. */
  range: [number, number] = [0, 5];
  /** Items each user rated in training (their implicit neighbourhood; filtered out of recommendations). */
  seen: Csr;
  private params: SvdppParams | null = null;
  /** Cached implicit sums [U × f] of the training users. */
  private zUser: Float32Array | null = null;
  private readonly record: FitRecord;
  private extra: Record<string, unknown> = {};

  /** An unfitted model of the given sizes. */
  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    config: Record<string, unknown> = {},
  ) {
    this.config = parseSvdppConfig(config);
    this.seen = csrFromCoo(numUsers, numItems, new Int32Array(0), new Int32Array(0));
    this.record = new FitRecord(numUsers, numItems);
  }

  /**
   * SGD epochs over the training ratings until the epoch limit or until `onEpoch` answers 'stop'. Validation, the
   * best epoch and its restore belong to the one early-stopping loop (`trainWithEarlyStopping`, via `checkpoint`).
   */
  async fit(data: TrainData, opts: FitOptions): Promise<FitReport> {
    const t0 = performance.now();
    const c = this.config;
    const epochs = opts.epochs ?? c.epochs;
    const { train } = data;
    this.range = data.dataset?.ratingRange ?? minMax(train.rating);
    const byUser = csrFromCoo(this.numUsers, this.numItems, train.user, train.item, train.rating);
    this.seen = { ...byUser, values: null };
    const rng = new Rng(opts.seed);
    const m = initSvdpp(this.numUsers, this.numItems, mean(train.rating), c, rng.fork(1));
    this.params = m;
    const curve: EpochReport[] = [];
    let lr = c.lr;
    for (let e = 1; e <= epochs; e++) {
      const te = performance.now();
      const mse = svdppEpoch(m, byUser, byUser.values ?? train.rating, c, lr, rng.fork(100 + e));
      lr *= c.decay;
      this.zUser = null;
      const report: EpochReport = { epoch: e, loss: mse, seconds: (performance.now() - te) / 1000 };
      curve.push(report);
      opts.progress?.update('train', e, epochs);
      if (opts.onEpoch?.(report) === 'stop') break;
    }
    opts.progress?.end();
    this.record.fitted(opts.seed, data);
    this.extra = { mu: m.mu, range: this.range };
    return { epochs: curve.length, seconds: (performance.now() - t0) / 1000, curve };
  }

  /** Copy of the trainable parameters (best-epoch restore by the trainer). */
  checkpoint(): SvdppParams {
    return copyParams(this.state());
  }

  /** Restores a `checkpoint` copy (copied again, so one checkpoint can be restored twice). */
  restoreCheckpoint(state: SvdppParams): void {
    this.params = copyParams(state);
    this.zUser = null;
  }

  /** Predicted ratings of (user, item) pairs, clamped to the rating range. */
  predict(users: Int32Array, items: Int32Array): Float32Array {
    const out = svdppPredict(this.state(), this.sums(), users, items);
    for (let k = 0; k < out.length; k++) out[k] = this.clamp(out[k]);
    return out;
  }

  /** Predicted ratings of every item for each user, clamped: row-major users × items. */
  scoreUsers(users: Int32Array): Float32Array {
    const out = this.rawScores(users);
    for (let k = 0; k < out.length; k++) out[k] = this.clamp(out[k]);
    return out;
  }

  /** Top-K unseen items by predicted rating (ranked before clamping, so items predicted above the top rating keep their order). */
  recommend(users: Int32Array, opts: RecommendOptions): TopK {
    const res = topKFiltered(this.rawScores(users), users, this.numItems, opts, this.seen);
    for (let k = 0; k < res.scores.length; k++)
      if (res.items[k] >= 0) res.scores[k] = this.clamp(res.scores[k]);
    return res;
  }

  /** Items closest in the item factor space (cosine of q). */
  similarItems(items: Int32Array, k: number): TopK {
    const m = this.state();
    return cosineSimilarItems(m.q, this.numItems, m.factors, items, k);
  }

  /** Predicted ratings of every item for a new user, from the items they rated (see `foldInSvdpp`). */
  foldIn(items: Int32Array, ratings: Float32Array): Float32Array {
    const m = this.state();
    const f = m.factors;
    const u = foldInSvdpp(m, items, ratings, this.config.reg, this.config.regBias);
    const out = new Float32Array(this.numItems);
    for (let i = 0; i < this.numItems; i++) {
      let dot = 0;
      for (let d = 0; d < f; d++) dot += m.q[i * f + d] * (u.p[d] + u.z[d]);
      out[i] = this.clamp(m.mu + u.bias + m.itemBias[i] + dot);
    }
    return out;
  }

  /** Writes manifest.json and tensors.safetensors (biases, factors, training pattern). */
  async save(dir: string): Promise<void> {
    const m = this.state();
    const f = m.factors;
    await saveSafetensors(join(dir, 'tensors.safetensors'), {
      user_bias: { shape: [this.numUsers], data: m.userBias },
      item_bias: { shape: [this.numItems], data: m.itemBias },
      p: { shape: [this.numUsers, f], data: m.p },
      q: { shape: [this.numItems, f], data: m.q },
      y: { shape: [this.numItems, f], data: m.y },
      seen_indptr: { shape: [this.seen.indptr.length], data: this.seen.indptr },
      seen_indices: { shape: [this.seen.indices.length], data: this.seen.indices },
    });
    await writeModelManifest(dir, this.record.head(this.kind, this.config), {
      ...this.extra,
      mu: m.mu,
      range: this.range,
    });
  }

  /** Loads a folder written by `save`. */
  static async load(dir: string): Promise<SvdppModel> {
    const man = await readManifest(dir);
    const t = await loadSafetensors(join(dir, 'tensors.safetensors'));
    const s = new SvdppModel(man.ids.users.length, man.ids.items.length, man.config);
    s.seen = storedPattern(t, 'seen', s.numUsers, s.numItems);
    const extra = man.extra ?? {};
    s.range = extra.range as [number, number];
    s.params = {
      factors: s.config.factors,
      mu: Number(extra.mu),
      userBias: t.user_bias!.data as Float32Array,
      itemBias: t.item_bias!.data as Float32Array,
      p: t.p!.data as Float32Array,
      q: t.q!.data as Float32Array,
      y: t.y!.data as Float32Array,
    };
    s.extra = extra;
    s.record.loaded(man);
    return s;
  }

  private state(): SvdppParams {
    if (!this.params) throw new Error('svdpp: model is not trained');
    return this.params;
  }

  private sums(): Float32Array {
    this.zUser ??= implicitSums(this.state(), this.seen);
    return this.zUser;
  }

  private rawScores(users: Int32Array): Float32Array {
    const m = this.state();
    const z = this.sums();
    const f = m.factors;
    const I = this.numItems;
    const out = new Float32Array(users.length * I);
    const pu = new Float32Array(f);
    users.forEach((u, r) => {
      for (let d = 0; d < f; d++) pu[d] = m.p[u * f + d] + z[u * f + d];
      const base = m.mu + m.userBias[u];
      for (let i = 0; i < I; i++) {
        let dot = 0;
        for (let d = 0; d < f; d++) dot += m.q[i * f + d] * pu[d];
        out[r * I + i] = base + m.itemBias[i] + dot;
      }
    });
    return out;
  }

  private clamp(x: number): number {
    return x < this.range[0] ? this.range[0] : x > this.range[1] ? this.range[1] : x;
  }
}

function copyParams(m: SvdppParams): SvdppParams {
  return {
    factors: m.factors,
    mu: m.mu,
    userBias: m.userBias.slice(),
    itemBias: m.itemBias.slice(),
    p: m.p.slice(),
    q: m.q.slice(),
    y: m.y.slice(),
  };
}

function mean(a: Float32Array): number {
  let s = 0;
  for (const v of a) s += v;
  return a.length ? s / a.length : 0;
}
