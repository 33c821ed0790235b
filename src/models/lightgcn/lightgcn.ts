import { buildBipartite } from '../../graph/bipartite.ts';
import { normalizeBipartite } from '../../graph/normalize.ts';
import { Rng } from '../../util/rng.ts';
import { getBackend } from '../../tensor/backend/registry.ts';
import type { StoredTensor } from '../io/safetensors.ts';
import type { Manifest } from '../io/manifest.ts';
import type { FitOptions, FitReport, TrainData } from '../recommender.ts';
import type { ModelFactory } from '../registry.ts';
import { LgConv, type StackedRows } from '../layers/lgconv.ts';
import { fitBpr, type BprConfig } from './bpr-fit.ts';
import { EmbeddingRecommender, readEmbeddingFolder } from './embedding-model.ts';

/** LightGCN hyper-parameters (defaults: the `lightgcn` protocol's dim 64, 3 layers, λ 1e-4, lr 1e-3, batch 2048). */
export interface LightGcnConfig extends BprConfig {
  dim: number;
  layers: number;
  /** Standard deviation of the normal init of layer-0 embeddings (0.1 as the notebook). */
  initStd: number;
}

/** Default LightGCN configuration. */
export const LIGHTGCN_DEFAULTS: LightGcnConfig = {
  dim: 64,
  layers: 3,
  lr: 1e-3,
  l2: 1e-4,
  l2Mode: 'mean',
  batch: 2048,
  epochs: 400,
  itersPerEpoch: 0,
  sampling: 'user',
  lrDecay: 1,
  lrDecayStart: 0,
  initStd: 0.1,
};

/**
 * LightGCN (He et al., SIGIR 2020): the only parameters are layer-0 user and item embeddings E⁰
 * ((numUsers + numItems) × dim); E = 1/(K+1) Σ_k Â^k E⁰ with Â = D^-½ A D^-½ over the training positives
 * (no self loops); score(u, i) = e_u · e_i. Trained with BPR + Adam (see `fitBpr`). With K = 0 it is MF-BPR.
 */
export class LightGcn extends EmbeddingRecommender {
  readonly kind: string = 'lightgcn';
  /** Effective configuration. */
  readonly cfg: LightGcnConfig;
  /** Layer-0 embeddings, stacked users then items (kept for further training and explanations). */
  e0: Float32Array;

  /** An untrained model; unknown config keys are rejected by `parseConfig`. */
  constructor(numUsers: number, numItems: number, cfg: Partial<LightGcnConfig> = {}) {
    const full = { ...LIGHTGCN_DEFAULTS, ...cfg };
    super(numUsers, numItems, full.dim);
    this.cfg = full;
    this.e0 = new Float32Array((numUsers + numItems) * full.dim);
  }

  /** Configuration as stored in the manifest. */
  config(): Record<string, unknown> {
    return { ...this.cfg };
  }

  /** Trains on `data.train` (positives) with BPR; final embeddings are left in `userEmb/itemEmb`. */
  async fit(data: TrainData, opts: FitOptions): Promise<FitReport> {
    this.beginFit(data, opts);
    const { numUsers: U, numItems: I } = this;
    const d = this.dim;
    const rng = new Rng(opts.seed);
    this.e0 = getBackend().allocF32(this.e0.length);
    for (let p = 0; p < this.e0.length; p++) this.e0[p] = rng.normal(0, this.cfg.initStd);
    const graph = normalizeBipartite(buildBipartite(U, I, data.train.user, data.train.item));
    const conv = new LgConv(graph, this.cfg.layers, d);
    const final = getBackend().allocF32(this.e0.length);
    this.setFinal(final);
    // Batch-restricted propagation (last forward layer at the batch's rows, first backward layer pushed from them).
    const sparse = conv.useBackend && this.cfg.layers > 0;
    const report = await fitBpr(
      {
        numUsers: U, numItems: I, dim: d, e0: this.e0, final,
        propagate: (x, out) => conv.apply(x, out),
        ...(sparse && {
          propagateRows: (x: Float32Array, out: Float32Array, rows: StackedRows) => conv.applyRows(x, out, rows),
          propagateFromRows: (x: Float32Array, out: Float32Array, rows: StackedRows) => conv.applyFromRows(x, out, rows),
        }),
      },
      data.train,
      this.cfg,
      opts,
    );
    return { ...report, extra: { ...report.extra, graph: { nodes: U + I, edges: graph.userItems.indices.length } } };
  }

  /** Points `userEmb/itemEmb` at the two halves of a stacked final-embedding buffer. */
  private setFinal(final: Float32Array): void {
    this.userEmb = final.subarray(0, this.numUsers * this.dim);
    this.itemEmb = final.subarray(this.numUsers * this.dim);
  }

  /** A copy of the trainable state (for best-checkpoint restore). */
  checkpoint(): Float32Array[] {
    return [this.e0.slice(), this.userEmb.slice(), this.itemEmb.slice()];
  }

  /** Restores a `checkpoint()` copy in place. */
  restoreCheckpoint(c: Float32Array[]): void {
    this.e0.set(c[0]);
    this.userEmb.set(c[1]);
    this.itemEmb.set(c[2]);
  }

  protected override extraTensors(): Record<string, StoredTensor> {
    return { emb0: { shape: [this.numUsers + this.numItems, this.dim], data: this.e0 } };
  }

  protected override restore(m: Manifest, t: Record<string, StoredTensor>): void {
    super.restore(m, t);
    if (t.emb0) this.e0 = t.emb0.data as Float32Array;
  }

  /** Loads a folder written by `save` (any subclass kind). */
  static async loadInto<T extends LightGcn>(dir: string, make: (u: number, i: number, cfg: Partial<LightGcnConfig>) => T): Promise<T> {
    const { manifest, tensors } = await readEmbeddingFolder(dir);
    const model = make(manifest.ids.users.length, manifest.ids.items.length, manifest.config as Partial<LightGcnConfig>);
    model.restore(manifest, tensors);
    return model;
  }
}

/** Picks known LightGCN/MF-BPR config keys from loosely typed input (CLI flags, manifests). */
export function parseConfig(raw: Record<string, unknown>): Partial<LightGcnConfig> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    if (!(k in LIGHTGCN_DEFAULTS)) throw new RangeError(`unknown lightgcn option '${k}'`);
    if (k === 'sampling' && v !== 'edge' && v !== 'user') throw new RangeError(`lightgcn option sampling must be 'edge' or 'user' (got '${String(v)}')`);
    if (k === 'lrDecayStart' && !(Number.isInteger(v) && (v as number) >= 0)) throw new RangeError(`lightgcn option lrDecayStart must be a non-negative integer (got ${String(v)})`);
    if (k === 'lrDecay' && !(typeof v === 'number' && v > 0 && v <= 1)) throw new RangeError(`lightgcn option lrDecay must be in (0, 1] (got ${String(v)})`);
    out[k] = v;
  }
  return out as Partial<LightGcnConfig>;
}

/** Registry entry of LightGCN. */
export const lightGcnFactory: ModelFactory = {
  kind: 'lightgcn',
  task: 'ranking',
  description: 'LightGCN (He et al. 2020): linear propagation over the normalised user–item graph, BPR loss.',
  create: (config, s) => new LightGcn(s.numUsers, s.numItems, parseConfig(config)),
  load: (dir) => LightGcn.loadInto(dir, (u, i, c) => new LightGcn(u, i, c)),
};
