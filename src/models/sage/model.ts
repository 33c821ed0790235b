import { Tensor } from '../../tensor/index.ts';
import type { SparseMatrix } from '../../tensor/index.ts';
import { HeteroGraph } from '../../graph/hetero.ts';
import { csrFromCoo } from '../../tensor/csr.ts';
import type { Csr } from '../../tensor/csr.ts';
import { encodeItemFeatures, type ItemFeatures } from '../../data/features/item-features.ts';
import type { Dataset } from '../../data/types.ts';
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
import { HeteroSageNet } from './network.ts';
import type { SageNetSizes } from './network.ts';
import { resolveSageConfig } from './config.ts';
import type { SageConfig } from './config.ts';
import { fullAdjacency, trainSage } from './train.ts';
import { computeInference, decodeUser, userDecoderPart } from './inference.ts';
import type { SageInference } from './inference.ts';
import { foldInUser } from './fold-in.ts';
import { topKFiltered } from '../shared/topk.ts';
import { cosineSimilarItems } from '../shared/cosine-similar.ts';
import { edaTables } from './eda.ts';
import { saveSageModel } from './io.ts';
import { minMax } from '../shared/rating-stats.ts';

/** Model kind of the heterogeneous GraphSAGE rating model. */
export const HETERO_SAGE_KIND = 'hetero-sage';

/** What the model remembers about its training data for manifests. */
export interface SageDataInfo {
  dataset?: Dataset;
  trainCount: number;
  features: { cols: number; names: string[]; titleEncoder: string; cacheKey: string } | null;
}

/**
 * Heterogeneous GraphSAGE rating prediction with item features (Hamilton et al., NeurIPS 2017; PyG
 * `to_hetero` + edge decoder, as in the anime and ArangoDB notebooks). Node types `user` (learned
 * identity embedding) and `item` (genres ‖ type ‖ title ‖ numeric features); edge types `rates` and
 * `rev_rates`; predictions clamped to the rating range. Scores are predicted ratings.
 */
export class HeteroSageModel implements Recommender, RatingPredictor {
  readonly kind = HETERO_SAGE_KIND;
  readonly config: SageConfig;
  /** The network (null before `fit` or `load`). */
  net: HeteroSageNet | null = null;
  /** Rating range predictions are clamped to. */
  range: [number, number] = [0, 5];
  /** Training seed (manifest). */
  seed = 0;
  /** Items each user rated in training (filtered out of recommendations). */
  seen: Csr | null = null;
  /** Data description for the manifest (set by fit). */
  info: SageDataInfo = { trainCount: 0, features: null };
  /** Extra JSON for the manifest and the UI (EDA, curve, graph size, predicted-vs-true when evaluated). */
  extra: Record<string, unknown> = {};
  private inference: SageInference | null = null;
  private itemX: Tensor | null = null;
  private adj: Map<string, SparseMatrix> | null = null;

  /** Validation metric that selects the best epoch when it is not the protocol's (the weighted loss's own error). */
  get selectMetric(): string | undefined {
    return this.config.loss === 'weighted' ? 'weighted_rmse' : undefined;
  }

