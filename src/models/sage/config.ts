import type { ItemFeatureConfig } from '../../data/features/item-features.ts';
import { UsageError } from '../../util/errors.ts';

/** Hyper-parameters of the hetero GraphSAGE rating model (defaults follow the notebooks). */
export interface SageConfig {
  /** Hidden width of the SAGE layers and the decoder (notebooks: 32). */
  hidden: number;
  /** Width of the learned user identity embedding. */
  userDim: number;
  /** Width of a learned item identity embedding added to the item features (0 = features only, as the notebooks). */
  itemDim: number;
  /** SAGE layers (notebooks: 2). */
  layers: number;
  /** Adam learning rate (notebooks: 0.01). */
  lr: number;
  /** L2 weight decay of Adam. */
  weightDecay: number;
  /** Maximum epochs (notebooks: 300). */
  epochs: number;
  /** Early-stopping patience in epochs without a better validation RMSE. */
  patience: number;
  /** `mse`, or `weighted` (class weights max count / count per rating value, the ArangoDB notebook). */
  loss: 'mse' | 'weighted';
  /** 0 = full-batch (notebooks); otherwise the number of target edges per neighbour-sampled mini-batch. */
  batchSize: number;
  /** Neighbours sampled per node and edge type at each layer, input layer first (mini-batch only). */
  fanouts: number[];
  /** Item feature encoders. */
  features: Partial<ItemFeatureConfig>;
  /** Feature cache folder (`''` disables the cache). */
  featureCache: string;
}

/** The notebooks' settings plus early stopping. */
export const DEFAULT_SAGE_CONFIG: SageConfig = {
  hidden: 32,
  userDim: 32,
  itemDim: 0,
  layers: 2,
  lr: 0.01,
  weightDecay: 0,
  epochs: 300,
  patience: 30,
  loss: 'mse',
  batchSize: 0,
  fanouts: [10, 10],
  features: {},
  featureCache: '.cache/gnnrec/features',
};

/** Fills defaults and checks types of a config coming from the CLI or a manifest. */
export function resolveSageConfig(raw: Record<string, unknown>): SageConfig {
  const c: SageConfig = { ...DEFAULT_SAGE_CONFIG, features: { ...DEFAULT_SAGE_CONFIG.features } };
  // `gnnrec train` flags: --dim (hidden and user embedding width), --batch, --l2.
  raw = { ...raw };
  if (raw.dim !== undefined) {
    raw.hidden ??= raw.dim;
    raw.userDim ??= raw.dim;
  }
  if (raw.batch !== undefined) raw.batchSize ??= raw.batch;
  if (raw.l2 !== undefined) raw.weightDecay ??= raw.l2;
  const nums = ['hidden', 'userDim', 'itemDim', 'layers', 'lr', 'weightDecay', 'epochs', 'patience', 'batchSize'] as const;
  for (const k of nums) {
    const v = raw[k];
    if (v === undefined) continue;
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new UsageError(`hetero-sage: config '${k}' must be a non-negative number, got ${String(v)}`);
    c[k] = n;
  }
  if (raw.loss !== undefined) {
    if (raw.loss !== 'mse' && raw.loss !== 'weighted') throw new UsageError(`hetero-sage: config 'loss' must be mse or weighted, got ${String(raw.loss)}`);
    c.loss = raw.loss;
  }
  if (raw.fanouts !== undefined) {
    const f = typeof raw.fanouts === 'string' ? raw.fanouts.split(',').map(Number) : raw.fanouts;
    if (!Array.isArray(f) || f.some((x) => typeof x !== 'number' || !Number.isInteger(x))) throw new UsageError("hetero-sage: config 'fanouts' must be integers");
    c.fanouts = f as number[];
  }
  if (raw.features !== undefined && typeof raw.features === 'object' && raw.features !== null) c.features = { ...(raw.features as Partial<ItemFeatureConfig>) };
  if (typeof raw.textModel === 'string') c.features.textModel = raw.textModel;
  if (typeof raw.featureCache === 'string') c.featureCache = raw.featureCache;
  if (c.layers < 1) throw new UsageError('hetero-sage: layers must be ≥ 1');
  if (c.batchSize > 0 && c.fanouts.length !== c.layers) throw new UsageError(`hetero-sage: ${c.layers} layers need ${c.layers} fanouts, got ${c.fanouts.length}`);
  return c;
}
