import type { KgSource } from '../../graph/kg.ts';
import { ConfigError, parseConfig, schemaDefaults, type ConfigSchema } from '../schema.ts';

/** DSKReG hyper-parameters. */
export interface DskregConfig {
  /**
   * Collaborative channel: `lightgcn` (default) = unsampled symmetric-normalised user–item propagation with the sampled
   * KG aggregation added to items' layer-0 rows (`CollabKgNet`); `sampled` = the paper's single relational GNN over the
   * joint graph with Gumbel top-K sampling on every edge (`JointDskregNet`).
   */
  collab: string;
  /** Embedding size d of users, items, entities and relations. */
  dim: number;
  /** Propagation (lightgcn) or aggregation (sampled) layers L. */
  layers: number;
  /** Neighbours K kept per node by the Gumbel top-k sampler. */
  k: number;
  lr: number;
  /** L2 weight λ on the batch's layer-0 embeddings (λ·Σ‖e⁰‖²/batch). */
  l2: number;
  batch: number;
  epochs: number;
  /** Iterations per epoch; 0 = one pass over the training edges. */
  itersPerEpoch: number;
  /** Standard deviation of the normal init of node and relation embeddings. */
  initStd: number;
  /** Gumbel-softmax temperature of epoch 1, multiplied by `tauDecay` each epoch down to `tauMin`. */
  tau0: number;
  tauDecay: number;
  tauMin: number;
  /** Negative slope of the LeakyReLU in the aggregation. */
  slope: number;
  /** `sampled` only: L2-normalise each aggregated layer before concatenation (KGAT); false keeps raw layer outputs. */
  normalize: boolean;
  /** Item fields turned into knowledge-graph relations, comma separated (genre, type, tag, decade). */
  sources: string;
  /** Extra triples file (`head,relation,tail`), '' for none. */
  kg: string;
}

/**
 * Keys, ranges and defaults: the LightGCN channel with the seed001 protocol's shape (dim 64, 3 layers, batch 1024, 200
 * iterations per epoch, λ 1e-3/batch ≈ the protocol's 1e-6 per summed row) and Adam lr 5e-3 (chosen on ml-100k
 * validation NDCG@20 over lr 1e-3 and λ 1e-2; see notes/issue-8.md).
 */
export const DSKREG_SCHEMA: ConfigSchema<DskregConfig> = {
  collab: {
    type: 'enum',
    values: ['lightgcn', 'sampled'],
    default: 'lightgcn',
    description:
      'collaborative channel: unsampled LightGCN propagation plus sampled KG aggregation, or the paper’s sampled joint GNN',
  },
  dim: {
    type: 'int',
    default: 64,
    min: 1,
    description: 'embedding size of users, items, entities and relations',
  },
  layers: {
    type: 'int',
    default: 3,
    min: 0,
    description: 'propagation (lightgcn) or aggregation (sampled) layers',
  },
  k: {
    type: 'int',
    default: 16,
    min: 1,
    description: 'neighbours kept per node by the Gumbel top-K sampler',
  },
  lr: { type: 'number', default: 5e-3, min: 0, minExclusive: true, description: 'Adam learning rate' },
  l2: {
    type: 'number',
    default: 1e-3,
    min: 0,
    description: 'L2 weight λ on the batch’s layer-0 embeddings (λ·Σ‖e⁰‖²/batch)',
  },
  batch: { type: 'int', default: 1024, min: 1, description: 'BPR triples per step' },
  epochs: { type: 'int', default: 50, min: 1, description: 'epochs (the run’s --epochs overrides)' },
  itersPerEpoch: {
    type: 'int',
    default: 200,
    min: 0,
    description: 'steps per epoch; 0 = one pass over the training edges',
  },
  initStd: {
    type: 'number',
    default: 0.1,
    min: 0,
    description: 'standard deviation of the normal init of node and relation embeddings',
  },
  tau0: {
    type: 'number',
    default: 1,
    min: 0,
    minExclusive: true,
    description: 'Gumbel-softmax temperature of epoch 1',
  },
  tauDecay: {
    type: 'number',
    default: 0.9,
    min: 0,
    max: 1,
    minExclusive: true,
    description: 'temperature factor per epoch',
  },
  tauMin: { type: 'number', default: 0.2, min: 0, minExclusive: true, description: 'lowest temperature' },
  slope: {
    type: 'number',
    default: 0.2,
    min: 0,
    description: 'negative slope of the LeakyReLU in the aggregation',
  },
  normalize: {
    type: 'boolean',
    default: true,
    description: 'sampled only: L2-normalise each aggregated layer before concatenation (KGAT)',
  },
  sources: {
    type: 'string',
    default: 'genre,type,tag,decade',
    description: 'item fields turned into KG relations, comma separated (genre, type, tag, decade)',
  },
  kg: { type: 'string', default: '', description: "extra triples file (head,relation,tail); '' for none" },
};

/** Default configuration. */
export const DSKREG_DEFAULTS: Readonly<DskregConfig> = schemaDefaults(DSKREG_SCHEMA);

const SOURCES: readonly KgSource[] = ['genre', 'type', 'tag', 'decade'];

/** The `sources` option as a checked list. */
export function kgSources(cfg: DskregConfig): KgSource[] {
  const out = cfg.sources
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const s of out)
    if (!(SOURCES as readonly string[]).includes(s))
      throw new RangeError(`dskreg: unknown kg source '${s}' (use ${SOURCES.join(', ')})`);
  return out as KgSource[];
}

/** DSKReG's config from loosely typed input (CLI flags, JSON, manifests), defaults filled in; bad keys throw `ConfigError`. */
export function parseDskregConfig(raw: Readonly<Record<string, unknown>>): DskregConfig {
  const c = parseConfig('dskreg', DSKREG_SCHEMA, raw);
  checkDskregConfig(c as unknown as Record<string, unknown>);
  return c;
}

/** The `sources` list names known item fields only. */
export function checkDskregConfig(c: Readonly<Record<string, unknown>>): void {
  for (const s of String(c.sources)
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '')) {
    if (!(SOURCES as readonly string[]).includes(s))
      throw new ConfigError(
        'dskreg',
        'sources',
        `names unknown item field '${s}' (use ${SOURCES.join(', ')})`,
      );
  }
}

/** The `collab` option, checked. */
export function collabMode(cfg: DskregConfig): 'lightgcn' | 'sampled' {
  if (cfg.collab !== 'lightgcn' && cfg.collab !== 'sampled')
    throw new RangeError(`dskreg: unknown collab '${cfg.collab}' (use lightgcn, sampled)`);
  return cfg.collab;
}

/** Width of the final user/item embeddings: d (lightgcn) or d·(L+1) (sampled, layers concatenated). */
export function outputDim(cfg: DskregConfig): number {
  return collabMode(cfg) === 'lightgcn' ? cfg.dim : cfg.dim * (cfg.layers + 1);
}

/** Temperature of a (1-based) epoch. */
export function temperature(cfg: DskregConfig, epoch: number): number {
  return Math.max(cfg.tauMin, cfg.tau0 * Math.pow(cfg.tauDecay, epoch - 1));
}
