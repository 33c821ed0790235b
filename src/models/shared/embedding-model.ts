import { join } from 'node:path';
import type { Csr } from '../../tensor/csr.ts';
import { interactionCsr } from '../../graph/bipartite.ts';
import { readManifest, writeManifest, type Manifest } from '../io/manifest.ts';
import { loadSafetensors, saveSafetensors, type StoredTensor } from '../io/safetensors.ts';
import type {
  FitOptions,
  FitReport,
  Recommender,
  RecommendOptions,
  TopK,
  TrainData,
} from '../recommender.ts';
import { cosineSimilarItems } from './cosine-similar.ts';
import { topKRow } from './topk.ts';
import { rankByDot } from './dot-rank.ts';
import { dot, scoreRows } from './score.ts';
import { getBackend } from '../../tensor/backend/registry.ts';
import { datasetInfo, type DatasetInfo } from './dataset-info.ts';
import { DenseProduct } from '../../tensor/linalg/gemm.ts';

/** Batch size from which `recommend` ranks through `rankUsers` (below it, per-user JS scoring costs less than topkDot's setup). */
const BATCH_RANK_MIN = 256;

/**
 * Shared machinery of models that score by a dot product of final user and item embeddings
 * (LightGCN, MF-BPR, DSKReG): blocked scoring, filtered top-K, item similarity, fold-in and the model folder format.
 */
export abstract class EmbeddingRecommender implements Recommender {
  abstract readonly kind: string;
  /** Final user embeddings, `numUsers × dim`. */
  userEmb: Float32Array;
  /** Final item embeddings, `numItems × dim`. */
  itemEmb: Float32Array;
  /** Training interactions per user (filtered out of recommendations). */
  seen: Csr;
  /** Seed of the last fit (recorded in the manifest). */
  seed = 0;
  /** Dataset description recorded in the manifest. */
  info: DatasetInfo;
  /**
   * Eᵀ packed for the backend's gemm, built on the first fold-in of a restored model.
   *
   * Why only then: training rewrites the item embeddings in place, while a model restored from a folder is read-only
   * until its next `fit` (which drops the packing); a served model folds in every new user against the same matrix.
   */
  private packedItems: DenseProduct | null = null;
  /** Set by `restore`, cleared by `fit`: whether the item embeddings are the folder's, unchanged. */
  private restored = false;

