import { SparseMatrix, backward, noGrad, tidy } from '../../tensor/index.ts';
import type { Tensor } from '../../tensor/index.ts';
import { Adam, mseLoss, weightedMseLoss } from '../../nn/index.ts';
import { edgeKey } from '../../graph/hetero.ts';
import type { HeteroGraph } from '../../graph/hetero.ts';
import { rowNormalise, sampleBlocks } from '../../graph/hetero-sampler.ts';
import type { HeteroLayerInput } from '../layers/hetero-conv.ts';
import { fullLayerInput } from './network.ts';
import type { HeteroSageNet } from './network.ts';
import type { SageConfig } from './config.ts';
import type { EpochReport } from '../recommender.ts';
import type { Rng } from '../../util/rng.ts';

/** Labelled user–item pairs (dense indices). */
export interface RatingPairs {
  user: Int32Array;
  item: Int32Array;
  rating: Float32Array;
}

/** Everything one training run needs. */
export interface SageTrainContext {
  net: HeteroSageNet;
  /** Item input features [I, F], constant; null when items only have an identity embedding. */
  itemX: Tensor | null;
  /** Message-passing graph: training ratings and their reverse. */
  graph: HeteroGraph;
  train: RatingPairs;
  val?: RatingPairs;
  /** Clamp range of predictions. */
  range: [number, number];
}

/** Options of `trainSage`. */
export interface SageTrainOptions {
  epochs: number;
  rng: Rng;
  onEpoch?: (r: EpochReport) => void | 'stop';
}

/** What `trainSage` returns. */
export interface SageTrainResult {
  curve: EpochReport[];
  epochs: number;
}

/**
 * Class weights of the ArangoDB notebook: weight(r) = max_r' count(r') / count(r) over training
 * ratings, so rare rating values (1, 2) weigh as much in total as the common ones (3, 4).
 */
export function ratingClassWeights(ratings: Float32Array): Float32Array {
  const counts = new Map<number, number>();
  for (const r of ratings) counts.set(r, (counts.get(r) ?? 0) + 1);
  let max = 0;
  for (const c of counts.values()) max = Math.max(max, c);
  return Float32Array.from(ratings, (r) => max / (counts.get(r) as number));
}

/** Class weights learned from `train` ratings applied to `other` ratings (values unseen in training weigh 1). */
export function classWeightsFor(train: Float32Array, other: Float32Array): Float32Array {
  const counts = new Map<number, number>();
  for (const r of train) counts.set(r, (counts.get(r) ?? 0) + 1);
  let max = 0;
  for (const c of counts.values()) max = Math.max(max, c);
  return Float32Array.from(other, (r) => (counts.has(r) ? max / (counts.get(r) as number) : 1));
}

/** Class-weighted RMSE, √(Σ w·(p − t)² / Σ w), of predictions clamped to `range`. */
export function weightedRmse(
  pred: Float32Array,
  truth: Float32Array,
  w: Float32Array,
  range: [number, number],
): number {
  let se = 0;
  let sw = 0;
  for (let k = 0; k < pred.length; k++) {
    const p = Math.min(range[1], Math.max(range[0], pred[k]));
    se += w[k] * (p - truth[k]) ** 2;
    sw += w[k];
  }
  return Math.sqrt(se / Math.max(sw, 1e-12));
}

/** Mean-aggregation matrices of the full message-passing graph, one per edge key. */
export function fullAdjacency(g: HeteroGraph): Map<string, SparseMatrix> {
  const adj = new Map<string, SparseMatrix>();
  for (const e of g.edgeStores()) adj.set(edgeKey(e.type), new SparseMatrix(rowNormalise(e.inCsr)));
  return adj;
}

/** Predicted ratings (unclamped) of pairs, encoding the full graph once without gradients. */
export function predictPairs(
  ctx: SageTrainContext,
  adj: Map<string, SparseMatrix>,
  user: Int32Array,
  item: Int32Array,
): Float32Array {
  return noGrad(() =>
    tidy(() => {
      const z = ctx.net.encode(ctx.itemX, {
        users: null,
        items: null,
        layers: fullLayerInput(adj, ctx.net.sizes.layers),
      });
      return ctx.net.decode(z.get('user') as Tensor, z.get('item') as Tensor, user, item).toArray();
    }),
  );
}

