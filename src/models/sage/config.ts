import type { ItemFeatureConfig } from '../../data/features/item-features.ts';
import { ConfigError, parseConfig, schemaDefaults, type ConfigSchema } from '../schema.ts';

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
  /** Early-stopping patience (epochs without a better validation RMSE) as a rating-blend member; a run uses its own. */
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

/** Keys, defaults (the notebooks' settings plus early stopping) and ranges. */
export const SAGE_SCHEMA: ConfigSchema<SageConfig> = {
  hidden: {
    type: 'int',
    default: 32,
    min: 1,
    description: 'hidden width of the SAGE layers and the decoder',
  },
  userDim: { type: 'int', default: 32, min: 0, description: 'width of the learned user identity embedding' },
  itemDim: {
    type: 'int',
    default: 0,
    min: 0,
    description: 'width of a learned item identity embedding added to the features (0 = features only)',
  },
  layers: { type: 'int', default: 2, min: 1, description: 'SAGE layers' },
  lr: { type: 'number', default: 0.01, min: 0, minExclusive: true, description: 'Adam learning rate' },
  weightDecay: { type: 'number', default: 0, min: 0, description: 'L2 weight decay of Adam' },
  epochs: { type: 'int', default: 300, min: 1, description: 'maximum epochs (the run’s --epochs overrides)' },
  patience: {
    type: 'int',
    default: 30,
    min: 0,
    description:
      'as a rating-blend member: epochs without a better validation RMSE before stopping (0 = never); gnnrec train uses --patience (default: the protocol’s, 5)',
  },
  loss: {
    type: 'enum',
    values: ['mse', 'weighted'],
    default: 'mse',
    description: 'mse, or weighted by rating class (max count / count per rating value)',
  },
  batchSize: {
    type: 'int',
    default: 0,
    min: 0,
    description: '0 = full batch; else target edges per neighbour-sampled mini-batch',
  },
  fanouts: {
    type: 'int-list',
    default: [10, 10],
    min: 1,
    description: 'neighbours sampled per node and edge type at each layer (mini-batch only)',
  },
  features: {
    type: 'object',
    default: {},
    description: 'item feature encoders (genres, type, title encoder, numeric columns)',
  },
  featureCache: {
    type: 'string',
    default: '.cache/gnnrec/features',
    description: "feature cache folder ('' disables the cache)",
  },
};

/** The notebooks' settings plus early stopping. */
export const DEFAULT_SAGE_CONFIG: Readonly<SageConfig> = schemaDefaults(SAGE_SCHEMA);

/** Maps the CLI's shorthand keys onto hetero-sage's own: dim → hidden and userDim, batch → batchSize, l2 → weightDecay, textModel → features. */
export function sageShorthands(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { dim, batch, l2, textModel, ...rest } = raw;
  const out: Record<string, unknown> = { ...rest };
  if (dim !== undefined) {
    out.hidden ??= dim;
    out.userDim ??= dim;
  }
  if (batch !== undefined) out.batchSize ??= batch;
  if (l2 !== undefined) out.weightDecay ??= l2;
  if (textModel !== undefined) {
    if (typeof textModel !== 'string')
      throw new ConfigError(
        'hetero-sage',
        'textModel',
        `must be a folder path, got ${JSON.stringify(textModel)}`,
      );
    const features =
      out.features !== null && typeof out.features === 'object'
        ? (out.features as Record<string, unknown>)
        : {};
    out.features = { ...features, textModel };
  }
  return out;
}

/** Checks that need several keys: a mini-batch run needs one fanout per layer. */
export function checkSageConfig(c: Readonly<Record<string, unknown>>): void {
  const cfg = c as unknown as SageConfig;
  if (cfg.batchSize > 0 && cfg.fanouts.length !== cfg.layers)
    throw new ConfigError(
      'hetero-sage',
      'fanouts',
      `must list one fanout per layer (${cfg.layers}), got ${cfg.fanouts.length}`,
    );
}

/** Fills defaults and checks a config coming from the CLI, an API caller or a manifest (bad values throw `ConfigError`). */
export function resolveSageConfig(raw: Readonly<Record<string, unknown>>): SageConfig {
  const c = parseConfig('hetero-sage', SAGE_SCHEMA, sageShorthands(raw));
  checkSageConfig(c as unknown as Record<string, unknown>);
  return c;
}
