import { buildBipartite } from '../../graph/bipartite.ts';
import { normalizeBipartite } from '../../graph/normalize.ts';
import { Rng } from '../../util/rng.ts';
import { getBackend } from '../../tensor/backend/registry.ts';
import type { StoredTensor } from '../io/safetensors.ts';
import type { Manifest } from '../io/manifest.ts';
import type { FitOptions, FitReport, TrainData } from '../recommender.ts';
import { LgConv, type StackedRows } from '../layers/lgconv.ts';
import { fitBpr } from './bpr-fit.ts';
import { svdInitEmbeddings } from './svd-init.ts';
import { LIGHTGCN_DEFAULTS, type LightGcnConfig } from './config.ts';
import { EmbeddingRecommender, readEmbeddingFolder } from '../shared/embedding-model.ts';

export type { LightGcnConfig } from './config.ts';

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

  /** An untrained model; `cfg` is merged over the defaults as given (the registry's `resolveConfig` checks it first). */
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
    const tInit = performance.now();
    if (this.cfg.init === 'svd') {
      const input = { numUsers: U, numItems: I, train: data.train, dim: d, std: this.cfg.initStd };
      this.e0.set(svdInitEmbeddings(input, rng));
    } else for (let p = 0; p < this.e0.length; p++) this.e0[p] = rng.normal(0, this.cfg.initStd);
    const initSeconds = (performance.now() - tInit) / 1000;
    const graph = normalizeBipartite(buildBipartite(U, I, data.train.user, data.train.item));
    const conv = new LgConv(graph, this.cfg.layers, d);
    const final = getBackend().allocF32(this.e0.length);
    this.setFinal(final);
    // Batch-restricted propagation (last forward layer at the batch's rows, first backward layer pushed from them).
    const sparse = conv.useBackend && this.cfg.layers > 0;
    const report = await fitBpr(
      {
        numUsers: U,
        numItems: I,
        dim: d,
        e0: this.e0,
        final,
        propagate: (x, out) => conv.apply(x, out),
        ...(sparse && {
          propagateRows: (x: Float32Array, out: Float32Array, rows: StackedRows) =>
            conv.applyRows(x, out, rows),
          propagateFromRows: (x: Float32Array, out: Float32Array, rows: StackedRows) =>
            conv.applyFromRows(x, out, rows),
        }),
      },
      data.train,
      this.cfg,
      opts,
    );
    // The SVD is part of the training cost, so it counts in the reported seconds.
    return {
      ...report,
      seconds: report.seconds + initSeconds,
      extra: {
        ...report.extra,
        init_seconds: initSeconds,
        graph: { nodes: U + I, edges: graph.userItems.indices.length },
      },
    };
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
  static async loadInto<T extends LightGcn>(
    dir: string,
    make: (u: number, i: number, config: Record<string, unknown>) => T,
  ): Promise<T> {
    const { manifest, tensors } = await readEmbeddingFolder(dir);
    const model = make(manifest.ids.users.length, manifest.ids.items.length, manifest.config);
    model.restore(manifest, tensors);
    return model;
  }
}