  /** Creates an untrained model. */
  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    config: Record<string, unknown> = {},
  ) {
    this.config = resolveSageConfig(config);
  }

  /** Builds item features and the message-passing graph of `data.train`, then trains (see `trainSage`). */
  async fit(data: TrainData, opts: FitOptions): Promise<FitReport> {
    const t0 = performance.now();
    const cfg = { ...this.config, epochs: opts.epochs ?? this.config.epochs };
    const rng = new Rng(opts.seed);
    this.seed = opts.seed;
    const { train } = data;
    const ds = data.dataset;
    this.range = ds?.ratingRange ?? minMax(train.rating);
    let featureCols = 0;
    if (ds && ds.itemMeta.length === this.numItems && ds.itemMeta.some((m) => Object.keys(m).length > 0)) {
      const f = await encodeItemFeatures(ds, cfg.features, { cacheDir: cfg.featureCache || null });
      if (f.cols > 0) {
        this.itemX = Tensor.from(f.data, [f.rows, f.cols]);
        featureCols = f.cols;
        this.info.features = { cols: f.cols, names: f.names, titleEncoder: f.titleEncoder, cacheKey: f.key };
      }
    }
    const graph = this.ratingGraph(train.user, train.item, this.itemX, train.rating);
    const sizes: SageNetSizes = {
      numUsers: this.numUsers,
      numItems: this.numItems,
      itemFeatures: featureCols,
      hidden: cfg.hidden,
      userDim: cfg.userDim,
      itemDim: cfg.itemDim,
      layers: cfg.layers,
    };
    const net = new HeteroSageNet(graph.metadata().edgeTypes, sizes, rng);
    // Start the decoder at the mean training rating so early epochs refine instead of climbing from 0.
    if (net.decoder2.bias) net.decoder2.bias.data[0] = mean(train.rating);
    this.net = net;
    this.adj = fullAdjacency(graph);
    this.seen = csrFromCoo(this.numUsers, this.numItems, train.user, train.item);
    this.info = { ...this.info, dataset: ds, trainCount: train.user.length };
    const res = trainSage({ net, itemX: this.itemX, graph, train, val: data.val, range: this.range }, cfg, {
      epochs: cfg.epochs,
      rng: rng.fork(7),
      onEpoch: (r: EpochReport) => {
        this.inference = null; // weights moved: cached representations are stale
        opts.progress?.update('train', r.epoch, cfg.epochs);
        return opts.onEpoch?.(r);
      },
    });
    opts.progress?.end();
    this.inference = null;
    this.extra = {
      ...this.extra,
      graph: graph.size(),
      curve: res.curve,
      features: this.info.features
        ? { cols: this.info.features.cols, titleEncoder: this.info.features.titleEncoder }
        : null,
      ...(ds ? { eda: edaTables(ds) } : {}),
    };
    const seconds = (performance.now() - t0) / 1000;
    const epochSeconds = res.curve.reduce((s, r) => s + r.seconds, 0) / Math.max(1, res.curve.length);
    return {
      epochs: res.epochs,
      seconds,
      curve: res.curve,
      extra: { graph: graph.size(), epoch_seconds: epochSeconds },
    };
  }

  /** Cached representations, recomputed after training steps. */
  state(): { net: HeteroSageNet; inf: SageInference } {
    if (!this.net) throw new Error('hetero-sage: model is not trained');
    if (!this.inference) {
      if (!this.adj) throw new Error('hetero-sage: no graph to encode');
      this.inference = computeInference(this.net, this.itemX, this.adj);
    }
    return { net: this.net, inf: this.inference };
  }

  /**
   * After `load` (which keeps no graph or features): rebuilds the message-passing graph from `seen` and installs the
   * item features the model was trained with (`features`, e.g. re-encoded from the run's dataset), so full-graph
   * attributions such as feature IG can run. The cached representations are kept.
   */
  restoreGraphInputs(features: ItemFeatures): void {
    const F = this.net?.sizes.itemFeatures ?? 0;
    if (!this.seen) throw new Error('hetero-sage: no training interactions to rebuild the graph from');
    if (features.cols !== F || features.rows !== this.numItems)
      throw new Error(
        `hetero-sage: ${features.rows}×${features.cols} features for a model of ${this.numItems}×${F}`,
      );
    const s = this.seen;
    const users = new Int32Array(s.indptr[s.rows]);
    for (let u = 0; u < s.rows; u++) users.fill(u, s.indptr[u], s.indptr[u + 1]);
    this.itemX = F > 0 ? Tensor.from(features.data, [this.numItems, F]) : null;
    this.adj = fullAdjacency(this.ratingGraph(users, s.indices.subarray(0, users.length), this.itemX));
    this.info = {
      ...this.info,
      features:
        F > 0
          ? { cols: F, names: features.names, titleEncoder: features.titleEncoder, cacheKey: features.key }
          : null,
    };
  }

  /** The message-passing graph: `rates` edges (user → item, optionally labelled by rating) and their reverses. */
  private ratingGraph(
    users: Int32Array,
    items: Int32Array,
    itemX: Tensor | null,
    ratings?: Float32Array,
  ): HeteroGraph {
    const x = itemX ? { rows: this.numItems, cols: itemX.shape[1], data: itemX.data } : undefined;
    return new HeteroGraph()
      .addNodeType('user', this.numUsers)
      .addNodeType('item', this.numItems, x)
      .addEdgeType(['user', 'rates', 'item'], users, items, ratings)
      .toUndirected();
  }

  /** Item features and message-passing graph of the last `fit` (null after `load`), for feature attributions. */
  graphInputs(): { itemX: Tensor | null; adj: Map<string, SparseMatrix> | null } {
    return { itemX: this.itemX, adj: this.adj };
  }

  /** Installs precomputed representations (used by `load`, which has no graph). */
  setInference(inf: SageInference): void {
    this.inference = inf;
  }

  /** Predicted ratings of (user, item) pairs, clamped to the rating range. */
  predict(users: Int32Array, items: Int32Array): Float32Array {
    const { net, inf } = this.state();
    const h = inf.hidden;
    const out = new Float32Array(users.length);
    const one = new Float32Array(1);
    const parts = new Map<number, Float32Array>();
    for (let k = 0; k < users.length; k++) {
      let p = parts.get(users[k]);
      if (!p)
        parts.set(users[k], (p = userDecoderPart(net, inf.zUser.subarray(users[k] * h, (users[k] + 1) * h))));
      decodeUser(net, inf, p, items.subarray(k, k + 1), one);
      out[k] = this.clamp(one[0]);
    }
    return out;
  }

  /** Predicted ratings of every item for each user, clamped: row-major users × items. */
  scoreUsers(users: Int32Array): Float32Array {
    const out = this.rawScores(users);
    for (let i = 0; i < out.length; i++) out[i] = this.clamp(out[i]);
    return out;
  }

  /** Top-K unseen items by predicted rating (ranked before clamping, so items predicted above the top rating keep their order). */
  recommend(users: Int32Array, opts: RecommendOptions): TopK {
    const res = topKFiltered(this.rawScores(users), users, this.numItems, opts, this.seen);
    for (let i = 0; i < res.scores.length; i++)
      if (res.items[i] >= 0) res.scores[i] = this.clamp(res.scores[i]);
    return res;
  }

  private rawScores(users: Int32Array): Float32Array {
    const { net, inf } = this.state();
    const h = inf.hidden;
    const out = new Float32Array(users.length * this.numItems);
    users.forEach((u, r) => {
      decodeUser(
        net,
        inf,
        userDecoderPart(net, inf.zUser.subarray(u * h, (u + 1) * h)),
        null,
        out.subarray(r * this.numItems, (r + 1) * this.numItems),
      );
    });
    return out;
  }

  /** Items closest in the learned item space (cosine of z_item). */
  similarItems(items: Int32Array, k: number): TopK {
    const { inf } = this.state();
    return cosineSimilarItems(inf.zItem, this.numItems, inf.hidden, items, k);
  }

  /** Predicted ratings of every item for a new user, from the items they rated (see `foldInUser`). */
  foldIn(items: Int32Array, ratings: Float32Array): Float32Array {
    const { net, inf } = this.state();
    const zu = foldInUser(net, inf, items, ratings);
    const out = new Float32Array(this.numItems);
    decodeUser(net, inf, userDecoderPart(net, zu), null, out);
    for (let i = 0; i < out.length; i++) out[i] = this.clamp(out[i]);
    return out;
  }

  /** Copy of the trainable state (best-epoch restore by the trainer). */
  checkpoint(): Float32Array[] {
    return (this.net?.parameters() ?? []).map((p) => p.data.slice());
  }

  /** Restores a `checkpoint` copy. */
  restoreCheckpoint(state: Float32Array[]): void {
    (this.net?.parameters() ?? []).forEach((p, k) => p.data.set(state[k]));
    this.inference = null;
  }

  /** Writes `manifest.json` + `tensors.safetensors`. */
  async save(dir: string): Promise<void> {
    await saveSageModel(this, dir);
  }

  private clamp(x: number): number {
    return x < this.range[0] ? this.range[0] : x > this.range[1] ? this.range[1] : x;
  }
}

function mean(a: Float32Array): number {
  let s = 0;
  for (const v of a) s += v;
  return a.length ? s / a.length : 0;
}
