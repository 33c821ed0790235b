import { parseConfig, schemaDefaults, type ConfigSchema } from '../schema.ts';
import type { BprConfig } from './bpr-fit.ts';

/** LightGCN hyper-parameters (defaults: the `lightgcn` protocol's dim 64, 3 layers, λ 1e-4, lr 1e-3, batch 2048). */
export interface LightGcnConfig extends BprConfig {
  dim: number;
  layers: number;
  /** Standard deviation of the normal init of layer-0 embeddings (0.1 as the notebook); the svd init's RMS. */
  initStd: number;
  /** Layer-0 init: `normal` N(0, initStd²), or `svd` (the normalised graph's top singular vectors, `svdInitEmbeddings`). */
  init: 'normal' | 'svd';
}

/** The BPR training keys LightGCN and MF-BPR share (everything but `layers`). */
export const BPR_SCHEMA: ConfigSchema<Omit<LightGcnConfig, 'layers'>> = {
  dim: { type: 'int', default: 64, min: 1, description: 'embedding size of users and items' },
  lr: { type: 'number', default: 1e-3, min: 0, minExclusive: true, description: 'Adam learning rate' },
  l2: { type: 'number', default: 1e-4, min: 0, description: 'L2 weight λ on the batch’s layer-0 embeddings' },
  l2Mode: {
    type: 'enum',
    values: ['sum', 'mean'],
    default: 'mean',
    description:
      'λ·Σ‖e⁰‖² over the batch (sum, the seed001 notebook) or divided by the batch size (mean, the LightGCN authors)',
  },
  batch: { type: 'int', default: 2048, min: 1, description: 'BPR triples per step' },
  epochs: { type: 'int', default: 400, min: 1, description: 'epochs (the run’s --epochs overrides)' },
  itersPerEpoch: {
    type: 'int',
    default: 0,
    min: 0,
    description: 'steps per epoch; 0 = one pass over the training edges',
  },
  sampling: {
    type: 'enum',
    values: ['edge', 'user'],
    default: 'user',
    description:
      'how triples are drawn: an edge uniformly (seed001) or a user, then one of their items (the LightGCN authors)',
  },
  lrDecay: {
    type: 'number',
    default: 1,
    min: 0,
    max: 1,
    minExclusive: true,
    description: 'factor applied to the learning rate after every epoch (1 = constant)',
  },
  lrDecayStart: { type: 'int', default: 0, min: 0, description: 'first epoch after which lrDecay applies' },
  initStd: {
    type: 'number',
    default: 0.1,
    min: 0,
    description:
      'standard deviation of the normal init (root-mean-square of the svd init) of layer-0 embeddings',
  },
  init: {
    type: 'enum',
    values: ['normal', 'svd'],
    default: 'normal',
    description:
      'layer-0 init: normal N(0, initStd²), or svd (top singular vectors of D^-½RD^-½, U√Σ and V√Σ scaled to initStd)',
  },
};

/** LightGCN's keys: the BPR keys plus the number of propagation layers. */
export const LIGHTGCN_SCHEMA: ConfigSchema<LightGcnConfig> = {
  ...BPR_SCHEMA,
  layers: {
    type: 'int',
    default: 3,
    min: 0,
    description: 'propagation layers K (final embedding = mean of layers 0..K)',
  },
};

/** Default LightGCN configuration. */
export const LIGHTGCN_DEFAULTS: Readonly<LightGcnConfig> = schemaDefaults(LIGHTGCN_SCHEMA);

/** LightGCN's config from loosely typed input (CLI, JSON, manifests), defaults filled in; bad keys throw `ConfigError`. */
export function parseLightGcnConfig(raw: Readonly<Record<string, unknown>>): LightGcnConfig {
  return parseConfig('lightgcn', LIGHTGCN_SCHEMA, raw);
}
