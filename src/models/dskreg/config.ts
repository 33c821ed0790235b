import type { KgSource } from '../../graph/kg.ts';

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
 * Defaults: the LightGCN channel with the seed001 protocol's shape (dim 64, 3 layers, batch 1024, 200 iterations per
 * epoch, λ 1e-3/batch ≈ the protocol's 1e-6 per summed row) and Adam lr 5e-3 (chosen on ml-100k validation NDCG@20 over
 * lr 1e-3 and λ 1e-2; see notes/issue-8.md).
 */
export const DSKREG_DEFAULTS: DskregConfig = {
  collab: 'lightgcn',
  dim: 64,
  layers: 3,
  k: 16,
  lr: 5e-3,
  l2: 1e-3,
  batch: 1024,
  epochs: 50,
  itersPerEpoch: 200,
  initStd: 0.1,
  tau0: 1,
  tauDecay: 0.9,
  tauMin: 0.2,
  slope: 0.2,
  normalize: true,
  sources: 'genre,type,tag,decade',
  kg: '',
};

const SOURCES: readonly KgSource[] = ['genre', 'type', 'tag', 'decade'];

/** The `sources` option as a checked list. */
export function kgSources(cfg: DskregConfig): KgSource[] {
  const out = cfg.sources.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const s of out) if (!(SOURCES as readonly string[]).includes(s)) throw new RangeError(`dskreg: unknown kg source '${s}' (use ${SOURCES.join(', ')})`);
  return out as KgSource[];
}

/** Picks known DSKReG options from loosely typed input (CLI flags, manifests); unknown keys are errors. */
export function parseDskregConfig(raw: Record<string, unknown>): Partial<DskregConfig> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    if (!(key in DSKREG_DEFAULTS)) throw new RangeError(`unknown dskreg option '${key}'`);
    if (typeof v !== typeof DSKREG_DEFAULTS[key as keyof DskregConfig]) throw new RangeError(`dskreg option '${key}' must be a ${typeof DSKREG_DEFAULTS[key as keyof DskregConfig]}`);
    out[key] = v;
  }
  return out as Partial<DskregConfig>;
}

/** The `collab` option, checked. */
export function collabMode(cfg: DskregConfig): 'lightgcn' | 'sampled' {
  if (cfg.collab !== 'lightgcn' && cfg.collab !== 'sampled') throw new RangeError(`dskreg: unknown collab '${cfg.collab}' (use lightgcn, sampled)`);
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