/** Unique ids in first-seen order plus each input's position among them. */
function localise(ids: Int32Array): { unique: Int32Array; local: Int32Array } {
  const pos = new Map<number, number>();
  const local = new Int32Array(ids.length);
  for (let k = 0; k < ids.length; k++) {
    let p = pos.get(ids[k]);
    if (p === undefined) pos.set(ids[k], (p = pos.size));
    local[k] = p;
  }
  return { unique: Int32Array.from(pos.keys()), local };
}

/**
 * Trains with Adam on (weighted) MSE: full-batch like the notebooks, or neighbour-sampled mini-batches
 * (GraphSAGE Alg. 2), until `epochs` or until `onEpoch` answers 'stop'. Selecting and restoring the best epoch is
 * the caller's (`trainWithEarlyStopping`); with the weighted loss each report carries the class-weighted val RMSE.
 */
export function trainSage(ctx: SageTrainContext, cfg: SageConfig, o: SageTrainOptions): SageTrainResult {
  const { net, train } = ctx;
  const params = net.parameters();
  const opt = new Adam(params, { lr: cfg.lr, weightDecay: cfg.weightDecay });
  const adj = fullAdjacency(ctx.graph);
  const full = fullLayerInput(adj, cfg.layers);
  const weights = cfg.loss === 'weighted' ? ratingClassWeights(train.rating) : null;
  const valWeights = weights && ctx.val ? classWeightsFor(train.rating, ctx.val.rating) : null;
  const curve: EpochReport[] = [];
  let epoch: number;
  const n = train.user.length;
  const lossOf = (pred: Tensor, idx: Int32Array | null): Tensor => {
    const target = idx ? Float32Array.from(idx, (k) => train.rating[k]) : train.rating;
    if (!weights) return mseLoss(pred, target);
    return weightedMseLoss(pred, target, idx ? Float32Array.from(idx, (k) => weights[k]) : weights);
  };
  for (epoch = 1; epoch <= o.epochs; epoch++) {
    const t0 = performance.now();
    let lossSum = 0;
    let lossCount = 0;
    if (cfg.batchSize <= 0) {
      opt.zeroGrad();
      lossSum = tidy(() => {
        const z = net.encode(ctx.itemX, { users: null, items: null, layers: full });
        const loss = lossOf(
          net.decode(z.get('user') as Tensor, z.get('item') as Tensor, train.user, train.item),
          null,
        );
        backward(loss);
        return loss.item();
      });
      lossCount = 1;
      opt.step();
    } else {
      const order = o.rng.shuffle(Int32Array.from({ length: n }, (_, k) => k));
      for (let s = 0; s < n; s += cfg.batchSize) {
        const idx = order.subarray(s, Math.min(n, s + cfg.batchSize));
        const u = localise(Int32Array.from(idx, (k) => train.user[k]));
        const i = localise(Int32Array.from(idx, (k) => train.item[k]));
        const blocks = sampleBlocks(
          ctx.graph,
          new Map([
            ['user', u.unique],
            ['item', i.unique],
          ]),
          cfg.fanouts,
          o.rng,
        );
        const layers: HeteroLayerInput[] = blocks.map((b) => ({
          dstCount: new Map([...b.dst].map(([t, ids]) => [t, ids.length])),
          adj: new Map([...b.adj].map(([k, c]) => [k, new SparseMatrix(c)])),
        }));
        opt.zeroGrad();
        lossSum +=
          tidy(() => {
            const z = net.encode(ctx.itemX, {
              users: blocks[0].src.get('user') ?? null,
              items: blocks[0].src.get('item') ?? null,
              layers,
            });
            const loss = lossOf(
              net.decode(z.get('user') as Tensor, z.get('item') as Tensor, u.local, i.local),
              idx,
            );
            backward(loss);
            return loss.item();
          }) * idx.length;
        lossCount += idx.length;
        opt.step();
      }
    }
    const report: EpochReport = {
      epoch,
      loss: lossSum / lossCount,
      seconds: (performance.now() - t0) / 1000,
    };
    if (valWeights && ctx.val && ctx.val.user.length > 0) {
      // The weighted loss optimises class-weighted error, so that is what selects its best epoch (the model's
      // `selectMetric`): plain val RMSE would keep epoch 1, where every prediction is the global mean.
      const pred = predictPairs(ctx, adj, ctx.val.user, ctx.val.item);
      report.val = { weighted_rmse: weightedRmse(pred, ctx.val.rating, valWeights, ctx.range) };
    }
    curve.push(report);
    if (o.onEpoch?.(report) === 'stop') break;
  }
  return { curve, epochs: Math.min(epoch, o.epochs) };
}