  /** A zero-initialised model of the given sizes. */
  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    readonly dim: number,
  ) {
    this.userEmb = new Float32Array(numUsers * dim);
    this.itemEmb = new Float32Array(numItems * dim);
    this.seen = interactionCsr(numUsers, numItems, new Int32Array(0), new Int32Array(0));
    this.info = datasetInfo(undefined, numUsers, numItems);
  }

  /** Model configuration as written to the manifest. */
  abstract config(): Record<string, unknown>;

  /** Trains the model. */
  abstract fit(data: TrainData, opts: FitOptions): Promise<FitReport>;

  /** Records what every fit records: seen items, seed, dataset info. */
  protected beginFit(data: TrainData, opts: FitOptions): void {
    this.restored = false;
    this.packedItems?.close();
    this.packedItems = null;
    this.seen = interactionCsr(this.numUsers, this.numItems, data.train.user, data.train.item);
    this.seed = opts.seed;
    this.info = datasetInfo(data.dataset, this.numUsers, this.numItems, data.train.user.length);
  }

  /** Row-major `users.length × numItems` dot-product scores. */
  scoreUsers(users: Int32Array): Float32Array {
    const out = new Float32Array(users.length * this.numItems);
    const be = getBackend();
    if (!be.accelerated) {
      scoreRows(this.userEmb, users, this.itemEmb, this.numItems, this.dim, out);
      return out;
    }
    // A backend gemm (wasm SIMD, threaded) on the gathered user rows: scores = U_b · Eᵀ.
    const d = this.dim;
    const q = new Float32Array(users.length * d);
    for (let r = 0; r < users.length; r++)
      q.set(this.userEmb.subarray(users[r] * d, users[r] * d + d), r * d);
    be.gemm(users.length, this.numItems, d, q, false, this.itemEmb, true, out, 1, 0);
    return out;
  }

  /** Exact top-`k` per user with `exclude` removed, by the backend's `topkDot` (no users × items score matrix). */
  rankUsers(
    users: Int32Array,
    k: number,
    exclude: readonly Csr[],
  ): { items: Int32Array; scores: Float32Array } {
    return rankByDot(this.userEmb, this.itemEmb, this.numItems, this.dim, users, k, exclude);
  }

  /** out[o + i] = v · itemEmb[i] for every item (v at `src[off ..]`). */
  protected scoreVector(src: Float32Array, off: number, out: Float32Array, o: number): void {
    const d = this.dim;
    for (let i = 0; i < this.numItems; i++) out[o + i] = dot(src, off, this.itemEmb, i * d, d);
  }

  /** Top-K per user with seen items, `exclude` lists and `candidates` applied. */
  recommend(users: Int32Array, opts: RecommendOptions): TopK {
    const { k } = opts;
    const n = this.numItems;
    // Many users, whole catalogue: the backend's topkDot ranks them without a users × items score matrix.
    if (
      users.length >= BATCH_RANK_MIN &&
      opts.candidates === undefined &&
      opts.exclude === undefined &&
      getBackend().accelerated
    ) {
      for (const u of users)
        if (u < 0 || u >= this.numUsers)
          throw new RangeError(`user ${u} out of range 0..${this.numUsers - 1}`);
      const r = this.rankUsers(users, k, opts.filterSeen === false ? [] : [this.seen]);
      return { k, items: r.items, scores: r.scores };
    }
    const items = new Int32Array(users.length * k);
    const scores = new Float32Array(users.length * k);
    const row = new Float32Array(n);
    for (let r = 0; r < users.length; r++) {
      const u = users[r];
      this.scoreVector(this.userEmb, u * this.dim, row, 0);
      if (opts.filterSeen !== false && u < this.seen.rows) {
        for (let p = this.seen.indptr[u]; p < this.seen.indptr[u + 1]; p++)
          row[this.seen.indices[p]] = -Infinity;
      }
      const ex = opts.exclude?.[r];
      if (ex) for (const i of ex) if (i >= 0 && i < n) row[i] = -Infinity;
      topKRow(row, 0, n, k, items, scores, r * k, opts.candidates);
    }
    return { k, items, scores };
  }

  /** Top-K items by cosine similarity of final item embeddings (the item itself excluded). */
  similarItems(items: Int32Array, k: number): TopK {
    const d = this.dim;
    return cosineSimilarItems(this.itemEmb, this.numItems, d, items, k, (q, row) =>
      this.scoreVector(this.itemEmb, q * d, row, 0),
    );
  }

  /**
   * Scores for a user unseen in training: their embedding is the rating-weighted mean of the rated items' final
   * embeddings (LightGCN's one-hop aggregation without retraining; a standard fold-in approximation).
   */
  foldIn(items: Int32Array, ratings: Float32Array): Float32Array {
    const d = this.dim;
    const v = new Float32Array(d);
    let wsum = 0;
    for (let r = 0; r < items.length; r++) {
      const w = ratings[r] ?? 1;
      wsum += Math.abs(w);
      for (let c = 0; c < d; c++) v[c] += w * this.itemEmb[items[r] * d + c];
    }
    if (wsum > 0) for (let c = 0; c < d; c++) v[c] /= wsum;
    const out = new Float32Array(this.numItems);
    const product = this.itemProduct();
    if (product) product.mulAdd(v, 1, out);
    else this.scoreVector(v, 0, out, 0);
    return out;
  }

  /** The packed Eᵀ (dim × items) of a restored model on an accelerated backend; null where scoring stays in JS. */
  private itemProduct(): DenseProduct | null {
    if (this.packedItems || !this.restored || !getBackend().accelerated) return this.packedItems;
    const d = this.dim;
    const n = this.numItems;
    const t = new Float32Array(d * n);
    for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) t[c * n + i] = this.itemEmb[i * d + c];
    this.packedItems = new DenseProduct(t, d, n);
    return this.packedItems;
  }

  /** Extra tensors a subclass stores (e.g. layer-0 embeddings). */
  protected extraTensors(): Record<string, StoredTensor> {
    return {};
  }

  /** Writes `manifest.json` + `tensors.safetensors`. */
  async save(dir: string): Promise<void> {
    const s = this.seen;
    await saveSafetensors(join(dir, 'tensors.safetensors'), {
      user_emb: { shape: [this.numUsers, this.dim], data: this.userEmb },
      item_emb: { shape: [this.numItems, this.dim], data: this.itemEmb },
      seen_indptr: { shape: [s.indptr.length], data: s.indptr },
      seen_indices: { shape: [s.indices.length], data: s.indices },
      ...this.extraTensors(),
    });
    const m: Omit<Manifest, 'version' | 'created'> = {
      kind: this.kind,
      config: this.config(),
      seed: this.seed,
      dataset: this.info.dataset,
      ids: this.info.ids,
      metrics: {},
    };
    await writeManifest(dir, m);
  }

  /** Restores the state written by `save` into this (freshly created) model. */
  protected restore(manifest: Manifest, t: Record<string, StoredTensor>): void {
    this.userEmb = t.user_emb.data as Float32Array;
    this.itemEmb = t.item_emb.data as Float32Array;
    const indptr = t.seen_indptr.data as Int32Array;
    this.seen = {
      rows: this.numUsers,
      cols: this.numItems,
      indptr,
      indices: t.seen_indices.data as Int32Array,
      values: null,
    };
    this.seed = manifest.seed;
    this.info = { dataset: manifest.dataset, ids: manifest.ids };
    this.restored = true;
  }
}

/** Reads a model folder of an `EmbeddingRecommender` kind. */
export async function readEmbeddingFolder(
  dir: string,
): Promise<{ manifest: Manifest; tensors: Record<string, StoredTensor> }> {
  const manifest = await readManifest(dir);
  const tensors = await loadSafetensors(join(dir, 'tensors.safetensors'));
  return { manifest, tensors };
}
